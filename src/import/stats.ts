/**
 * Reading statistics for the front matter, recomputed from the imported body (the clipping's own
 * "本篇文章N字,读完约M分钟" line is not trusted: it usually describes the page it was scraped from).
 *
 * - `chars`: the number of non-white-space characters (Unicode code points) in the body, i.e. every heading
 *   text and paragraph text — without the title, the stats line, the trailer, or Markdown syntax. Punctuation
 *   counts, as a Chinese 字数 does; Latin letters and digits count one each. Punctuation clean-up does not change
 *   it (one character for one).
 * - `minutes`: ⌈chars / {@link CHARS_PER_MINUTE}⌉ — 400 characters a minute, a common figure for reading
 *   Chinese on screen.
 */
import { charCount } from './structure.ts';

export const CHARS_PER_MINUTE = 400;

export interface ReadingStats {
  chars: number;
  minutes: number;
}

export function readingStats(texts: readonly string[]): ReadingStats {
  const chars = texts.reduce((n, t) => n + charCount(t), 0);
  return { chars, minutes: Math.ceil(chars / CHARS_PER_MINUTE) };
}
