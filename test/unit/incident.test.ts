// Issue reports from real evidence: recordings made by `exatop record` on a real 4.2.21 lab
// (fixtures/recordings) and log captures of real 5.0 and 6.0-dev daemons, checked against the
// runbook's "Template for reporting" itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideAsyncSpecific, type BaselineRecording } from '../../src/core/incident/async-specific.js';
import { commitFromGitHead, commitFromVersion, osFromOsRelease, pythonFromPyvenv } from '../../src/core/incident/environment.js';
import { evidenceSampleOf, RecordingScan } from '../../src/core/incident/from-recording.js';
import { buildIncident } from '../../src/core/incident/incident.js';
import { incidentMarkdown } from '../../src/core/incident/markdown.js';
import { pickEntry } from '../../src/core/incident/pick.js';
import { framesOf, signatureOf } from '../../src/core/incident/signature.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import type { LogEntry } from '../../src/core/logs/types.js';
import { RecordingReader } from '../../src/core/record/format.js';
import { feed, FIXTURES } from '../support/log-captures.js';

/** The runbook's "Template for reporting", copied verbatim (the file names its source). */
const REFERENCE = new URL('../fixtures/runbook/issue-report-template.md', import.meta.url);
const RECORDINGS = `${FIXTURES}recordings/`;
const TRACEBACK = 'v2-4.2-traceback.jsonl';
const CLEAN = 'v2-4.2-clean.jsonl';

function scan(name: string): RecordingScan {
  const s = new RecordingScan();
  const reader = new RecordingReader();
  for (const line of readFileSync(`${RECORDINGS}${name}`, 'utf8').split('\n')) {
    const item = reader.line(line);
    if (item?.type === 'sample') s.sample(item);
    else if (item?.type === 'event') s.event(item);
  }
  return s;
}

function samples(name: string) {
  const reader = new RecordingReader();
  for (const line of readFileSync(`${RECORDINGS}${name}`, 'utf8').split('\n')) reader.add(line);
  return reader.recording.samples.map(evidenceSampleOf);
}

function incidentOf(name: string, baselines: BaselineRecording[] = []) {
  const s = scan(name);
  const entry = pickEntry(s.grouped(), { kind: null, match: null })!;
  const evidence = s.evidence(name, entry, samples(name));
  const r = evidence.environment.reactor;
  return buildIncident(evidence, decideAsyncSpecific({ kind: evidence.entry.kind, signature: evidence.entry.signature, reactor: r.mode, reactorSource: r.source }, baselines), 300_000);
}

/** The runbook's template: the ```markdown block under "Template for reporting". */
function template(): string[] {
  const lines = readFileSync(REFERENCE, 'utf8').split('\n');
  const start = lines.indexOf('**Template for reporting:**');
  expect(start).toBeGreaterThan(-1);
  const open = lines.indexOf('```markdown', start);
  return lines.slice(open + 1, lines.indexOf('```', open + 1));
}

/** What a line of the template fixes: a heading or bold label up to its colon, a list marker. */
function label(line: string): string {
  const bold = /^\*\*[^*]+:\*\*/.exec(line);
  if (bold) return bold[0];
  if (line.startsWith('## ')) return line.slice(0, line.indexOf(':') + 1);
  const item = /^(- [A-Za-z ]+:|- |\d+\. )/.exec(line);
  return item ? item[1]! : line;
}

