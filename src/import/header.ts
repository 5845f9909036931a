/**
 * The clipping's head: the title line and an optional reading-stats line.
 *
 * - Title: the first non-blank line, when it looks like a title (at most {@link TITLE_MAX_CHARS} characters and
 *   not ending with a full stop or comma). Otherwise the clipping has no title line and the caller falls back to
 *   the trailer's 标题 or the file name.
 * - Stats line: the next non-blank line when it reads like "本篇文章3914字,读完约10分钟" (also 本文/全文, 共/约,
 *   full-width commas, with or without the minutes part). It is dropped: the tool recomputes the numbers
 *   (see stats.ts); the claimed numbers are returned for a warning.
 */
import type { Line } from './lines.ts';

export const TITLE_MAX_CHARS = 80;

const STATS =
  /^(?:本篇文章|本篇|本文|全文)(?:共|约|共约)?\s*(\d+)\s*(?:个)?字(?:[,，、;；\s]*(?:阅读|读完)?(?:本文)?(?:需要|约|大约|需)?\s*(\d+)\s*分钟)?[。.]?$/u;

export interface Header {
  title?: { text: string; line: number };
  stats?: { chars: number; minutes?: number; line: number };
  /** index into the line array of the first line after the header */
  next: number;
}

function nextNonBlank(lines: readonly Line[], from: number): number {
  let i = from;
  while (i < lines.length && lines[i]!.text === '') i++;
  return i;
}

export function parseStatsLine(text: string): { chars: number; minutes?: number } | undefined {
  const m = STATS.exec(text);
  if (!m) return undefined;
  return m[2] === undefined ? { chars: Number(m[1]) } : { chars: Number(m[1]), minutes: Number(m[2]) };
}

export function looksLikeTitle(text: string): boolean {
  return [...text].length <= TITLE_MAX_CHARS && !/[。，,；;]$/u.test(text);
}

export function parseHeader(lines: readonly Line[]): Header {
  const h: Header = { next: 0 };
  let i = nextNonBlank(lines, 0);
  const first = lines[i];
  if (first && looksLikeTitle(first.text) && !parseStatsLine(first.text)) {
    h.title = { text: first.text, line: first.line };
    i = nextNonBlank(lines, i + 1);
  }
  const second = lines[i];
  const stats = second ? parseStatsLine(second.text) : undefined;
  if (second && stats) {
    h.stats = { ...stats, line: second.line };
    i++;
  }
  h.next = i;
  return h;
}
