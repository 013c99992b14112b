// The runbook's "Template for reporting", line for line: its headings and labels in its order,
// every value filled from the incident or left as the template's placeholder for a person.
import type { Fact } from './environment.js';
import type { Incident } from './incident.js';

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const fact = (f: Fact) => (f.value === null ? `unknown (${f.source})` : `${f.value} (${f.source})`);

function symptoms(i: Incident): string[] {
  const e = i.entry;
  const a = i.around;
  const out = [
    `- ${e.kind === 'traceback' ? 'Traceback' : e.kind === 'notification' ? 'NOTIFICATION' : 'Session drops'}: \`${e.summary}\``,
    `- Seen ${e.count}× from ${iso(e.first)} to ${iso(e.last)}${e.ratePerMinute !== null ? `, ${e.ratePerMinute}/min` : ''} (${e.timing})`,
    `- Neighbors affected: ${e.neighbors.length ? e.neighbors.join(', ') : 'none named by the log'}`,
  ];
  const where = `${iso(i.window.start)} → ${iso(i.window.end)} (±${i.window.marginS} s), ${a.samples} sample${a.samples === 1 ? '' : 's'}`;
  if (a.samples === 0) out.push(`- Daemon figures around it: no sample in ${where}`);
  else {
    const rss = a.rssMB ? `RSS ${a.rssMB.first} → ${a.rssMB.last} MB (min ${a.rssMB.min}, max ${a.rssMB.max})` : 'RSS not measured';
    const cpu = a.cpuPercent ? `CPU avg ${a.cpuPercent.avg} %, peak ${a.cpuPercent.peak} % of one core` : 'CPU not measured';
    const fds = a.fds ? `FDs ${a.fds.min}–${a.fds.max}` : 'FDs not readable';
    out.push(`- Daemon figures around it (${where}): ${rss}; ${cpu}; ${fds}`);
  }
  out.push(a.neighborChanges.length
    ? `- Neighbor state changes around it: ${a.neighborChanges.map((c) => `${c.address} ${c.from} → ${c.to} at ${iso(c.t)}`).join('; ')}`
    : '- Neighbor state changes around it: none');
  out.push(a.restarts.length
    ? `- Restarts around it: ${a.restarts.map((r) => `${iso(r.t)}${r.pid !== null ? ` (new pid ${r.pid})` : ''}`).join(', ')}; ${i.restartsInSource} in the whole ${i.source === 'recording' ? 'recording' : 'watch'}`
    : `- Restarts around it: none (${i.restartsInSource} in the whole ${i.source === 'recording' ? 'recording' : 'watch'})`);
  out.push(`- Evidence: ${i.source === 'recording' ? `recording ${i.from}` : `live daemon ${i.from}`}; signature \`${e.signature}\``);
  if (e.lines.length) out.push('- Log text:', '', '  ```text', ...e.lines.map((l) => `  ${l}`), '  ```');
  return out;
}

export function incidentMarkdown(i: Incident): string {
  const env = i.environment;
  const version = env.exabgpVersion;
  const commit = env.exabgpCommit.value !== null
    ? `${env.exabgpCommit.value} (${env.exabgpCommit.source}); version ${fact(version)}`
    : `none (${env.exabgpCommit.source}); version ${fact(version)}`;
  const peers = env.peers;
  const lines = [
    `## Issue #N: ${i.title}`,
    '',
    `**Severity:** ${i.severity.suggested} — a suggestion by exatop (${i.severity.why}); Critical / High / Medium / Low is yours to decide`,
    `**Async-specific:** ${i.asyncSpecific.answer} — ${i.asyncSpecific.reason}`,
    '',
    '**Symptoms:**',
    ...symptoms(i),
    '',
    '**Reproduction:**',
    `1. [Steps to reproduce] — the load ${i.source === 'recording' ? 'recorded' : 'seen'}, in the lab: \`${i.reproduction.labCommand}\` (${i.reproduction.why})`,
    '2. ...',
    '',
    '**Environment:**',
    `- Python version: ${fact(env.python)}`,
    `- ExaBGP commit: ${commit}`,
    `- OS: ${fact(env.os)}`,
    `- Peer count: ${peers.configured ?? 'unknown'} configured, ${peers.established ?? 'unknown'} established (${peers.source})`,
    `- Reactor: ${env.reactor.mode} (${env.reactor.source})`,
    '',
    '**Workaround:**',
    '- [If available]',
    '',
    '**Status:** Open',
    '',
  ];
  return lines.join('\n');
}
