// The log pipeline: parse a line, classify it, group and fold it into entries. Pure; the
// followers in src/probes/logs/ feed it.
export { stripAnsi, ansiLevel } from './ansi.js';
export { parseLine, parseJournalRecord, parseEvent, resolveTimeOfDay, severityLevel } from './parse-line.js';
export { classify, neighborFact, analyzeLine, isIpAddress, type LineAnalysis } from './classify.js';
export { LogPipeline, ratePerSecond, normaliseSummary, type LogPipelineOptions } from './pipeline.js';
export type { LineShape, LogClass, LogCounters, LogEntry, LogLevel, LogLine, NeighborFact } from './types.js';
