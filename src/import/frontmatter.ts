/**
 * YAML front matter, emitted with the `yaml` package in a fixed key order:
 * `title`, `lang`, `reading: {chars, minutes}`, `author`, `column`, `origin`, `sources: [{title, url}]` — only keys
 * the reader accepts (src/reader/meta.ts). `author`, `column` and `origin` are left out when the input has none; `sources` is always present (maybe `[]`).
 * Lines are never folded (lineWidth 0), so the output depends only on the data.
 */
import { emitYaml } from '../yaml.ts';
import type { ReadingStats } from './stats.ts';
import type { Source } from './trailer.ts';

export interface FrontMatter {
  title: string;
  lang: string;
  reading: ReadingStats;
  author?: string;
  column?: string;
  origin?: string;
  sources: Source[];
}

export function emitFrontMatter(fm: FrontMatter): string {
  const ordered: Record<string, unknown> = {
    title: fm.title,
    lang: fm.lang,
    reading: { chars: fm.reading.chars, minutes: fm.reading.minutes },
  };
  if (fm.author !== undefined) ordered.author = fm.author;
  if (fm.column !== undefined) ordered.column = fm.column;
  if (fm.origin !== undefined) ordered.origin = fm.origin;
  ordered.sources = fm.sources.map((s) => ({ title: s.title, url: s.url }));
  return `---\n${emitYaml(ordered)}---\n`;
}