describe('the issue report has the runbook template\'s shape', () => {
  it('every template line, in order, starts the corresponding report line (sections may hold more lines)', () => {
    const report = incidentMarkdown(incidentOf(TRACEBACK)).split('\n');
    let at = 0;
    for (const line of template()) {
      const want = label(line);
      while (at < report.length && !(want === '' ? report[at] === '' : report[at]!.startsWith(want))) at++;
      expect(at, `template line ${JSON.stringify(line)}`).toBeLessThan(report.length);
      at++;
    }
  });

  it('headings and labels appear exactly once and in the template\'s order', () => {
    const report = incidentMarkdown(incidentOf(TRACEBACK)).split('\n');
    const heads = (lines: string[]) => lines.filter((l) => /^(## |\*\*)/.test(l)).map(label);
    expect(heads(report)).toEqual(heads(template()));
    expect(report[0]).toBe("## Issue #N: Traceback: KeyError: 'neighbor'");
    expect(report.find((l) => l.startsWith('**Status:**'))).toBe('**Status:** Open');
    const env = template().slice(template().indexOf('**Environment:**') + 1, template().indexOf('**Workaround:**') - 1).map(label);
    const got = report.slice(report.indexOf('**Environment:**') + 1, report.indexOf('**Environment:**') + 1 + env.length).map(label);
    expect(got).toEqual(env);
  });
});

describe('filled from the recording of a real 4.2.21 lab', () => {
  const incident = incidentOf(TRACEBACK);

  it('the whole traceback, its signature, count and the neighbor state changes around it', () => {
    expect(incident.entry.kind).toBe('traceback');
    expect(incident.entry.lines[0]).toBe('Traceback (most recent call last):');
    expect(incident.entry.lines.at(-1)).toBe("KeyError: 'neighbor'");
    expect(incident.entry.signature).toBe('KeyError @ api-events.py:<module> > api-events.py:handle');
    expect(incident.entry.count).toBe(1);
    expect(incident.around.neighborChanges.map((c) => `${c.address} ${c.from}>${c.to}`)).toEqual(['127.0.149.2 ESTABLISHED>IDLE', '127.0.149.2 IDLE>ESTABLISHED']);
    expect(incident.around.samples).toBe(40);
    expect(incident.around.rssMB!.min).toBeGreaterThan(20);
  });

  it('Environment from the recording\'s life event: Python, version, no commit, OS, peers, reactor and how', () => {
    const e = incident.environment;
    expect(e.python).toEqual({ value: '3.11.2', source: expect.stringContaining('--version') });
    expect(e.exabgpVersion.value).toBe('4.2.21');
    expect(e.exabgpCommit.value).toBeNull();
    expect(e.exabgpCommit.source).toContain('carries no commit');
    expect(e.os.value).toContain('Debian GNU/Linux');
    expect(e.peers).toMatchObject({ configured: 3, established: 2 });
    expect(e.reactor).toEqual({ mode: 'generator', source: 'ExaBGP 4.2.21: the 4.2 line has only the generator reactor' });
  });

  it('severity: a session lost around it is High, marked as a suggestion; the lab load as recorded', () => {
    expect(incident.severity.suggested).toBe('High');
    expect(incidentMarkdown(incident)).toContain('**Severity:** High — a suggestion by exatop (1 session lost around it (127.0.149.2))');
    expect(incident.reproduction.labCommand).toMatch(/^exatop lab up --peers 3 --flap \d+s$/);
  });

  it('a version 1 recording counts its traceback without the text, and says so', () => {
    const old = scan('v1-4.2-3peer.jsonl');
    expect(pickEntry(old.grouped(), { kind: 'traceback', match: null })).toBeNull();
    expect(old.unsignedTracebacks()).toBe(1);
    expect(old.environmentAt(0).python.source).toContain('before recording version 2');
  });
});

describe('Async-specific from evidence', () => {
  const withTraceback = scan(TRACEBACK).asBaseline(TRACEBACK);
  const clean = scan(CLEAN).asBaseline(CLEAN);
  const keyError = scan(TRACEBACK).grouped().find((g) => g.class === 'traceback')!.signature;
  // A real asyncio traceback: 6.0-dev's End-of-RIB AttributeError, through the log pipeline.
  const pipeline = new LogPipeline();
  feed(pipeline, 'log-samples/v6.0-dev/traceback-eor-attributeerror-filelog.txt', 'exabgp.log', Date.UTC(2026, 10, 23));
  const eor = pipeline.entries().find((e) => e.class === 'traceback')!;
  const asyncio = (signature: string) => ({ kind: 'traceback', signature, reactor: 'asyncio' as const, reactorSource: 'ExaBGP 6.0.0: the 6.0 line runs asyncio' });

  it('baselines measure generator hours with a log followed, and hold the signatures they saw', () => {
    expect(withTraceback.signatures.has(keyError)).toBe(true);
    expect(clean.signatures.size).toBe(0);
    expect(clean.generatorHours * 3600).toBeGreaterThan(25);
    expect(clean.generatorHours * 3600).toBeLessThan(35);
  });

  it('Yes: never in the generator recording, and the hours compared are stated', () => {
    const v = decideAsyncSpecific(asyncio(signatureOf(eor)), [clean]);
    expect(v.answer).toBe('Yes');
    expect(v.reason).toMatch(/never in 0\.01 h of generator recordings \(v2-4\.2-clean\.jsonl\)/);
  });

  it('No: the same signature in a generator recording', () => {
    const v = decideAsyncSpecific(asyncio(keyError), [clean, withTraceback]);
    expect(v.answer).toBe('No');
    expect(v.reason).toContain(TRACEBACK);
  });

  it('Unknown with the reason: no baseline, a baseline without text, not a traceback; No under generator', () => {
    expect(decideAsyncSpecific(asyncio(keyError), []).reason).toContain('--baseline');
    const old = scan('v1-4.2-3peer.jsonl').asBaseline('v1-4.2-3peer.jsonl');
    expect(decideAsyncSpecific(asyncio(signatureOf(eor)), [old])).toMatchObject({ answer: 'Unknown', reason: expect.stringContaining('without their text') });
    expect(decideAsyncSpecific({ ...asyncio('x'), kind: 'flap' }, [clean]).answer).toBe('Unknown');
    expect(incidentOf(TRACEBACK, [clean]).asyncSpecific).toMatchObject({ answer: 'No', reason: expect.stringContaining('generator reactor') });
  });
});

describe('signatures and environment parsers', () => {
  const crash = new LogPipeline();
  feed(crash, 'log-samples/v5.0/traceback-version-json-daemon-crash.log', 'exabgp.log', Date.UTC(2026, 10, 22));
  const entry = crash.entries().find((e) => e.class === 'traceback')!;

  it('exception type and frames from the package root: install path, line numbers and message left out', () => {
    expect(framesOf(entry.lines)[0]).toBe('exabgp/application/main.py:<module>');
    const moved: LogEntry = { ...entry, summary: "KeyError: 'other'", lines: entry.lines.map((l) => l.replace('/opt/exabgp-5.0/src/', '/usr/lib/python3/dist-packages/').replace(/line \d+/, 'line 9')) };
    expect(signatureOf(moved)).toBe(signatureOf(entry));
    expect(signatureOf(entry)).toMatch(/^KeyError @ exabgp\/application\/main\.py:<module> > .*exabgp\/reactor\/api\/__init__\.py:response$/);
  });

  it('pyvenv.cfg, os-release, commits in version strings and git HEADs', () => {
    expect(pythonFromPyvenv('home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n')).toBe('3.11.2');
    expect(osFromOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(commitFromVersion('5.0.13-20261122+5.0-edf2495711')).toBe('edf2495711');
    expect(commitFromVersion('6.0.0-20260822+uncontrolled')).toBeNull();
    expect(commitFromVersion('5.0.15')).toBeNull();
    const sha = '4460078e00a1b2c3d4e5f60718293a4b5c6d7e8f';
    expect(commitFromGitHead('ref: refs/heads/main\n', (r) => (r === 'packed-refs' ? `# pack-refs\n${sha} refs/heads/main\n` : null))).toBe(sha);
  });
});
