// fast-check 4 builds its `unit: 'binary'` string arbitrary (all of Unicode) the first time a
// test file asks for one: 3.4-5 s of CPU, measured with lab daemons on the 2 cores, which alone
// exceeds vitest's 5 s test timeout. Built here, while a file is collected, so that each test
// is timed on its own runs only; later ones of any length cost nothing.
import fc from 'fast-check';

export const binaryStrings300 = fc.string({ unit: 'binary', maxLength: 300 });
export const binaryStrings400 = fc.string({ unit: 'binary', maxLength: 400 });
