/**
 * Stage 2 of `cjkpress import`: text → lines → blocks (paragraph candidates).
 *
 * - Line endings: CRLF and lone CR become LF.
 * - Each line loses leading and trailing white space, including U+3000 IDEOGRAPHIC SPACE (the Chinese
 *   paragraph indent), NBSP and stray U+FEFF. Inner spaces are kept.
 * - Paragraphs: blank lines always separate blocks. Inside a run of non-blank lines, each line is its own
 *   block (the usual "one paragraph per line" clipping) unless the document is *hard-wrapped*:
 *   hard wrapping is detected when most lines that are followed by another line in the same run have about
 *   the same display width (CJK = 2 columns, at least {@link MIN_FULL_LINES} such lines), at most
 *   {@link MAX_WRAP_WIDTH} columns. Then a line that
 *   reaches that width ("full") continues on the next line; a shorter line ends its block. The joined lines
 *   are glued without a space when either side is CJK and with one space between Latin words.
 */
import { isCjk, lineJoiner } from '../text/cjk.ts';

export interface Line {
  text: string;
  /** 1-based line number in the input */
  line: number;
}

export interface TextBlock {
  text: string;
  /** 1-based line number of the block's first line */
  line: number;
}

/** Hard-wrap widths beyond this many columns are not believed: such lines are paragraphs. */
export const MAX_WRAP_WIDTH = 160;
/** Share of "non-final" lines that must sit at the wrap width for the document to count as hard-wrapped. */
export const MIN_FULL_SHARE = 0.5;
/** …and at least this many of them: two similar lines are a coincidence, not a wrap width. */
export const MIN_FULL_LINES = 3;

const EDGE_SPACE = /^[\s\u3000\u00a0\ufeff\u200b]+|[\s\u3000\u00a0\ufeff\u200b]+$/gu;

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Splits into trimmed lines; blank lines are kept as '' so blocks can be found. */
export function toLines(text: string): Line[] {
  return normalizeNewlines(text)
    .split('\n')
    .map((t, i) => ({ text: t.replace(EDGE_SPACE, ''), line: i + 1 }));
}

/** Display width: East Asian wide/full-width characters count 2, others 1. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isCjk(ch) || /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** Runs of consecutive non-blank lines. */
function runs(lines: readonly Line[]): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (l.text === '') {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Tolerance below the wrap width that still counts as a full line (kinsoku, word wrap). */
function tolerance(width: number): number {
  return Math.max(4, Math.round(width * 0.15));
}

/**
 * The hard-wrap width of the document, or undefined when it is not hard-wrapped.
 * Looks at lines followed by another line of the same run; takes their median width M;
 * wrapped iff M ≤ MAX_WRAP_WIDTH and at least MIN_FULL_SHARE of them, and at least MIN_FULL_LINES, lie within
 * tolerance of M.
 */
export function wrapWidth(lines: readonly Line[]): number | undefined {
  const widths: number[] = [];
  for (const run of runs(lines)) for (const l of run.slice(0, -1)) widths.push(displayWidth(l.text));
  if (widths.length < MIN_FULL_LINES) return undefined;
  widths.sort((a, b) => a - b);
  const m = widths[Math.floor(widths.length / 2)]!;
  if (m > MAX_WRAP_WIDTH) return undefined;
  const tol = tolerance(m);
  const full = widths.filter((w) => w >= m - tol && w <= m + tol).length;
  return full >= MIN_FULL_LINES && full / widths.length >= MIN_FULL_SHARE ? m : undefined;
}

function glue(a: string, b: string): string {
  return a + lineJoiner(a, b) + b;
}

/** Lines → blocks, following the paragraph rules in the module comment. */
export function toBlocks(lines: readonly Line[]): TextBlock[] {
  const wrap = wrapWidth(lines);
  const out: TextBlock[] = [];
  for (const run of runs(lines)) {
    let cur: TextBlock | undefined;
    for (const l of run) {
      if (cur) cur.text = glue(cur.text, l.text);
      else cur = { text: l.text, line: l.line };
      const full = wrap !== undefined && displayWidth(l.text) >= wrap - tolerance(wrap);
      if (!full) {
        out.push(cur);
        cur = undefined;
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}
