import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RAW_SAMPLES, parseRun, RUN_VERSION, serializeRun, type Run } from '../../src/core/compare/run-schema.js';
import { defaultRunsDir, listRuns, readRun, resolveRunFile, RunStoreError, saveMetric, writeFileAtomic } from '../../src/io/runs/store.js';
import { ASYNC_60, GENERATOR_421, makeRun, manual, measured } from '../support/runs.js';

const FILE = '/runs/generator.json';
const PYTEST_FILE = new URL('../../fixtures/pytest-benchmark/0001_base.json', import.meta.url);

function fullRun(): Run {
  return makeRun('generator', {
    establishment: measured('establishment', [0.41, 0.39, 0.46, 0.42]),
    rss24h: measured('rss24h', [45.2]),
    cpuAvg: measured('cpuAvg', [2.5, 2.7, 2.4]),
    cpuPeak: manual('cpuPeak', 35, { note: 'read off top during the restart' }),
  });
}

/** The run as JSON with one field changed by `edit`. */
function edited(edit: (doc: any) => void): string {
  const doc = JSON.parse(serializeRun(fullRun()));
  edit(doc);
  return JSON.stringify(doc);
}

function failure(text: string) {
  const result = parseRun(text, FILE);
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('parseRun: round trip', () => {
  it('a serialized run parses back to the same run', () => {
    const run = fullRun();
    expect(parseRun(serializeRun(run), FILE)).toEqual({ ok: true, value: run });
  });

  it('any figures survive the round trip', () => {
    const value = fc.double({ min: 0, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: MAX_RAW_SAMPLES }), value, fc.string({ minLength: 1 }), (raw, mb, label) => {
        const run = makeRun(label, { cpuAvg: measured('cpuAvg', raw), rss24h: manual('rss24h', mb) });
        expect(parseRun(serializeRun(run), FILE)).toEqual({ ok: true, value: run });
      }),
    );
  });

  it('a run with no figure yet is valid', () => {
    expect(parseRun(serializeRun(makeRun('async', {})), FILE).ok).toBe(true);
  });
});

