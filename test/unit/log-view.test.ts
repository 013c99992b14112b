// What the log panel shows, over entries the real pipeline made from a real capture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { entriesAsText, entryLine, filterRegex, visibleEntries } from '../../src/core/logs/view.js';

function entriesOf(path: string) {
  const text = readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
  const pipeline = new LogPipeline();
  const t = Date.UTC(2026, 10, 23, 15, 30);
  for (const raw of text.split('\n')) if (raw !== '') pipeline.push(parseLine(raw, t, path));
  pipeline.flush();
  return [...pipeline.entries()];
}

describe('log view', () => {
  const storm = entriesOf('v6.0-dev/log-traceback-storm.txt');
  const v42 = entriesOf('v4.2/log-stdout-3peer.txt');

  it('errors only keeps the trouble: the storm\'s traceback stays, plain info goes', () => {
    const all = visibleEntries(storm, { pattern: '', errorsOnly: false });
    const trouble = visibleEntries(storm, { pattern: '', errorsOnly: true });
    expect(trouble.length).toBeLessThan(all.length);
    expect(trouble.some((e) => e.class === 'traceback')).toBe(true);
    expect(trouble.every((e) => e.class !== 'info')).toBe(true);
  });

  it('a folded traceback reads as one line with its count and rate', () => {
    const traceback = storm.find((e) => e.class === 'traceback' && e.count > 1)!;
    const line = entryLine(traceback, false);
    expect(line).toMatch(/^TRACEBACK ×\d+ \d+\.\d\/s {2}/);
    expect(line).toContain("AttributeError: 'EOR' object has no attribute 'data'");
  });

  it('the filter is a case-insensitive regex; text that is not one is matched literally and said so', () => {
    expect(visibleEntries(v42, { pattern: 'NOT UNDERSTOOD', errorsOnly: false }).map((e) => e.summary)).toEqual(['command from process not understood : show nonsense']);
    const { regex, error } = filterRegex('show (nonsense');
    expect(error).toContain('not a regex');
    expect(regex!.test('a show (nonsense here')).toBe(true);
  });

  it('saved text carries times and every traceback line', () => {
    const traceback = storm.find((e) => e.class === 'traceback')!;
    const text = entriesAsText([traceback]);
    expect(text.startsWith(new Date(traceback.first).toISOString())).toBe(true);
    for (const l of traceback.lines.slice(0, 5)) expect(text).toContain(`    ${l}`);
  });
});
