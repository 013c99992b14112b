// Reading whole text files for code outside io/: the daemon's configuration and env file.
import { readFile } from 'node:fs/promises';

/** Reads a file the caller treats as optional: null when it is missing or unreadable. */
export type TextReader = (path: string) => Promise<string | null>;

export const readTextOrNull: TextReader = (path) => readFile(path, 'utf8').catch(() => null);
