import { describe, expect, it } from 'vitest';
import { terminalColourLevel, themeFor } from '../../src/ui/theme.js';

describe('terminalColourLevel', () => {
  it('reads the depth a terminal announces, and none under NO_COLOR or a dumb terminal', () => {
    expect(terminalColourLevel({ TERM: 'xterm-256color' })).toBe(2);
    expect(terminalColourLevel({ TERM: 'xterm-256color', COLORTERM: 'truecolor' })).toBe(3);
    expect(terminalColourLevel({ TERM: 'screen' })).toBe(1);
    expect(terminalColourLevel({ TERM: 'dumb' })).toBe(0);
    expect(terminalColourLevel({ TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(0);
  });
});

describe('themeFor', () => {
  it('has colours by default and none at all under NO_COLOR', () => {
    expect(Object.values(themeFor({})).every((c) => typeof c === 'string')).toBe(true);
    expect(Object.values(themeFor({ NO_COLOR: '1' })).every((c) => c === undefined)).toBe(true);
    expect(themeFor({ NO_COLOR: '' }).accent).toBeDefined();
  });
});
