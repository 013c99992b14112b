import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_CONFIG, parseAlertConfig, RULE_NAMES, type AlertConfig } from '../../src/core/alerts/index.js';

const FILE = '/etc/exatop/alerts.json';

function parsed(doc: unknown): AlertConfig {
  const result = parseAlertConfig(JSON.stringify(doc), FILE);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function failure(text: string) {
  const result = parseAlertConfig(text, FILE);
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('alert config: defaults', () => {
  it('the runbook defaults', () => {
    const r = DEFAULT_ALERT_CONFIG.rules;
    expect(r['rss-growth']).toEqual({ enabled: true, level: 'warning', minDurationMs: 0, percent: 10, spanMs: 86_400_000, windowMs: 3_600_000 });
    expect(r.restart).toMatchObject({ enabled: true, level: 'critical', holdMs: 0 });
    expect(r.notification.level).toBe('warning');
    expect(r.traceback).toMatchObject({ level: 'critical', quietMs: 300_000 });
    expect(r['neighbor-down']).toMatchObject({ level: 'critical', minDurationMs: 30_000 });
    expect(r.flap.level).toBe('warning');
    expect(r.control).toMatchObject({ level: 'warning', latencyMs: 1000 });
    expect(r['fd-usage']).toMatchObject({ level: 'warning', warnPercent: 80, criticalPercent: 95 });
    expect(r['cpu-high']).toMatchObject({ level: 'warning', percent: 80, minDurationMs: 300_000 });
    expect(r['daemon-down'].level).toBe('critical');
    expect(DEFAULT_ALERT_CONFIG.hook).toBeUndefined();
  });

  it('every rule is there and enabled', () => {
    expect(Object.keys(DEFAULT_ALERT_CONFIG.rules).sort()).toEqual([...RULE_NAMES].sort());
    expect(RULE_NAMES).toHaveLength(10);
    for (const name of RULE_NAMES) expect(DEFAULT_ALERT_CONFIG.rules[name].enabled).toBe(true);
  });

  it('an empty file object and one with empty rules give the defaults', () => {
    expect(parsed({})).toEqual(DEFAULT_ALERT_CONFIG);
    expect(parsed({ rules: {} })).toEqual(DEFAULT_ALERT_CONFIG);
    expect(parsed({ rules: { flap: {} } })).toEqual(DEFAULT_ALERT_CONFIG);
  });
});

describe('alert config: overrides', () => {
  it('one field changes, the rest of that rule and the other rules keep their defaults', () => {
    const config = parsed({ rules: { 'rss-growth': { percent: 20 }, 'cpu-high': { enabled: false, level: 'critical' } } });
    expect(config.rules['rss-growth']).toEqual({ ...DEFAULT_ALERT_CONFIG.rules['rss-growth'], percent: 20 });
    expect(config.rules['cpu-high']).toEqual({ ...DEFAULT_ALERT_CONFIG.rules['cpu-high'], enabled: false, level: 'critical' });
    expect(config.rules.traceback).toEqual(DEFAULT_ALERT_CONFIG.rules.traceback);
  });

  it('a hook gets its defaults filled', () => {
    expect(parsed({ hook: { program: '/usr/local/bin/page' } }).hook).toEqual({ program: '/usr/local/bin/page', args: [], timeoutMs: 5000 });
    expect(parsed({ hook: { program: 'notify', args: ['-u', 'critical'], timeoutMs: 100 } }).hook).toEqual({ program: 'notify', args: ['-u', 'critical'], timeoutMs: 100 });
  });

  it('any minDurationMs and level given to any rule is kept', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RULE_NAMES), fc.nat({ max: 1e9 }), fc.constantFrom('warning' as const, 'critical' as const), (name, minDurationMs, level) => {
        const config = parsed({ rules: { [name]: { minDurationMs, level } } });
        expect(config.rules[name]).toMatchObject({ minDurationMs, level });
      }),
    );
  });
});

describe('alert config: errors name the field', () => {
  it('a wrong type', () => {
    const f = failure('{"rules":{"rss-growth":{"percent":"ten"}}}');
    expect(f.field).toBe('rules.rss-growth.percent');
    expect(f.message).toMatch(/^\/etc\/exatop\/alerts\.json: rules\.rss-growth\.percent: .*expected number/);
  });

  it('an unknown rule, with the known ones listed', () => {
    const f = failure('{"rules":{"rss-grow":{}}}');
    expect(f.field).toBe('rules.rss-grow');
    expect(f.message).toContain('rules.rss-grow: unknown rule');
    expect(f.message).toContain('rss-growth');
  });

  it('an unknown field in a rule, at the top and in the hook', () => {
    expect(failure('{"rules":{"traceback":{"quietMinutes":5}}}').field).toBe('rules.traceback.quietMinutes');
    expect(failure('{"rule":{}}').field).toBe('rule');
    expect(failure('{"hook":{"program":"x","env":{}}}').field).toBe('hook.env');
  });

  it('a field another rule has is still unknown here', () => {
    expect(failure('{"rules":{"cpu-high":{"latencyMs":5}}}').field).toBe('rules.cpu-high.latencyMs');
  });

  it('bad values', () => {
    expect(failure('{"rules":{"neighbor-down":{"level":"page"}}}').field).toBe('rules.neighbor-down.level');
    expect(failure('{"rules":{"cpu-high":{"minDurationMs":-1}}}').field).toBe('rules.cpu-high.minDurationMs');
    expect(failure('{"rules":{"fd-usage":{"warnPercent":96}}}').field).toBe('rules.fd-usage.criticalPercent');
    expect(failure('{"rules":{"rss-growth":{"windowMs":43200001}}}').field).toBe('rules.rss-growth.windowMs');
    expect(failure('{"rules":{"rss-growth":{"spanMs":691200000}}}').field).toBe('rules.rss-growth.spanMs');
    expect(failure('{"hook":{"args":[]}}').field).toBe('hook.program');
    expect(failure('{"hook":{"program":"x","args":[1]}}').field).toBe('hook.args[0]');
  });

  it('not JSON', () => {
    const f = failure('{rules:');
    expect(f.field).toBeNull();
    expect(f.message).toMatch(/^\/etc\/exatop\/alerts\.json: not valid JSON/);
  });
});
