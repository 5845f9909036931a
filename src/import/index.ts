/**
 * `cjkpress import`: a scraped plain-text clipping → the structured Markdown (YAML front matter + body) that
 * `cjkpress build` reads.
 *
 * Pipeline (one module per stage):
 *   decode.ts      bytes → text (UTF-8 ± BOM, UTF-16 with BOM, GB18030/GBK, Big5, Shift_JIS, EUC-KR; binary → error)
 *   lines.ts       line endings, edge white space, lines → blocks (blank-line / one-per-line / hard-wrapped)
 *   header.ts      title line and the "本篇文章N字,读完约M分钟" line
 *   trailer.ts     标题/地址/本文专栏/本文来源 lines at the end → sources, column, origin
 *   structure.ts   heading rules (h2 for short lines between paragraphs, numbered lines one level lower)
 *   punctuation.ts ASCII , : ; ? ! ( ) in Chinese text → full width (unless keepPunctuation)
 *   stats.ts       reading stats recomputed from the body
 *   frontmatter.ts / markdown.ts  deterministic output
 *
 * Saved web pages go to html/index.ts instead (importArticle below picks).
 *
 * The result depends only on the input bytes and the options (no clock, no randomness, no environment).
 */
import { CjkpressError } from '../diagnostics.ts';
import { languageTag } from '../reader/meta.ts';
import { decode, ENCODING_NAMES } from './decode.ts';
import { emitFrontMatter } from './frontmatter.ts';
import { parseHeader } from './header.ts';
import { toBlocks, toLines } from './lines.ts';
import { emitBody } from './markdown.ts';
import { cleanPunctuation } from './punctuation.ts';
import { readingStats } from './stats.ts';
import { classify, type Classified } from './structure.ts';
import { parseTrailer } from './trailer.ts';

export interface ImportOptions {
  /** input path, for messages and as the title of last resort */
  file: string;
  /** BCP 47 language of the article; default zh-CN */
  lang?: string;
  /** skip the punctuation clean-up */
  keepPunctuation?: boolean;
  /** HTML: the folder (relative to the Markdown) that images of the saved page are copied to; default NAME.assets */
  assetsDir?: string;
}

export interface ImportResult {
  markdown: string;
  /** `file:line: warning: text [rule]` lines, for stderr */
  warnings: string[];
  /** HTML: files to write beside the Markdown (paths relative to it), e.g. images of the saved page */
  assets?: { path: string; bytes: Uint8Array }[];
}

/** File names that are HTML whatever their content looks like. */
const HTML_NAME = /\.(?:html?|xhtml|shtml|mhtml|mht)$/i;

/** True for a saved web page: an .html/.mhtml name, markup at the start of the file (after a BOM and white space), or an MHTML header. */
export function isHtml(bytes: Uint8Array, file: string): boolean {
  if (HTML_NAME.test(file)) return true;
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .replace(/^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .replace(/\0/g, '')
    .trimStart()
    .toLowerCase();
  if (/^mime-version:/m.test(head) && /content-type:\s*multipart\/related/.test(head)) return true; // MHTML
  return /^<(?:!doctype html|html[\s>]|head[\s>]|meta[\s>]|!--)/.test(head) && /<(?:html|body|head)[\s>]/.test(head);
}

/**
 * Imports a clipping or a saved web page. The HTML importer (with linkedom and Readability) is loaded only when
 * the input is HTML, so plain-text imports stay as fast as before.
 */
export async function importArticle(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  if (!isHtml(bytes, opts.file)) return (await importAozoraText(bytes, opts)) ?? importClipping(bytes, opts);
  const { importHtml } = await import('./html/index.ts');
  return importHtml(bytes, opts);
}

/**
 * An Aozora Bunko text (src/import/aozora/), recognised by its notation — with `--lang ja` or no `--lang`
 * (never for another language: in Chinese 《》 are title marks). UTF-8 or Shift_JIS, as the library
 * publishes them; undefined for anything else, which the clipping importer reads.
 */
async function importAozoraText(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult | undefined> {
  if (opts.lang !== undefined && !/^ja(?:-|$)/i.test(opts.lang)) return undefined;
  const decoded = decodeJapanese(bytes);
  if (!decoded) return undefined;
  const { looksLikeAozora, importAozora } = await import('./aozora/index.ts');
  if (!looksLikeAozora(decoded.text)) return undefined;
  const lang = languageTag(opts.lang ?? 'ja') ?? 'ja';
  const { file } = opts;
  const r = importAozora(decoded.text, { file, lang });
  const warnings = decoded.sjis ? [`${file}: warning: input is not UTF-8; decoded as Shift_JIS [encoding]`] : [];
  for (const w of r.warnings) warnings.push(`${file}${w.line ? `:${w.line}` : ''}: warning: ${w.message} [${w.rule}]`);
  return { markdown: r.markdown, warnings };
}

/** UTF-8 (BOM or not), else Shift_JIS (Windows-31J, as the WHATWG decoder reads it), decoded strictly. */
function decodeJapanese(bytes: Uint8Array): { text: string; sjis: boolean } | undefined {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  for (const [label, sjis] of [
    ['utf-8', false],
    ['shift_jis', true],
  ] as const) {
    try {
      return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body), sjis };
    } catch {
      // not this encoding
    }
  }
  return undefined;
}