describe('parseRun: corrupt, foreign and future files', () => {
  it('not JSON: names the file', () => {
    const f = failure('{"format": "exatop-run", "version": 1, "label": ');
    expect(f.message).toMatch(new RegExp(`^${FILE}: not valid JSON`));
    expect(f.field).toBeNull();
  });

  it.each([
    ['a pytest-benchmark file', null],
    ['an array', '[1, 2]'],
    ['null', 'null'],
    ['another format', '{"format": "something-else", "version": 1}'],
  ])('foreign JSON (%s): "not an exatop run file", field format', async (_what, text) => {
    const f = failure(text ?? (await readFile(PYTEST_FILE, 'utf8')));
    expect(f.message).toContain(`${FILE}: not an exatop run file`);
    expect(f.field).toBe('format');
  });

  it('a future version: "made by a newer exatop", whatever else the file holds', () => {
    const f = failure(JSON.stringify({ format: 'exatop-run', version: RUN_VERSION + 1, somethingNew: true }));
    expect(f.message).toBe(`${FILE}: made by a newer exatop (run format version ${RUN_VERSION + 1}; this exatop reads version ${RUN_VERSION})`);
    expect(f.field).toBe('version');
  });

  it('a version that is not a number is a field error, not "newer"', () => {
    const f = failure(edited((d) => (d.version = '1')));
    expect(f.field).toBe('version');
    expect(f.message).not.toContain('newer');
  });

  it.each([
    ['a value of the wrong type', (d: any) => (d.metrics.cpuAvg.value = '2.5'), 'metrics.cpuAvg.value'],
    ['a negative figure', (d: any) => (d.metrics.cpuPeak.value = -1), 'metrics.cpuPeak.value'],
    ['one raw sample of the wrong type', (d: any) => (d.metrics.establishment.raw[2] = 'x'), 'metrics.establishment.raw[2]'],
    ['a unit that is not the template\'s', (d: any) => (d.metrics.rss24h.unit = 'GB'), 'metrics.rss24h.unit'],
    ['an unknown source', (d: any) => (d.metrics.cpuAvg.source = 'guessed'), 'metrics.cpuAvg.source'],
    ['raw samples not matching the count', (d: any) => (d.metrics.establishment.samples = 5), 'metrics.establishment.raw'],
    ['a window ending before it starts', (d: any) => (d.metrics.cpuAvg.window.end = '2026-11-23T09:00:00.000Z'), 'metrics.cpuAvg.window.end'],
    ['a timestamp that is not ISO', (d: any) => (d.metrics.cpuAvg.recordedAt = 'yesterday'), 'metrics.cpuAvg.recordedAt'],
    ['a missing method', (d: any) => delete d.metrics.cpuPeak.method, 'metrics.cpuPeak.method'],
    ['an unknown reactor', (d: any) => (d.exabgp.reactor = 'threads'), 'exabgp.reactor'],
    ['an empty label', (d: any) => (d.label = ''), 'label'],
  ])('%s: the error names the file and the field path', (_what, edit, path) => {
    const f = failure(edited(edit));
    expect(f.field).toBe(path);
    expect(f.message.startsWith(`${FILE}: `)).toBe(true);
    expect(f.message).toContain(`${path}: `);
  });

  it('a misspelt metric name is reported by its path, not dropped', () => {
    const f = failure(edited((d) => (d.metrics.cpuAverage = d.metrics.cpuAvg)));
    expect(f.field).toBe('metrics.cpuAverage');
    expect(f.message).toContain(`${FILE}: metrics.cpuAverage: `);
  });

  it('an unknown field anywhere is reported, at the top level too', () => {
    expect(failure(edited((d) => (d.lable = 'generator'))).field).toBe('lable');
    expect(failure(edited((d) => (d.exabgp.reactr = 'asyncio'))).field).toBe('exabgp.reactr');
    expect(failure(edited((d) => (d.metrics.cpuAvg.window.secs = 1))).field).toBe('metrics.cpuAvg.window.secs');
  });

  it(`more than ${MAX_RAW_SAMPLES} raw samples are refused (only stats are kept then)`, () => {
    const many = Array.from({ length: MAX_RAW_SAMPLES + 1 }, (_, i) => i);
    const f = failure(edited((d) => Object.assign(d.metrics.cpuAvg, { raw: many, samples: many.length })));
    expect(f.field).toBe('metrics.cpuAvg.raw');
  });
});

