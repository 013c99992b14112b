// Issue reports from a recording or from the live monitor's state, and where they are saved:
// the I/O around the pure core (core/incident/): reading recordings, probing the environment.
import { join } from 'node:path';
import type { ProcFs } from '../io/procfs.js';
import type { BaselineRecording } from '../core/incident/async-specific.js';
import { decideAsyncSpecific } from '../core/incident/async-specific.js';
import type { EvidenceSample } from '../core/incident/evidence.js';
import { evidenceFromState } from '../core/incident/from-state.js';
import { evidenceSampleOf, RecordingScan } from '../core/incident/from-recording.js';
import { buildIncident, type Incident } from '../core/incident/incident.js';
import { incidentMarkdown } from '../core/incident/markdown.js';
import { pickEntry, type PickOptions } from '../core/incident/pick.js';
import type { LogEntry } from '../core/logs/types.js';
import type { MonitorState } from '../core/model/state.js';
import { probeEnvironment } from '../io/daemon/environment.js';
import { readRecordingFile } from '../io/record/read-files.js';
import { saveNewFile } from '../io/runs/store.js';

export async function scanRecording(file: string): Promise<RecordingScan> {
  const scan = new RecordingScan();
  await readRecordingFile(file, (item) => {
    if (item.type === 'sample') scan.sample(item);
    else if (item.type === 'event') scan.event(item);
  });
  return scan;
}

export async function readBaselines(files: readonly string[]): Promise<BaselineRecording[]> {
  return Promise.all(files.map(async (file) => (await scanRecording(file)).asBaseline(file)));
}

async function samplesBetween(file: string, start: number, end: number): Promise<EvidenceSample[]> {
  const out: EvidenceSample[] = [];
  await readRecordingFile(file, (item) => {
    if (item.type === 'sample' && item.t >= start && item.t <= end) out.push(evidenceSampleOf(item));
  });
  return out;
}

export type IncidentResult = { ok: true; incident: Incident } | { ok: false; message: string };

const nothing = (what: string, options: PickOptions) =>
  `no ${options.kind ?? 'traceback, NOTIFICATION or session drop'}${options.match ? ` matching /${options.match.source}/` : ''} in ${what}`;

export async function incidentFromRecording(file: string, options: PickOptions, baselines: readonly BaselineRecording[], marginMs: number): Promise<IncidentResult> {
  const scan = await scanRecording(file);
  const chosen = pickEntry(scan.grouped(), options);
  if (!chosen) {
    const unsigned = scan.unsignedTracebacks();
    const hint = unsigned ? ` (it counts ${unsigned} traceback${unsigned === 1 ? '' : 's'} without ${unsigned === 1 ? 'its' : 'their'} text: recorded by exatop before recording version 2)` : '';
    return { ok: false, message: `${nothing(file, options)}${hint}` };
  }
  const samples = await samplesBetween(file, chosen.first - marginMs, chosen.last + marginMs);
  const evidence = scan.evidence(file, chosen, samples);
  const env = evidence.environment.reactor;
  const verdict = decideAsyncSpecific({ kind: evidence.entry.kind, signature: evidence.entry.signature, reactor: env.mode, reactorSource: env.source }, baselines);
  return { ok: true, incident: buildIncident(evidence, verdict, marginMs) };
}

export async function incidentFromState(
  state: MonitorState, entry: LogEntry, proc: ProcFs, baselines: readonly BaselineRecording[], marginMs: number, watchStart: number, now: number,
): Promise<IncidentResult> {
  if (!state.daemon) return { ok: false, message: 'no daemon attached: its environment cannot be read' };
  const probed = await probeEnvironment(proc, state.daemon);
  const evidence = evidenceFromState(state, entry, { ...probed, watchStart, now });
  if (!evidence) return { ok: false, message: `a ${entry.class} entry is not something an issue report is made from (tracebacks, NOTIFICATIONs, session drops)` };
  const env = evidence.environment.reactor;
  const verdict = decideAsyncSpecific({ kind: evidence.entry.kind, signature: evidence.entry.signature, reactor: env.mode, reactorSource: env.source }, baselines);
  return { ok: true, incident: buildIncident(evidence, verdict, marginMs) };
}

export function pickLive(state: MonitorState, options: PickOptions): LogEntry | null {
  return pickEntry(state.logs.entries, options);
}

export function incidentsDir(runsDir: string): string {
  return join(runsDir, 'incidents');
}

/** Saves the report as Markdown (or JSON) under RUNS/incidents/, never over an earlier one. */
export async function saveIncident(incident: Incident, runsDir: string, json: boolean, now = new Date()): Promise<{ path: string; text: string }> {
  const text = json ? `${JSON.stringify(incident, null, 2)}\n` : incidentMarkdown(incident);
  const stem = `incident-${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}-${incident.entry.kind}`;
  return { path: await saveNewFile(incidentsDir(runsDir), stem, json ? '.json' : '.md', text), text };
}
