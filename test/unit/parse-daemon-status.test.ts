import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStrings300 } from '../support/fast-check.js';
import { splitAnswer } from '../../src/core/control/framing.js';
import { parseDaemonStatus, parsePing, parseVersionAnswer } from '../../src/core/control/parse-daemon-status.js';
import type { Parsed } from '../../src/core/model/control.js';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function answer(path: string): string {
  const { lines, terminator } = splitAnswer(read(path));
  expect(terminator).toBe('done');
  return lines.join('\n');
}

const V6 = '6.0.0-20261123+HEAD-4460078e00';
const UUID_A = '8ae0f89a-5c6c-4a62-abae-e4eca21d9931';

describe('parseDaemonStatus', () => {
  it.each([
    ['v6.0-dev/3peer-socket-daemon-status.raw', 35],
    ['v6.0-dev/3peer-pipe-daemon-status.raw', 40],
    ['v6.0-dev/gobgp-killed-socket-daemon-status.raw', 67],
    ['v6.0-dev/after-teardown-socket-daemon-status.raw', 74],
  ])('reads the JSON of %s', (path, uptimeS) => {
    expect(parseDaemonStatus(answer(path))).toEqual({
      ok: true,
      value: { pid: 4519, uuid: UUID_A, uptimeS, startTime: 1795447201.5468724, version: V6 },
    });
  });

  it.each([
    ['v6.0-dev-api4/3peer-socket-daemon-status.raw', 7],
    ['v6.0-dev-api4/gobgp-killed-socket-daemon-status.raw', 19],
  ])('reads the text report of API v4, %s (no start time there)', (path, uptimeS) => {
    expect(parseDaemonStatus(answer(path))).toEqual({
      ok: true,
      value: { pid: 16814, uuid: 'b528b6a1-4201-45d1-b868-0795b988b123', uptimeS, startTime: null, version: V6 },
    });
  });

  it('refuses other answers, naming the missing field', () => {
    const ping = answer('v6.0-dev/3peer-socket-session-ping.raw');
    expect(parseDaemonStatus(ping)).toEqual({
      ok: false,
      error: 'unexpected JSON at pid: Invalid input: expected number, received undefined',
      raw: ping,
    });
    expect(parseDaemonStatus(answer('v6.0-dev/3peer-socket-peer-show.raw'))).toMatchObject({ ok: false });
    const empty = splitAnswer(read('v6.0-dev/3peer-socket-bad-show-nonsense.raw')).lines.join('\n');
    expect(parseDaemonStatus(empty)).toMatchObject({ ok: false, error: 'not a daemon status answer' });
  });

  it('refuses a text report cut in its peer list', () => {
    const text = answer('v6.0-dev-api4/3peer-socket-daemon-status.raw');
    const cut = text.slice(0, text.lastIndexOf('\n'));
    expect(parseDaemonStatus(cut)).toMatchObject({ ok: false, error: 'daemon status: Peers 3 but 2 listed' });
  });
});

describe('parsePing', () => {
  it.each([
    ['v6.0-dev/3peer-socket-session-ping.raw', UUID_A],
    ['v6.0-dev/3peer-pipe-session-ping.raw', UUID_A],
    ['v6.0-dev-api4/3peer-socket-session-ping.raw', 'b528b6a1-4201-45d1-b868-0795b988b123'],
  ])('reads the daemon uuid from %s', (path, uuid) => {
    expect(parsePing(answer(path))).toEqual({ ok: true, value: { uuid } });
  });

  it('reads the third answer of one socket connection', () => {
    const raw = read('v6.0-dev-api4/socket-one-connection-three-commands.raw');
    const third = raw.split('done\n')[2] ?? '';
    expect(parsePing(splitAnswer(`${third}done\n`).lines.join('\n'))).toEqual({
      ok: true,
      value: { uuid: '9bed5685-0762-45e2-b541-e8b9b5a47abd' },
    });
  });

  it('refuses a version answer', () => {
    expect(parsePing(answer('v6.0-dev/3peer-socket-system-version.raw'))).toMatchObject({
      ok: false,
      error: 'unexpected JSON at pong: Invalid input: expected string, received undefined',
    });
  });
});

describe('parseVersionAnswer', () => {
  it.each([
    ['v4.2/pipe-version.txt', '4.2.21'],
    ['v4.2/pipe-version-gobgp-killed.txt', '4.2.21'],
    ['v5.0.15/pipe-version.txt', '5.0.15'],
    ['v6.0-dev/3peer-socket-system-version.raw', V6],
    ['v6.0-dev/3peer-pipe-system-version.raw', V6],
    ['v6.0-dev-api4/3peer-socket-version.raw', V6],
    ['v6.0-dev-api4/3peer-pipe-version.raw', V6],
    ['v6.0-dev-api4/3peer-socket-system-version.raw', V6],
  ])('reads %s', (path, version) => {
    expect(parseVersionAnswer(answer(path))).toEqual({ ok: true, value: { version } });
  });

  it('refuses other answers', () => {
    expect(parseVersionAnswer(answer('v4.2/pipe-show-neighbor-summary-3peer-up.txt'))).toMatchObject({ ok: false });
    const list = parseVersionAnswer(answer('v6.0-dev/3peer-socket-peer-list.raw'));
    expect(!list.ok && list.error).toMatch(/^not a version answer: "\[\{"peer-address": "127\.0\.2\.2"/);
    expect(parseVersionAnswer(answer('v6.0-dev/3peer-socket-session-ping.raw'))).toMatchObject({
      ok: false,
      error: 'unexpected JSON at version: Invalid input: expected string, received undefined',
    });
    expect(parseVersionAnswer('')).toMatchObject({ ok: false });
  });
});

const PARSERS: [string, (text: string) => Parsed<unknown>][] = [
  ['parseDaemonStatus', parseDaemonStatus],
  ['parsePing', parsePing],
  ['parseVersionAnswer', parseVersionAnswer],
];

const CAPTURES = [
  'v6.0-dev/3peer-socket-daemon-status.raw',
  'v6.0-dev-api4/gobgp-killed-socket-daemon-status.raw',
  'v6.0-dev/3peer-socket-session-ping.raw',
  'v6.0-dev/3peer-socket-system-version.raw',
  'v5.0.15/pipe-version.txt',
];

describe('the small parsers never throw', () => {
  const valid = (r: Parsed<unknown>) => (r.ok ? typeof r.value === 'object' : typeof r.error === 'string' && r.raw !== undefined);

  it.each(PARSERS)('%s: every prefix of every capture', (_name, parse) => {
    for (const path of CAPTURES) {
      const text = answer(path);
      for (let end = 0; end <= text.length; end++) expect(valid(parse(text.slice(0, end)))).toBe(true);
    }
  });

  it('JSON answers cut short are refused', () => {
    for (const path of CAPTURES.filter((p) => p.includes('v6.0-dev/'))) {
      const text = answer(path);
      for (let end = 0; end < text.length; end++) {
        for (const [, parse] of PARSERS) expect(parse(text.slice(0, end)).ok).toBe(false);
      }
    }
  });

  it.each(PARSERS)('%s: random strings and random UTF-8 bytes', (_name, parse) => {
    fc.assert(fc.property(binaryStrings300, (s) => valid(parse(s))));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => valid(parse(Buffer.from(b).toString('utf8')))));
    fc.assert(fc.property(fc.json(), (json) => valid(parse(json))));
  });
});