describe('run store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-runs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs live in $XDG_STATE_HOME/exatop/runs, else ~/.local/state/exatop/runs', () => {
    expect(defaultRunsDir({ XDG_STATE_HOME: '/var/state' }, '/home/me')).toBe('/var/state/exatop/runs');
    expect(defaultRunsDir({}, '/home/me')).toBe('/home/me/.local/state/exatop/runs');
    expect(defaultRunsDir({ XDG_STATE_HOME: 'relative/state' }, '/home/me')).toBe('/home/me/.local/state/exatop/runs');
  });

  it('a bare name is a file in the runs folder; an existing path is used as it is', async () => {
    expect(await resolveRunFile('generator', dir)).toBe(join(dir, 'generator.json'));
    expect(await resolveRunFile('generator.json', dir)).toBe(join(dir, 'generator.json'));
    expect(await resolveRunFile('./no/such.json', dir)).toBe('./no/such.json');
  });

  it('saveMetric creates the run, then adds figures to it; read back equal', async () => {
    const file = join(dir, 'nested', 'generator.json');
    const first = measured('establishment', [0.41, 0.39]);
    await saveMetric(file, 'generator', 'establishment', first, GENERATOR_421, { now: new Date('2026-11-23T10:00:00Z'), host: 'h1' });
    const rss = measured('rss24h', [45.2]);
    await saveMetric(file, 'generator', 'rss24h', rss, GENERATOR_421, { now: new Date('2026-11-24T10:00:00Z') });
    const run = await readRun(file);
    expect(run.metrics).toEqual({ establishment: first, rss24h: rss });
    expect(run).toMatchObject({ label: 'generator', host: 'h1', exabgp: GENERATOR_421, createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-24T10:00:00.000Z' });
    expect(await readdir(join(dir, 'nested'))).toEqual(['generator.json']); // no temp file left
  });

  it('a run file the owner made 0600 stays 0600 when a capture adds a figure (0640 stays 0640)', async () => {
    for (const mode of [0o600, 0o640]) {
      const file = join(dir, `private-${mode.toString(8)}.json`);
      await saveMetric(file, 'generator', 'cpuAvg', measured('cpuAvg', [2]), GENERATOR_421);
      await chmod(file, mode);
      await saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), GENERATOR_421);
      expect((await stat(file)).mode & 0o777).toBe(mode);
      expect((await readRun(file)).metrics.cpuPeak?.value).toBe(30);
    }
  });

  it('saving a metric again replaces that metric only', async () => {
    const file = join(dir, 'g.json');
    await saveMetric(file, 'generator', 'cpuAvg', measured('cpuAvg', [2]), GENERATOR_421);
    await saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), GENERATOR_421);
    await saveMetric(file, 'generator', 'cpuAvg', measured('cpuAvg', [3]), GENERATOR_421);
    const run = await readRun(file);
    expect(run.metrics.cpuAvg?.value).toBe(3);
    expect(run.metrics.cpuPeak?.value).toBe(30);
  });

  it('never writes over a corrupt file, and says which file and field', async () => {
    const file = join(dir, 'generator.json');
    const corrupt = edited((d) => (d.metrics.cpuAvg.value = 'high'));
    await writeFile(file, corrupt);
    const error = await saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), GENERATOR_421).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunStoreError);
    expect((error as RunStoreError).message).toContain(file);
    expect((error as RunStoreError).field).toBe('metrics.cpuAvg.value');
    expect(await readFile(file, 'utf8')).toBe(corrupt);
  });

  it('never writes over a foreign or truncated file', async () => {
    for (const text of ['{"name": "some other tool"}', '{"format": "exatop-run", "ver']) {
      const file = join(dir, 'x.json');
      await writeFile(file, text);
      await expect(saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), GENERATOR_421)).rejects.toThrow(file);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  });

  it('refuses to mix another label or another reactor into a run', async () => {
    const file = join(dir, 'generator.json');
    await saveMetric(file, 'generator', 'cpuAvg', measured('cpuAvg', [2]), GENERATOR_421);
    const before = await readFile(file, 'utf8');
    await expect(saveMetric(file, 'async', 'cpuPeak', manual('cpuPeak', 30), GENERATOR_421)).rejects.toThrow(/holds run "generator", not "async"/);
    await expect(saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), { ...GENERATOR_421, reactor: 'asyncio' })).rejects.toThrow(/generator reactor, not asyncio/);
    await expect(saveMetric(file, 'generator', 'cpuPeak', manual('cpuPeak', 30), ASYNC_60)).rejects.toThrow(/ExaBGP 4.2.21, not 6.0.0-dev/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses an invalid figure before touching the disk', async () => {
    const file = join(dir, 'generator.json');
    const bad = { ...measured('cpuAvg', [2]), unit: 'MB' } as unknown as ReturnType<typeof measured<'cpuAvg'>>;
    await expect(saveMetric(file, 'generator', 'cpuAvg', bad, GENERATOR_421)).rejects.toThrow(/cpuAvg: not a valid figure/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writeFileAtomic replaces the whole file and leaves no temp file', async () => {
    const file = join(dir, 'a.json');
    await writeFileAtomic(file, 'x'.repeat(10_000));
    await writeFileAtomic(file, 'short');
    expect(await readFile(file, 'utf8')).toBe('short');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('listRuns lists each run file, a broken one with its error', async () => {
    await saveMetric(join(dir, 'generator.json'), 'generator', 'cpuAvg', measured('cpuAvg', [2]), GENERATOR_421);
    await writeFile(join(dir, 'broken.json'), '{');
    await writeFile(join(dir, 'notes.txt'), 'not a run');
    const listed = await listRuns(dir);
    expect(listed.map((l) => l.file)).toEqual([join(dir, 'broken.json'), join(dir, 'generator.json')]);
    expect('error' in listed[0]! && listed[0].error).toContain('broken.json: not valid JSON');
    expect('run' in listed[1]! && listed[1].run.label).toBe('generator');
    expect(await listRuns(join(dir, 'missing'))).toEqual([]);
  });
});
