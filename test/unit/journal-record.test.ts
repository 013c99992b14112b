// Records of a real journald (systemd 252) for a real ExaBGP 4.2 in a unit, as exatop's
// journalctl prints them (fixtures/v4.2-journal/README.md says how they were produced).
import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/core/logs/ansi.js';
import { classify } from '../../src/core/logs/classify.js';
import { parseJournalRecord } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { logSourcesFrom, unitFromCgroup } from '../../src/io/logs/discover-logs.js';
import { fixture } from '../support/fixtures.js';

const records = (name: string) => fixture(`v4.2-journal/${name}`).split('\n').filter(Boolean);
const UNIT = 'exatop-test-30.service';

function rejected(name: string): number {
  const pipeline = new LogPipeline();
  for (const r of records(name)) {
    const line = parseJournalRecord(r, UNIT);
    if (line) pipeline.push(line);
  }
  pipeline.flush();
  return pipeline.counters().apiRejected;
}

describe('journal records of a real ExaBGP 4.2', () => {
  it('every record of `journalctl -o json --all` is a line; the stdout shape is parsed inside it', () => {
    const lines = records('journalctl-json-all.jsonl').map((r) => parseJournalRecord(r, UNIT));
    expect(lines.every((l) => l !== null)).toBe(true);
    const banner = lines.find((l) => l!.message === 'Thank you for using ExaBGP')!;
    expect(banner).toMatchObject({ source: 'welcome', pid: 8031, shape: 'journal', level: 'info', origin: UNIT });
  });

  it('without --all a MESSAGE over 4096 bytes is null and the line is lost: exatop passes --all', () => {
    const plain = records('journalctl-json.jsonl');
    expect(plain.filter((r) => (JSON.parse(r) as { MESSAGE: unknown }).MESSAGE === null)).toHaveLength(1);
    expect(rejected('journalctl-json.jsonl')).toBe(2);
    expect(rejected('journalctl-json-all.jsonl')).toBe(3);
    const long = records('journalctl-json-all.jsonl').map((r) => parseJournalRecord(r, UNIT)!).find((l) => l.message.includes('exatop-journal-long-'))!;
    expect(long.message.length).toBeGreaterThan(5000);
    expect(classify(long)).toBe('api-rejected');
  });

  it('a MESSAGE journald keeps as bytes (it holds an escape) is decoded, and the stray ESC removed', () => {
    const raw = records('journalctl-json-all.jsonl').find((r) => Array.isArray((JSON.parse(r) as { MESSAGE: unknown }).MESSAGE))!;
    const line = parseJournalRecord(raw, UNIT)!;
    // ExaBGP logged `ESC[1m` as `ESC[ 1m`: no valid escape sequence, but an ESC all the same.
    expect(line.message).toBe('command from process not understood : show exatop-journal-bytes-[ 1mbold');
    expect(classify(line)).toBe('api-rejected');
  });

  it('the daemon\'s cgroup and its socket stdout say: read the journal of its unit', () => {
    const cgroup = fixture('v4.2-journal/proc-daemon-cgroup');
    expect(unitFromCgroup(cgroup)).toBe(UNIT);
    const fd = Object.fromEntries([...fixture('v4.2-journal/proc-daemon-fd.txt').matchAll(/ (\d+) -> (.+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(logSourcesFrom({ environ: { exabgp_log_destination: 'stdout' }, envFile: {}, stdout: fd['1']!, stderr: fd['2']!, cgroup }))
      .toEqual([{ kind: 'journal', unit: UNIT, how: `runs in systemd unit ${UNIT}` }]);
  });
});

describe('stripAnsi', () => {
  it('removes an ESC that starts no valid sequence, and keeps the text around it', () => {
    expect(stripAnsi('a\u001b[ 1mbold')).toBe('a[ 1mbold');
    expect(stripAnsi('lone \u001b')).toBe('lone ');
    expect(stripAnsi('cut \u001b[01;3')).toBe('cut ');
    expect(stripAnsi('\u001b[01;32mwelcome\u001b[0m x')).toBe('welcome x');
  });
});
