import { describe, expect, it } from 'vitest';
import { pressFor, splitPresses } from '../../src/ui/keys.js';
import { actionFor, footerHints, helpSections, KEYMAP, scopesFor, type KeyPress, type Scope } from '../../src/ui/keymap.js';

// Key presses as Ink reports them: printable keys carry their character; Esc, Enter, the arrows,
// PgUp/PgDn and Backspace carry an empty input and a flag; Ctrl-<letter> carries the letter and ctrl.
const press = (input: string): KeyPress => ({ input });
const ESC: KeyPress = { input: '', escape: true };
const ENTER: KeyPress = { input: '', return: true };
const UP: KeyPress = { input: '', upArrow: true };
const DOWN: KeyPress = { input: '', downArrow: true };
const PGUP: KeyPress = { input: '', pageUp: true };
const PGDN: KeyPress = { input: '', pageDown: true };
const BACKSPACE: KeyPress = { input: '', backspace: true };
const DELETE: KeyPress = { input: '', delete: true };
const TAB: KeyPress = { input: '', tab: true };
const LEFT: KeyPress = { input: '', leftArrow: true };
const RIGHT: KeyPress = { input: '', rightArrow: true };
const ctrl = (letter: string): KeyPress => ({ input: letter, ctrl: true });

const PRINTABLE = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i));
const ALL_PRESSES: { name: string; key: KeyPress }[] = [
  ...PRINTABLE.map((c) => ({ name: JSON.stringify(c), key: press(c) })),
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => ({ name: `ctrl+${c}`, key: ctrl(c) })),
  { name: 'escape', key: ESC },
  { name: 'return', key: ENTER },
  { name: 'up', key: UP },
  { name: 'down', key: DOWN },
  { name: 'pageup', key: PGUP },
  { name: 'pagedown', key: PGDN },
  { name: 'backspace', key: BACKSPACE },
  { name: 'delete', key: DELETE },
  { name: 'tab', key: TAB },
  { name: 'left', key: LEFT },
  { name: 'right', key: RIGHT },
  { name: 'home', key: { input: '', home: true } },
  { name: 'end', key: { input: '', end: true } },
];

const MODES = ['picker', 'main', 'logs', 'compare', 'alerts', 'filter', 'help', 'overlay'] as const;
/** The scope sets the app really activates together, one per screen mode. */
const ACTIVE_SETS: Scope[][] = [...MODES.map((mode) => scopesFor(mode)), ...MODES.map((mode) => scopesFor(mode, true))];

/** How the help overlay's key names translate to key presses. */
function pressesNamed(keys: string): KeyPress[] {
  return keys.split(',').map((name) => name.trim()).map((name) => {
    switch (name) {
      case 'Esc': return ESC;
      case 'Enter': return ENTER;
      case 'Tab': return TAB;
      case '←': return LEFT;
      case '→': return RIGHT;
      case 'Space': return press(' ');
      case '↑': return UP;
      case '↓': return DOWN;
      case 'PgUp': return PGUP;
      case 'PgDn': return PGDN;
      case 'Backspace': return BACKSPACE;
      case 'Del': return DELETE;
      case 'Home': return { input: '', home: true };
      case 'End': return { input: '', end: true };
      default: {
        const ctrlMatch = /^Ctrl-([A-Z])$/.exec(name);
        if (ctrlMatch) return ctrl(ctrlMatch[1]!.toLowerCase());
        if ([...name].length !== 1) throw new Error(`unknown key name ${JSON.stringify(name)} in the keymap`);
        return press(name);
      }
    }
  });
}

describe('scopesFor', () => {
  it('adds the global keys to every screen but the filter prompt', () => {
    expect(scopesFor('main')).toEqual(['global', 'main']);
    expect(scopesFor('picker')).toEqual(['global', 'picker']);
    expect(scopesFor('overlay')).toEqual(['global', 'overlay']);
    expect(scopesFor('filter')).toEqual(['filter']);
  });
});

