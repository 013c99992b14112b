import { describe, expect, it } from 'vitest';
import { dumbTerminal, MARKER, rowMark, terminalColourLevel, themeFor } from '../../src/ui/theme.js';

const COLOUR_KEYS = ['accent', 'ok', 'warn', 'bad', 'dim'] as const;

describe('terminalColourLevel', () => {
  it('reads the depth a terminal announces; none on a dumb terminal', () => {
    expect(terminalColourLevel({ TERM: 'xterm-256color' })).toBe(2);
    expect(terminalColourLevel({ TERM: 'xterm-256color', COLORTERM: 'truecolor' })).toBe(3);
    expect(terminalColourLevel({ TERM: 'screen' })).toBe(1);
    expect(terminalColourLevel({ TERM: 'dumb' })).toBe(0);
  });

  it('keeps the basic level under NO_COLOR: level 0 would drop inverse video and bold too', () => {
    expect(terminalColourLevel({ TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(1);
  });
});

describe('themeFor', () => {
  it('has colours by default and none at all under NO_COLOR or on a dumb terminal', () => {
    expect(COLOUR_KEYS.every((k) => typeof themeFor({})[k] === 'string')).toBe(true);
    expect(COLOUR_KEYS.every((k) => themeFor({ NO_COLOR: '1' })[k] === undefined)).toBe(true);
    expect(COLOUR_KEYS.every((k) => themeFor({ TERM: 'dumb' })[k] === undefined)).toBe(true);
    expect(themeFor({ NO_COLOR: '' }).accent).toBeDefined();
  });

  it('marks the selection with a character where there is no colour', () => {
    expect(themeFor({}).marks).toBe(false);
    expect(themeFor({ NO_COLOR: '1' }).marks).toBe(true);
    expect(rowMark(themeFor({ NO_COLOR: '1' }), true)).toBe(`${MARKER} `);
    expect(rowMark(themeFor({ NO_COLOR: '1' }), false)).toBe('  ');
    expect(rowMark(themeFor({}), true)).toBe('');
  });
});

describe('dumbTerminal', () => {
  it('is TERM=dumb only', () => {
    expect(dumbTerminal({ TERM: 'dumb' })).toBe(true);
    expect(dumbTerminal({ TERM: 'xterm' })).toBe(false);
    expect(dumbTerminal({})).toBe(false);
  });
});
