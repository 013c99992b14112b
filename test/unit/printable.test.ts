// The one sanitiser for outside text: what reaches the terminal is inert and stays one line.
import { describe, expect, it } from 'vitest';
import { cutMarker, printable, printableBlock, printableLines } from '../../src/core/text/printable.js';

describe('printable', () => {
  it('makes an OSC title sequence and a CSI visible instead of passing them through', () => {
    expect(printable('a\x1b]0;pwned\x07b')).toBe('a^[]0;pwned^Gb');
    expect(printable('\x1b[2J\x1b[31mred')).toBe('^[[2J^[[31mred');
  });

  it('shows carriage returns, backspaces, NUL and DEL in caret notation, a tab as a space', () => {
    expect(printable('over\rwrite\b\x00\x7f\tend')).toBe('over^Mwrite^H^@^? end');
  });

  it('shows C1 controls, Unicode line separators and bidi overrides as escapes', () => {
    expect(printable('csi\x9b2Jnel\x85')).toBe('csi\\x9b2Jnel\\x85');
    expect(printable('a\u2028b\u202ecba')).toBe('a\\u2028b\\u202ecba');
  });

  it('keeps one line one line: a newline inside becomes ^J', () => {
    expect(printable('one\ntwo')).toBe('one^Jtwo');
  });

  it('leaves ordinary text alone, non-ASCII and emoji included (same string, no copy)', () => {
    const text = 'Established 127.0.0.2 ✅ 😀 é';
    expect(printable(text)).toBe(text);
  });

  it('a lone surrogate becomes U+FFFD; a pair is kept', () => {
    expect(printable('x\ud83dy')).toBe('x\ufffdy');
    expect(printable('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it('cuts a megabyte line for display, with a marker saying how much is left out', () => {
    const line = 'x'.repeat(1_000_000);
    const shown = printable(line, 100);
    expect(shown).toBe('x'.repeat(100) + cutMarker(999_900));
    expect(shown).toContain('[+999900 chars]');
  });

  it('never cuts a surrogate pair in half', () => {
    const shown = printable('ab\ud83d\ude00cd', 3);
    expect(shown.startsWith('ab…')).toBe(true);
  });
});

describe('printableLines and printableBlock', () => {
  it('an answer is split on its newlines (CRLF too), each line made printable', () => {
    expect(printableLines('neighbor \x1b]2;x\x07\r\ndone')).toEqual(['neighbor ^[]2;x^G', 'done']);
  });

  it('a whole output keeps its newlines and nothing else', () => {
    expect(printableBlock('# label \x1b[1m\nrow\r\n')).toBe('# label ^[[1m\nrow^M\n');
  });
});
