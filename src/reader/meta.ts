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

/**
 * The tag to use for a `lang` value, or undefined if it is not a language tag. The judge is the
 * platform's `Intl.getCanonicalLocales` (Unicode BCP 47 locale identifiers: `en-u-ca-gregory`,
 * `zh-Hans-CN`, private use `-x-…`), not a regex of ours: a hand-written one rejected valid tags
 * and let `zh-CN-CN` (a region twice) through. Deprecated extlang forms (`zh-cmn-Hans`, use
 * `cmn-Hans`) and grandfathered tags (`i-klingon`) are refused by it too.
 * When canonicalising only fixes letter case (`zh-cn` → `zh-CN`) the canonical form is used; when it
 * would change the tag itself (`iw` → `he`, `cmn` → `zh`) the author's spelling is kept, so
 * `dc:language` says what the author wrote.
 */
export function languageTag(tag: string): string | undefined {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch (e) {
    if (e instanceof RangeError) return undefined; // "Incorrect locale information provided"
    throw e;
  }
  if (canonical === undefined) return undefined;
  return canonical.toLowerCase() === tag.toLowerCase() ? canonical : tag;
}

const URL_RE = /^(https?:\/\/|mailto:)\S+$/i;

/** Validates front matter into Meta. `fmLines` are the file's lines (line 1 = the opening ---). */
export function readMeta(data: Record<string, unknown>, file: string, fmLines: string[]): Meta {
  const title = optString(data, 'title', file, fmLines);
  if (!title) throw new CjkpressError('front matter has no `title`', file, keyLine(fmLines, 'title') ?? 1, 1, 'front-matter');
  const written = optString(data, 'lang', file, fmLines) ?? 'zh-CN';
  const lang = languageTag(written);
  if (lang === undefined) {
    throw new CjkpressError(`\`lang: ${written}\` is not a BCP 47 language tag (e.g. zh-CN)`, file, keyLine(fmLines, 'lang'), 1, 'front-matter');
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
      throw new CjkpressError(
        'front matter `ordered-list` must be `decimal` (1. 2. 3.) or `cjk` (一、二、三、)',
        file,
        keyLine(fmLines, 'ordered-list'),
        1,
        'front-matter',
      );
    }
    meta.orderedList = orderedList;
  }
  const vertical = data.vertical;
  if (vertical !== undefined && vertical !== null) {
    if (typeof vertical !== 'boolean')
      throw new CjkpressError('front matter `vertical` must be true or false', file, keyLine(fmLines, 'vertical'), 1, 'front-matter');
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
