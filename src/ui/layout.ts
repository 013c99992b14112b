// Every height the screen is cut into, in one place: the chrome around the body, each panel's own
// lines, and what is left for rows. The key handler pages by the same numbers the panels draw.

/** The documented minimum terminal: below it the screen says so instead of drawing. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;

export const HEADER_ROWS = 2;
export const TAB_BAR_ROWS = 1;
export const FOOTER_ROWS = 1;
export const REPLAY_BAR_ROWS = 1;
/** The question line above the body while something is being typed for the Compare tab. */
export const PROMPT_ROWS = 1;

/** A rounded border's top and bottom lines. */
export const BORDER_ROWS = 2;
/** Border, the summary line, the control-channel line and the column titles. */
export const NEIGHBORS_CHROME_ROWS = BORDER_ROWS + 3;
/** Border, the counters line, the sources line and the filter/notice line. */
export const LOGS_CHROME_ROWS = BORDER_ROWS + 3;
/** Border, the title, the blank line, the Events title and the line under it. */
export const ALERTS_CHROME_ROWS = BORDER_ROWS + 4;
/** Everything on the Compare tab but the list of runs. */
export const COMPARE_CHROME_ROWS = BORDER_ROWS + 14;
/** Border, the title and the closing hint. */
export const OVERLAY_CHROME_ROWS = BORDER_ROWS + 2;
/** Border and the title line (and one spare line, as the picker always had). */
export const PICKER_CHROME_ROWS = BORDER_ROWS + 2;

/** Vitals: three one-line charts, the helpers line and the border. */
export const COMPACT_VITALS_HEIGHT = 3 + 1 + BORDER_ROWS;
/** Vitals folded away (v): one line, no border. */
export const FOLDED_VITALS_HEIGHT = 1;
/** Tallest the vitals grow, and the body below which they stay compact. */
const MAX_VITALS_HEIGHT = 18;
const ROOMY_BODY = 16;

/**
 * Ink draws one line short of the terminal: a frame as tall as the terminal makes it clear the
 * whole screen on every frame.
 */
export function frameRows(terminalRows: number): number {
  return terminalRows - 1;
}

export function tooSmall(columns: number, terminalRows: number): boolean {
  return columns < MIN_COLUMNS || terminalRows < MIN_ROWS;
}

/** Rows between the chrome (header, replay bar, tab bar) and the footer. */
export function bodyRows(terminalRows: number, replaying: boolean): number {
  return frameRows(terminalRows) - HEADER_ROWS - TAB_BAR_ROWS - FOOTER_ROWS - (replaying ? REPLAY_BAR_ROWS : 0);
}

/** Vitals take what they need up to half the body; the neighbor table gets the rest. */
export function splitBody(body: number, vitalsFolded = false): { vitals: number; neighbors: number } {
  if (vitalsFolded) return { vitals: FOLDED_VITALS_HEIGHT, neighbors: Math.max(0, body - FOLDED_VITALS_HEIGHT) };
  if (body < ROOMY_BODY) return { vitals: COMPACT_VITALS_HEIGHT, neighbors: Math.max(0, body - COMPACT_VITALS_HEIGHT) };
  const vitals = Math.min(MAX_VITALS_HEIGHT, Math.floor(body / 2));
  return { vitals, neighbors: body - vitals };
}

/** The neighbor panel is drawn only when it has room for at least one row. */
export const MIN_NEIGHBORS_HEIGHT = NEIGHBORS_CHROME_ROWS - 1;

/** Rows a panel of `height` gives each of its three charts (title line excluded); 0 = one line each. */
export function chartHeight(height: number): number {
  return Math.max(0, Math.floor((height - BORDER_ROWS - 1 - 3) / 3));
}

export const neighborTableRows = (panelHeight: number) => Math.max(0, panelHeight - NEIGHBORS_CHROME_ROWS);
export const logListRows = (panelHeight: number) => Math.max(1, panelHeight - LOGS_CHROME_ROWS);
export const overlayRows = (panelHeight: number) => Math.max(0, panelHeight - OVERLAY_CHROME_ROWS);

/** How far PgUp/PgDn move on each list, for a terminal of `terminalRows`. */
export function pageSizes(terminalRows: number, replaying: boolean, vitalsFolded: boolean) {
  const body = bodyRows(terminalRows, replaying);
  return {
    neighbors: Math.max(1, neighborTableRows(splitBody(body, vitalsFolded).neighbors)),
    logs: logListRows(body),
    help: Math.max(1, overlayRows(body)),
  };
}
