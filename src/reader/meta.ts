import { basename, extname } from 'node:path';
import { CjkpressError } from '../diagnostics.ts';
import type { Meta, ReadingStats, SourceRef } from '../model.ts';

/** Finds the file line of a top-level front-matter key, so errors point at it. */
export function keyLine(fmLines: string[], key: string): number | undefined {
  const i = fmLines.findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? undefined : i + 1;
}

function optString(data: Record<string, unknown>, key: string, file: string, lines: string[]): string | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
  throw new CjkpressError(`front matter \`${key}\` must be text`, file, keyLine(lines, key), 1, 'front-matter');
}

const LANG_RE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const URL_RE = /^(https?:\/\/|mailto:)\S+$/i;

/** Validates front matter into Meta. `fmLines` are the file's lines (line 1 = the opening ---). */
export function readMeta(data: Record<string, unknown>, file: string, fmLines: string[]): Meta {
  const title = optString(data, 'title', file, fmLines);
  if (!title) throw new CjkpressError('front matter has no `title`', file, keyLine(fmLines, 'title') ?? 1, 1, 'front-matter');
  const lang = optString(data, 'lang', file, fmLines) ?? 'zh-CN';
  if (!LANG_RE.test(lang)) {
    throw new CjkpressError(`\`lang: ${lang}\` is not a BCP 47 language tag (e.g. zh-CN)`, file, keyLine(fmLines, 'lang'), 1, 'front-matter');
  }
  const slug = optString(data, 'slug', file, fmLines) ?? basename(file, extname(file));
  if (!/^[\w.-]+$/.test(slug) || slug.startsWith('.')) {
    throw new CjkpressError(`\`slug: ${slug}\` must be a plain file name (letters, digits, - _ .)`, file, keyLine(fmLines, 'slug') ?? 1, 1, 'front-matter');
  }
  const meta: Meta = { title, lang, slug, sources: readSources(data.sources, file, fmLines) };
  const reading = readReading(data.reading, file, fmLines);
  if (reading) meta.reading = reading;
  for (const key of ['column', 'origin', 'author'] as const) {
    const v = optString(data, key, file, fmLines);
    if (v) meta[key] = v;
  }
  const font = optString(data, 'font', file, fmLines);
  if (font) meta.font = font;
  const headingFont = optString(data, 'heading-font', file, fmLines);
  if (headingFont) meta.headingFont = headingFont;
  const orderedList = optString(data, 'ordered-list', file, fmLines);
  if (orderedList !== undefined) {
    if (orderedList !== 'decimal' && orderedList !== 'cjk') {
      throw new CjkpressError('front matter `ordered-list` must be `decimal` (1. 2. 3.) or `cjk` (一、二、三、)', file, keyLine(fmLines, 'ordered-list'), 1, 'front-matter');
    }
    meta.orderedList = orderedList;
  }
  const vertical = data.vertical;
  if (vertical !== undefined && vertical !== null) {
    if (typeof vertical !== 'boolean') throw new CjkpressError('front matter `vertical` must be true or false', file, keyLine(fmLines, 'vertical'), 1, 'front-matter');
    meta.vertical = vertical;
  }
  return meta;
}

function readReading(v: unknown, file: string, lines: string[]): ReadingStats | undefined {
  if (v === undefined || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof v !== 'object' || typeof r.chars !== 'number' || typeof r.minutes !== 'number') {
    throw new CjkpressError('front matter `reading` must have numbers `chars` and `minutes`', file, keyLine(lines, 'reading'), 1, 'front-matter');
  }
  return { chars: r.chars, minutes: r.minutes };
}

function readSources(v: unknown, file: string, lines: string[]): SourceRef[] {
  if (v === undefined || v === null) return [];
  const line = keyLine(lines, 'sources');
  if (!Array.isArray(v)) throw new CjkpressError('front matter `sources` must be a list of {title, url}', file, line, 1, 'front-matter');
  return v.map((s: unknown, i) => {
    const o = (s ?? {}) as Record<string, unknown>;
    const title = typeof o.title === 'string' ? o.title.trim() : '';
    const url = typeof o.url === 'string' ? o.url.trim() : '';
    if (!url || !URL_RE.test(url)) {
      throw new CjkpressError(`source ${i + 1} needs a \`url\` starting with http://, https:// or mailto:`, file, line, 1, 'front-matter');
    }
    return { title: title || url, url };
  });
}
