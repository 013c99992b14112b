// The page around the charts: no script, no external resource, a Content-Security-Policy that
// forbids both, so the file shows the same offline, from a mail attachment or a ticket.
import { escapeHtml } from './escape.js';

export const HTML_STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fff; max-width: 1040px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 6px; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
.summary th { font-weight: 600; white-space: nowrap; } .checklist th { border-bottom: 1px solid #ccd; }
.checklist tr.pass td:nth-child(3) { color: #17803d; } .checklist tr.fail td:nth-child(3) { color: #c0262d; font-weight: 600; }
.checklist tr.not-enough-data td:nth-child(3), .checklist tr.person td:nth-child(3) { color: #6b7280; }
.chart { width: 100%; height: auto; display: block; } .caption, .files, .none { color: #4b5563; font-size: 13px; }
.grid { stroke: #e5e7eb; } .tick, .name, .limit-label { font-size: 11px; fill: #4b5563; }
.series { fill: none; stroke-width: 1.2; } .series.rss { stroke: #2563eb; } .series.cpu { stroke: #7c3aed; }
.window-hour { fill: #f59e0b; opacity: .12; } .limit { stroke: #dc2626; stroke-dasharray: 6 4; stroke-width: 1.5; }
.limit-label { fill: #dc2626; } .hour-avg { stroke: #111827; stroke-width: 3; opacity: .6; }
.state.established { fill: #22c55e; } .state.down { fill: #ef4444; } .state.unknown { fill: #d1d5db; }
.mark.restart { stroke: #111827; stroke-width: 1.5; } .mark.gap, .mark.lost { stroke: #9ca3af; stroke-dasharray: 3 3; }
.mark.flap { fill: #b91c1c; } .mark.alert { fill: #f59e0b; stroke: #92400e; }
.key { display: inline-block; width: 12px; height: 10px; margin: 0 2px 0 8px; }
.key.established { background: #22c55e; } .key.down { background: #ef4444; } .key.unknown { background: #d1d5db; }
.strip .base { fill: #2563eb; opacity: .7; } .strip .cand { fill: #ea580c; opacity: .7; } .strip .mean { stroke: #111827; stroke-width: 2; }
`;

export function page(title: string, body: string, style: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style></head>
<body>
${body}
<p class="files">Made by exatop: every figure as the text report computes it; drawn from the recording, downsampled keeping each span's lowest and highest sample.</p>
</body></html>
`;
}
