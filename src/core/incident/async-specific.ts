// "Async-specific: Yes / No / Unknown", decided from evidence: the same traceback signature
// looked for in hours of generator-mode recordings.

export interface BaselineRecording {
  file: string;
  /** Hours of samples taken under the generator reactor while a log source was followed. */
  generatorHours: number;
  /** Hours under another reactor or with no log followed: not comparable, stated. */
  otherHours: number;
  signatures: ReadonlySet<string>;
  /** Tracebacks the recording counted without their text (exatop before recording version 2). */
  unsigned: number;
}

export interface AsyncVerdict {
  answer: 'Yes' | 'No' | 'Unknown';
  reason: string;
  generatorHours: number;
}

const hours = (h: number) => `${h < 10 ? h.toFixed(2) : h.toFixed(1)} h`;

export function decideAsyncSpecific(
  incident: { kind: string; signature: string; reactor: 'generator' | 'asyncio' | 'unknown'; reactorSource: string },
  baselines: readonly BaselineRecording[],
): AsyncVerdict {
  const generatorHours = baselines.reduce((sum, b) => sum + b.generatorHours, 0);
  if (incident.kind !== 'traceback') {
    return { answer: 'Unknown', reason: `decided from traceback signatures only; this is a ${incident.kind}`, generatorHours };
  }
  if (incident.reactor === 'generator') {
    return { answer: 'No', reason: `it happened under the generator reactor (${incident.reactorSource})`, generatorHours };
  }
  if (incident.reactor === 'unknown') {
    return { answer: 'Unknown', reason: `the daemon's reactor is unknown (${incident.reactorSource})`, generatorHours };
  }
  if (baselines.length === 0) {
    return { answer: 'Unknown', reason: 'no generator-mode recording to compare with (exatop incident --baseline FILE…)', generatorHours };
  }
  const files = baselines.map((b) => b.file).join(', ');
  const seenIn = baselines.filter((b) => b.signatures.has(incident.signature)).map((b) => b.file);
  if (seenIn.length) {
    return { answer: 'No', reason: `the same traceback (${incident.signature}) occurs in generator mode too: ${seenIn.join(', ')} (${hours(generatorHours)} of generator recordings compared)`, generatorHours };
  }
  const unsigned = baselines.filter((b) => b.unsigned > 0);
  if (unsigned.length) {
    return { answer: 'Unknown', reason: `not in the signatures of ${files}, but ${unsigned.map((b) => `${b.file} counted ${b.unsigned} traceback${b.unsigned === 1 ? '' : 's'} without their text`).join(', ')} (recorded before recording version 2)`, generatorHours };
  }
  if (generatorHours <= 0) {
    const other = baselines.reduce((sum, b) => sum + b.otherHours, 0);
    return { answer: 'Unknown', reason: `${files} hold${baselines.length === 1 ? 's' : ''} no generator-mode sample with a log followed (${hours(other)} of other samples)`, generatorHours };
  }
  return { answer: 'Yes', reason: `the traceback occurs under asyncio and never in ${hours(generatorHours)} of generator recordings (${files})`, generatorHours };
}
