export { AlertEngine, DEFAULT_MAX_EVENTS, type AlertFootprint } from './engine.js';
export { alertConfigSchema, DEFAULT_ALERT_CONFIG, parseAlertConfig, RULE_NAMES, type AlertConfig, type AlertLevel, type RuleConfig, type RuleName } from './config.js';
export type { GrowthReading, WindowMedian } from './rss-history.js';
export type { Alert, Observation } from './types.js';
