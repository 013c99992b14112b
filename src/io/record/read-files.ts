// Reads a recording from disk, its rotated files (FILE.N … FILE.1) first, oldest first, line by
// line through one RecordingReader, so deltas carry across the files of one recording.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { RecordingReader, type RecordedEvent, type RecordedSample, type RecordingHeader } from '../../core/record/format.js';

export async function withRotations(file: string): Promise<string[]> {
  const older: string[] = [];
  for (let i = 1; i <= 100; i++) {
    const path = `${file}.${i}`;
    if (!(await access(path).then(() => true, () => false))) break;
    older.unshift(path);
  }
  return [...older, file];
}

export type RecordedItem = RecordingHeader | RecordedSample | RecordedEvent;

/** Calls `visit` for every line that parses, in order; returns how many lines were skipped. */
export async function readRecordingFile(file: string, visit: (item: RecordedItem) => void): Promise<number> {
  const reader = new RecordingReader();
  for (const path of await withRotations(file)) {
    for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
      const item = reader.line(line);
      if (item !== null) visit(item);
    }
  }
  return reader.recording.skipped;
}
