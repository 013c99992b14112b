// Reading the files code outside io/ treats as optional: the daemon's configuration, its env file,
// its pid file and the installed files its version comes from. Taken as a FileReader, so a test
// can hand a monitor the files of a captured install instead of the host's.
import { readFile, readdir } from 'node:fs/promises';

/** Reads a file the caller treats as optional: null when it is missing or unreadable. */
export type TextReader = (path: string) => Promise<string | null>;

export const readTextOrNull: TextReader = (path) => readFile(path, 'utf8').catch(() => null);

export interface FileReader {
  /** A whole text file; null when it is missing or unreadable. */
  text: TextReader;
  /** The names in a folder; empty when it is missing or unreadable. */
  list(path: string): Promise<string[]>;
}

/** This host's files. */
export const hostFiles: FileReader = {
  text: readTextOrNull,
  list: (path) => readdir(path).catch(() => []),
};
