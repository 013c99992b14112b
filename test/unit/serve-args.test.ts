// `exatop serve` arguments: where it listens, and that leaving loopback is an explicit choice.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/commands/common.js';
import { DEFAULT_LISTEN, isLoopback, parseListen, parseServeArgs } from '../../src/commands/serve.js';

describe('parseServeArgs', () => {
  it('defaults: loopback port 9576, every 5 s, the daemon found automatically', () => {
    const args = parseServeArgs([]);
    expect(DEFAULT_LISTEN).toBe('127.0.0.1:9576');
    expect(args).toMatchObject({ listen: { host: '127.0.0.1', port: 9576 }, allowRemote: false, intervalMs: 5000, target: { kind: 'auto' }, help: false });
  });

  it('takes the target, interval and sources like the other commands', () => {
    const args = parseServeArgs(['--listen', '127.0.0.1:0', '--pidfile', '/run/exabgp.pid', '--interval', '0.5', '--control', '/run/exabgp/exabgp', '--since', '30m']);
    expect(args.listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(args.target).toEqual({ kind: 'pidfile', path: '/run/exabgp.pid' });
    expect(args.intervalMs).toBe(500);
    expect(args.sources).toMatchObject({ controlPath: '/run/exabgp/exabgp', logSinceMs: 30 * 60_000 });
    expect(parseServeArgs(['--pid', '42']).target).toEqual({ kind: 'pid', pid: 42 });
  });

  it('refuses a non-loopback address without --allow-remote, accepts it with', () => {
    for (const listen of ['0.0.0.0:9576', '192.0.2.1:9576', '[::]:9576', 'example.org:9576', '[2001:db8::1]:80']) {
      expect(() => parseServeArgs(['--listen', listen]), listen).toThrow(UsageError);
      expect(() => parseServeArgs(['--listen', listen]), listen).toThrow(/--allow-remote/);
      expect(parseServeArgs(['--listen', listen, '--allow-remote']).allowRemote, listen).toBe(true);
    }
  });

  it('accepts loopback addresses without --allow-remote', () => {
    for (const listen of ['127.0.0.1:1', '127.1.2.3:9576', 'localhost:9576', '[::1]:9576', '9576']) expect(() => parseServeArgs(['--listen', listen]), listen).not.toThrow();
  });

  it('rejects bad usage as UsageError', () => {
    for (const argv of [['--listen', 'nowhere'], ['--listen', '127.0.0.1:65536'], ['--listen', '127.0.0.1:http'], ['--listen', ':9576'], ['--listen', '::1:9576'], ['--interval', '0'], ['--pid', '1', '--pidfile', 'x']]) {
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
    expect(() => parseServeArgs(['--nope'])).toThrow(/Unknown option/);
  });
});

describe('parseListen and isLoopback', () => {
  it('reads HOST:PORT, [IPv6]:PORT and PORT alone', () => {
    expect(parseListen('127.0.0.1:9576')).toEqual({ host: '127.0.0.1', port: 9576 });
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseListen('9100')).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 });
  });

  it('knows loopback from everything else', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', 'localhost', 'LOCALHOST', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::2', '::ffff:10.0.0.1', 'localhost.example.org', 'my-host']) expect(isLoopback(host), host).toBe(false);
  });
});
