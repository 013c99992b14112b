// The pieces every chart shares: a time axis, a value axis, the mapping between them and pixels,
// written into data- attributes so a test (or a person with devtools) can map the drawing back.
import { escapeHtml } from './escape.js';

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  t0: number;
  t1: number;
  v0: number;
  v1: number;
}

export const px = (n: number): string => (Math.round(n * 10) / 10).toString();

export const xOf = (f: Frame, t: number): number => f.left + ((t - f.t0) / Math.max(1, f.t1 - f.t0)) * (f.width - f.left - f.right);

export const yOf = (f: Frame, v: number): number => f.height - f.bottom - ((v - f.v0) / (f.v1 - f.v0 || 1)) * (f.height - f.top - f.bottom);

/** A rounded-up top for a value axis: 1, 2 or 5 times a power of ten. */
export function niceTop(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** UTC labels: the hour for spans under two days, the date beyond. */
function timeLabel(t: number, span: number): string {
  const d = new Date(t);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (span > 2 * 86_400_000) return day;
  return span > 600_000 ? hm : `${hm}:${pad(d.getUTCSeconds())}`;
}

export function frameAttributes(f: Frame): string {
  return `data-t0="${f.t0}" data-t1="${f.t1}" data-v0="${f.v0}" data-v1="${f.v1}" data-px0="${px(xOf(f, f.t0))}" data-px1="${px(xOf(f, f.t1))}" data-py0="${px(yOf(f, f.v0))}" data-py1="${px(yOf(f, f.v1))}"`;
}

export function axes(f: Frame, valueLabel: (v: number) => string, ticks = 5): string {
  const out: string[] = [];
  for (let i = 0; i <= ticks; i++) {
    const v = f.v0 + ((f.v1 - f.v0) * i) / ticks;
    const y = px(yOf(f, v));
    out.push(`<line class="grid" x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}"/>`);
    out.push(`<text class="tick" x="${f.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(valueLabel(v))}</text>`);
  }
  out.push(...timeTicks(f, f.height - f.bottom + 16));
  return out.join('');
}

export function timeTicks(f: Frame, y: number, ticks = 6): string[] {
  const span = f.t1 - f.t0;
  const out: string[] = [];
  for (let i = 0; i <= ticks; i++) {
    const t = f.t0 + (span * i) / ticks;
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
    out.push(`<text class="tick" x="${px(xOf(f, t))}" y="${y}" text-anchor="${anchor}">${timeLabel(t, span)}</text>`);
  }
  return out;
}
