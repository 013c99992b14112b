// Bytes of a log file → lines. UTF-8 is decoded across read boundaries (a character cut in two
// by a read is not two U+FFFD), and a line longer than the cap is one line: its first
// `maxChars` characters and a marker saying how much was cut, however many reads it spans.
import { StringDecoder } from 'node:string_decoder';
import { cutMarker } from '../../core/text/printable.js';

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private partial = '';
  /** Characters of the current line dropped past the cap. */
  private cut = 0;

  constructor(
    private readonly maxChars: number,
    private readonly onLines: (lines: string[]) => void,
  ) {}

  push(bytes: Buffer): void {
    const text = this.decoder.write(bytes);
    if (text === '') return;
    const parts = text.split('\n');
    const last = parts.pop()!;
    const lines: string[] = [];
    for (const part of parts) {
      lines.push(this.finish(part));
    }
    this.extend(last);
    if (lines.length > 0) this.onLines(lines);
  }

  /** The last line without its newline, from a file that is being left behind. */
  flush(): void {
    this.extend(this.decoder.end());
    this.decoder = new StringDecoder('utf8');
    if (this.partial === '' && this.cut === 0) return;
    this.onLines([this.finish('')]);
  }

  /** Forget the line in progress (it belonged to content that is gone). */
  reset(): void {
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
    this.cut = 0;
  }

  private extend(text: string): void {
    if (this.cut > 0) {
      this.cut += text.length;
      return;
    }
    this.partial += text;
    if (this.partial.length > this.maxChars) {
      this.cut = this.partial.length - this.maxChars;
      this.partial = this.partial.slice(0, this.maxChars);
    }
  }

  private finish(tail: string): string {
    this.extend(tail);
    let line = this.partial;
    if (this.cut === 0 && line.endsWith('\r')) line = line.slice(0, -1);
    if (this.cut > 0) line += cutMarker(this.cut);
    this.partial = '';
    this.cut = 0;
    return line;
  }
}
