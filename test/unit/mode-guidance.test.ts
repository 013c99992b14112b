import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/core/daemon/proc-parse.js';
import { parseEnvFile } from '../../src/core/daemon/version.js';
import { modeGuidance, unitEnvironment } from '../../src/core/daemon/mode-guidance.js';

// The runbook's own examples (reference 000, "Enabling Async Mode in Production").
const RUNBOOK_UNIT = '[Service]\nEnvironment="exabgp_reactor_asyncio=true"\nExecStart=/usr/local/bin/exabgp /etc/exabgp/exabgp.conf\n';
const RUNBOOK_ENV_FILE = '[exabgp.reactor]\nasyncio = true\n';

describe('unitEnvironment', () => {
  it('reads quoted, unquoted and several assignments per line', () => {
    expect(unitEnvironment(RUNBOOK_UNIT)).toEqual({ exabgp_reactor_asyncio: 'true' });
    expect(unitEnvironment('Environment=A=1 "B=two words"\n#Environment=C=3\nEnvironment=exabgp_reactor_legacy=true')).toEqual({ A: '1', B: 'two words', exabgp_reactor_legacy: 'true' });
  });
});

describe('modeGuidance', () => {
  const none = { environ: {}, envFilePath: null, envFile: {}, unit: null, unitFiles: [] };

  it('a systemd Environment= line: that is the method, and its rollback is the unit edit', () => {
    const g = modeGuidance({ ...none, environ: { exabgp_reactor_asyncio: 'true' }, unit: 'exabgp.service', unitFiles: [{ path: '/etc/systemd/system/exabgp.service', text: RUNBOOK_UNIT }] });
    expect(g.settings).toEqual([{ method: 'systemd', evidence: '/etc/systemd/system/exabgp.service: Environment="exabgp_reactor_asyncio=true"' }]);
    expect(g.rollback).toEqual(['systemctl stop exabgp', expect.stringContaining('remove the Environment='), 'systemctl daemon-reload', 'systemctl start exabgp']);
  });

  it('a variable only in the environment: unset and restart', () => {
    const g = modeGuidance({ ...none, environ: { exabgp_reactor_asyncio: 'true' } });
    expect(g.settings[0]).toEqual({ method: 'environment', evidence: "exabgp_reactor_asyncio=true in the daemon's environment" });
    expect(g.rollback).toEqual(['unset exabgp_reactor_asyncio', 'systemctl restart exabgp']);
  });

  it('the env file: comment it out and restart', () => {
    const g = modeGuidance({ ...none, envFilePath: '/etc/exabgp/exabgp.env', envFile: parseEnvFile(RUNBOOK_ENV_FILE) });
    expect(g.settings).toEqual([{ method: 'env-file', evidence: '/etc/exabgp/exabgp.env: [exabgp.reactor] asyncio = true' }]);
    expect(g.rollback[0]).toContain('comment out asyncio = true');
  });

  it('a real daemon started with no reactor setting (captured 5.0.15 environ): nothing to roll back', () => {
    const environ = parseEnviron(readFileSync(new URL('../../fixtures/v5.0.15/proc-daemon-environ', import.meta.url), 'utf8'));
    const g = modeGuidance({ ...none, environ });
    expect(g.settings).toEqual([]);
    expect(g.rollback[0]).toContain('no reactor setting found');
    // The runbook's `grep -v async` printed the lines without "async": the guidance runs verify instead.
    expect(g.validation[0]).toMatch(/^exatop verify --for 15m --expect generator/);
    expect(g.validation.join('\n')).not.toContain('grep');
  });
});