describe('actionFor', () => {
  it('maps the global keys', () => {
    expect(actionFor(press('q'), ['global'])).toBe('quit');
    expect(actionFor(ctrl('c'), ['global'])).toBe('quit');
    expect(actionFor(press('?'), ['global'])).toBe('help');
    expect(actionFor(ESC, ['global'])).toBe('close');
    expect(actionFor(press('p'), ['global'])).toBe('pause');
    expect(actionFor(press('+'), ['global'])).toBe('faster');
    expect(actionFor(press('='), ['global'])).toBe('faster');
    expect(actionFor(press('-'), ['global'])).toBe('slower');
    expect(actionFor(press('_'), ['global'])).toBe('slower');
    expect(actionFor(press('g'), ['global'])).toBe('style');
  });

  it('picker keys are inactive in the global scope', () => {
    for (const key of [UP, DOWN, ENTER, press('j'), press('k')]) expect(actionFor(key, ['global'])).toBeNull();
  });

  it('on the picker the arrows and Enter choose a daemon, and the global keys still work', () => {
    const scopes = scopesFor('picker');
    expect(actionFor(UP, scopes)).toBe('up');
    expect(actionFor(press('k'), scopes)).toBe('up');
    expect(actionFor(DOWN, scopes)).toBe('down');
    expect(actionFor(press('j'), scopes)).toBe('down');
    expect(actionFor(ENTER, scopes)).toBe('select');
    expect(actionFor(press('q'), scopes)).toBe('quit');
  });

  it('on the main screen the same arrows move the neighbor selection instead', () => {
    const scopes = scopesFor('main');
    expect(actionFor(UP, scopes)).toBe('row-up');
    expect(actionFor(press('k'), scopes)).toBe('row-up');
    expect(actionFor(DOWN, scopes)).toBe('row-down');
    expect(actionFor(PGUP, scopes)).toBe('page-up');
    expect(actionFor(PGDN, scopes)).toBe('page-down');
    expect(actionFor(ENTER, scopes)).toBe('details');
    expect(actionFor(press('/'), scopes)).toBe('filter');
    expect(actionFor(press('q'), scopes)).toBe('quit');
  });

  it('while typing a filter, letters are text (even q), but Ctrl-C still quits', () => {
    const scopes = scopesFor('filter');
    for (const c of PRINTABLE) expect(actionFor(press(c), scopes), JSON.stringify(c)).toBeNull();
    expect(actionFor(ctrl('c'), scopes)).toBe('quit');
    expect(actionFor(ENTER, scopes)).toBe('filter-accept');
    expect(actionFor(ESC, scopes)).toBe('filter-cancel');
    expect(actionFor(BACKSPACE, scopes)).toBe('filter-erase');
    expect(actionFor(DELETE, scopes)).toBe('filter-erase');
  });

  it('Ctrl turns a letter into a different key: ctrl+q, ctrl+p, ctrl+s, ctrl+k do nothing; plain z does nothing', () => {
    for (const scopes of ACTIVE_SETS) {
      for (const key of [ctrl('q'), ctrl('p'), ctrl('s'), ctrl('k'), press('z')]) expect(actionFor(key, scopes)).toBeNull();
    }
  });

  it('unbound keys and no scope give null', () => {
    for (const scopes of ACTIVE_SETS) {
      expect(actionFor(press('w'), scopes)).toBeNull();
      expect(actionFor(press('Q'), scopes)).toBeNull();
    }
    expect(actionFor(press('q'), [])).toBeNull();
  });
});