export const DEFAULT_LANG = 'zh-CN';

function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]*$/, '') || base;
}

export function importClipping(bytes: Uint8Array, opts: ImportOptions): ImportResult {
  const { file } = opts;
  const warnings: string[] = [];
  const warn = (line: number | undefined, message: string, rule: string) => warnings.push(`${file}${line ? `:${line}` : ''}: warning: ${message} [${rule}]`);

  const written = opts.lang ?? DEFAULT_LANG;
  // the same judge as the reader's `lang` (src/reader/meta.ts): what import writes, build accepts
  const lang = languageTag(written);
  if (lang === undefined) {
    throw new CjkpressError(`invalid language tag "${written}" (expected BCP 47, e.g. zh-CN)`, file, undefined, undefined, 'bad-lang');
  }

  const decoded = decode(bytes, file);
  if (decoded.encoding.startsWith('utf-16')) warn(undefined, `input decoded as ${ENCODING_NAMES[decoded.encoding]}`, 'encoding');
  else if (decoded.encoding !== 'utf-8') warn(undefined, `input is not UTF-8; decoded as ${ENCODING_NAMES[decoded.encoding]}`, 'encoding');

  const lines = toLines(decoded.text);
  const header = parseHeader(lines);
  const trailer = parseTrailer(lines, header.next);
  for (const w of trailer.warnings) warn(w.line, w.message, 'trailer');

  const blocks = toBlocks(lines.slice(header.next, trailer.start));
  if (blocks.length === 0) {
    throw new CjkpressError('no article text found (only a title, a stats line or a trailer)', file, undefined, undefined, 'empty-article');
  }
  const classified = classify(blocks);

  let title = header.title?.text;
  if (title === undefined) {
    title = trailer.sources[0]?.title ?? stem(file);
    warn(1, `no title line; using "${title}"`, 'title');
  }

  const clean = (s: string) => (opts.keepPunctuation ? s : cleanPunctuation(s));
  const body: Classified[] = classified.map((b) => ({ ...b, text: clean(b.text) }));
  const reading = readingStats(body.map((b) => b.text));

  if (header.stats && header.stats.chars !== reading.chars) {
    warn(
      header.stats.line,
      `the clipping says ${header.stats.chars} characters; the body has ${reading.chars} non-white-space characters (reading.chars uses the latter)`,
      'reading-stats',
    );
  }

  const fm = emitFrontMatter({
    title: clean(title),
    lang,
    reading,
    ...(trailer.column !== undefined ? { column: clean(trailer.column) } : {}),
    ...(trailer.origin !== undefined ? { origin: clean(trailer.origin) } : {}),
    sources: trailer.sources.map((s) => ({ title: clean(s.title), url: s.url })),
  });
  return { markdown: `${fm}\n${emitBody(body)}\n`, warnings };
}