describe('KEYMAP', () => {
  it('every binding has non-empty keys and description', () => {
    expect(KEYMAP.length).toBeGreaterThan(0);
    for (const b of KEYMAP) {
      expect(b.keys.length, b.action).toBeGreaterThan(0);
      expect(b.label.trim(), b.action).not.toBe('');
      expect(b.description.trim(), b.action).not.toBe('');
    }
  });

  it('each action has exactly one binding', () => {
    const actions = KEYMAP.map((b) => b.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('every key named in the help text triggers its binding on every screen where its scope is active', () => {
    for (const b of KEYMAP) {
      const screens = ACTIVE_SETS.filter((set) => set.includes(b.scope));
      expect(screens.length, `${b.action} (${b.scope}) is never active`).toBeGreaterThan(0);
      // The help names the keys from the same data the matcher is made of: each name, read back
      // as the press a user makes, triggers the binding.
      expect(pressesNamed(b.label)).toEqual(b.keys.map(pressFor));
      for (const key of pressesNamed(b.label)) {
        expect(b.matches(key), `${b.action}: ${b.label}`).toBe(true);
        for (const scopes of screens) expect(actionFor(key, scopes), `${b.action}: ${b.label} in ${scopes.join('+')}`).toBe(b.action);
      }
    }
  });

  it('no two bindings active on the same screen match the same key press', () => {
    for (const scopes of ACTIVE_SETS) {
      const active = KEYMAP.filter((b) => scopes.includes(b.scope));
      for (const { name, key } of ALL_PRESSES) {
        const matching = active.filter((b) => b.matches(key)).map((b) => b.action);
        expect(matching.length, `${name} in ${scopes.join('+')} matches ${matching.join(', ')}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('every binding matches at least one key press a user can make', () => {
    for (const b of KEYMAP) expect(ALL_PRESSES.some(({ key }) => b.matches(key)), b.action).toBe(true);
  });
});

describe('footerHints', () => {
  it('global scope alone lists its footer bindings in order, each with its first key', () => {
    const hints = footerHints(['global']);
    expect(hints.map((h) => h.label)).toEqual(['quit', 'help', 'pause', 'faster', 'slower']);
    expect(hints.find((h) => h.label === 'quit')?.keys).toBe('q');
  });

  it('the picker adds no hint of its own; the main screen adds its own after the global ones', () => {
    expect(footerHints(scopesFor('picker'))).toEqual(footerHints(['global']));
    const main = footerHints(scopesFor('main')).map((h) => h.label);
    expect(main.slice(0, 5)).toEqual(['quit', 'help', 'pause', 'faster', 'slower']);
    expect(main).toContain('filter');
    expect(footerHints([])).toEqual([]);
  });

  it('each hinted key really performs the hinted action on that screen', () => {
    for (const scopes of ACTIVE_SETS) {
      for (const hint of footerHints(scopes)) {
        const binding = KEYMAP.find((b) => b.footer === hint.label && scopes.includes(b.scope))!;
        const [key] = pressesNamed(hint.keys);
        expect(actionFor(key!, scopes), `${hint.keys} → ${hint.label}`).toBe(binding.action);
      }
    }
  });
});

describe('helpSections', () => {
  const titles = (beneath: Parameters<typeof helpSections>[0], replaying: boolean) => helpSections(beneath, replaying).map((s) => s.title);

  it('puts the keys of the screen beneath first, then the ones that work everywhere', () => {
    expect(titles('main', false).slice(0, 2)).toEqual(['Overview tab', 'Everywhere']);
    expect(titles('logs', false).slice(0, 2)).toEqual(['Logs tab', 'Everywhere']);
    expect(titles('compare', false).slice(0, 2)).toEqual(['Compare tab', 'Everywhere']);
    expect(titles('picker', false).slice(0, 2)).toEqual(['Daemon picker', 'Everywhere']);
    // The Alerts tab has no keys of its own.
    expect(titles('alerts', false)[0]).toBe('Everywhere');
  });

  it('lists the replay keys only while replaying, and every other screen under its name', () => {
    expect(titles('main', false)).not.toContain('Replay');
    expect(titles('main', true)).toContain('Replay');
    for (const t of ['Overview tab', 'Logs tab', 'Compare tab', 'Daemon picker', 'Typing a filter or an answer']) expect(titles('alerts', false)).toContain(t);
  });

  it('lists every binding once (replay included while replaying)', () => {
    const listed = helpSections('main', true).flatMap((s) => s.bindings.map((b) => b.action));
    expect(listed.sort()).toEqual(KEYMAP.map((b) => b.action).sort());
    expect(helpSections('main', false).flatMap((s) => s.bindings).some((b) => b.scope === 'replay')).toBe(false);
  });
});

describe('splitPresses', () => {
  it('makes one press of each character Ink hands over at once, Enter included', () => {
    expect(splitPresses(press('/gob\r'))).toEqual([press('/'), press('g'), press('o'), press('b'), ENTER]);
    expect(splitPresses(press('q'))).toEqual([press('q')]);
    expect(splitPresses(UP)).toEqual([UP]);
    expect(splitPresses(ctrl('c'))).toEqual([ctrl('c')]);
  });
});
