/**
 * The book file (`book.yaml`): a volume's title, its articles (files or globs relative to the book
 * file, inside its folder, in the order written) and the build options that make sense for a whole
 * book. Every error names the place in the book file: `book.yaml:7:5: error: … [book]`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CjkpressError, type Diagnostics } from '../diagnostics.ts';
import type { Pos } from '../model.ts';
import { languageTag } from '../reader/meta.ts';
import { lineCol, parseYamlLocated, type YamlPath } from '../yaml.ts';
import { PAGE_SIZES, type PageSize } from '../writers/pdf/style.ts';

export { BOOK_EXTENSIONS, isBookFile } from '../inputs.ts';

export interface BookFile {
  file: string;
  title: string;
  subtitle?: string;
  author?: string;
  /** absent: the first article's */
  lang?: string;
  slug: string;
  cover?: { src: string; pos: Pos; col: number };
  /** the article files, in order, each once */
  articles: string[];
  /** options of the command line the book file may set (the command line wins) */
  pageSize?: PageSize;
  font?: string;
  headingFont?: string;
  /** where `font` / `heading-font` are written (for font errors) */
  fontLine?: number;
  headingFontLine?: number;
  vertical?: boolean;
}

const KEYS = new Set(['title', 'subtitle', 'author', 'lang', 'slug', 'cover', 'articles', 'page-size', 'font', 'heading-font', 'vertical']);
const RULE = 'book';

export async function readBookFile(file: string, diagnostics?: Diagnostics): Promise<BookFile> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    throw new CjkpressError('cannot read: no such file', file, undefined, undefined, 'io');
  }
  const parsed = parseYamlLocated(text);
  const at = (path: YamlPath): { line: number; col: number } => lineCol(text, parsed.offsetOf(path));
  const fail = (message: string, path: YamlPath): never => {
    const { line, col } = at(path);
    throw new CjkpressError(message, file, line, col, RULE);
  };
  if (!parsed.ok) {
    const { line, col } = lineCol(text, parsed.offset);
    throw new CjkpressError(`book file is not valid YAML: ${parsed.message}`, file, line, col, RULE);
  }
  const data = parsed.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail('a book file must be a YAML mapping (title:, articles: …)', []);
  const d = data as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!KEYS.has(key)) {
      const { line, col } = at([key]);
      diagnostics?.warn(`unknown key \`${key}\` in a book file: ignored (known: ${[...KEYS].join(', ')})`, file, line, col, RULE);
    }
  }
  const str = (key: string): string | undefined => {
    const v = d[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
    return fail(`\`${key}\` must be text`, [key]);
  };

  const title = str('title');
  if (!title) return fail('a book file needs a `title`', ['title']);
  const book: BookFile = { file, title, slug: '', articles: [] };
  const subtitle = str('subtitle');
  if (subtitle) book.subtitle = subtitle;
  const author = str('author');
  if (author) book.author = author;
  const lang = str('lang');
  if (lang !== undefined) {
    const tag = languageTag(lang);
    if (!tag) return fail(`\`lang: ${lang}\` is not a BCP 47 language tag (e.g. zh-CN)`, ['lang']);
    book.lang = tag;
  }
  // the folder's name, as the brief for a book goes: `anthology/book.yaml` → anthology.epub
  const slug = str('slug') ?? basename(dirname(resolve(file)));
  if (!/^[\w.-]+$/.test(slug) || slug.startsWith('.')) {
    return fail(`\`slug: ${slug}\` must be a plain file name (letters, digits, - _ .); set \`slug\` in the book file`, str('slug') ? ['slug'] : []);
  }
  book.slug = slug;
  const cover = str('cover');
  if (cover) {
    const { line, col } = at(['cover']);
    book.cover = { src: cover, pos: { file, line }, col };
  }
  const pageSize = str('page-size');
  if (pageSize !== undefined) {
    const match = PAGE_SIZES.find((p) => p.toLowerCase() === pageSize.toLowerCase());
    if (!match) return fail(`\`page-size: ${pageSize}\` must be one of ${PAGE_SIZES.join(', ')}`, ['page-size']);
    book.pageSize = match;
  }
  const font = str('font');
  if (font) {
    book.font = font;
    book.fontLine = at(['font']).line;
  }
  const headingFont = str('heading-font');
  if (headingFont) {
    book.headingFont = headingFont;
    book.headingFontLine = at(['heading-font']).line;
  }
  if (d.vertical !== undefined && d.vertical !== null) {
    if (typeof d.vertical !== 'boolean') return fail('`vertical` must be true or false', ['vertical']);
    book.vertical = d.vertical;
  }

  const list = d.articles;
  if (list === undefined || list === null) return fail('a book file needs `articles`: a list of Markdown files or globs, relative to it', ['articles']);
  if (!Array.isArray(list) || list.length === 0) return fail('`articles` must be a list of Markdown files or globs, relative to the book file', ['articles']);
  const root = dirname(resolve(file));
  const seen = new Set<string>();
  for (const [i, entry] of list.entries()) {
    if (typeof entry !== 'string' || !entry.trim()) fail(`article ${i + 1} must be a file name or a glob`, ['articles', i]);
    const pattern = String(entry).trim().replace(/\\/g, '/');
    if (isAbsolute(pattern) || pattern.split('/').includes('..')) {
      const { line, col } = at(['articles', i]);
      throw new CjkpressError(`${pattern}: points outside the book file's folder`, file, line, col, 'unsafe-path');
    }
    const found = /[*?[]/.test(pattern) ? await glob(root, pattern) : await exact(root, pattern);
    if (found.length === 0) {
      fail(/[*?[]/.test(pattern) ? `no Markdown file matches ${pattern}` : `article not found: ${pattern}`, ['articles', i]);
    }
    for (const f of found) {
      if (seen.has(f)) continue;
      seen.add(f);
      // relative to the working folder like any other input, so messages name it the way the user does
      book.articles.push(join(dirname(file), f));
    }
  }
  return book;
}

async function exact(root: string, path: string): Promise<string[]> {
  try {
    return (await stat(join(root, path))).isFile() ? [path.replace(/^\.\//, '')] : [];
  } catch {
    return [];
  }
}

/** One path segment of a glob as a regular expression: `*` any run within the segment, `?` one character, `[…]` a class. */
function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${seg
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

/**
 * The Markdown files a glob matches (`*`, `?`, `[…]` within a segment, `**` for any folders), sorted by
 * path so a book's order is the same on every machine; hidden files only when the pattern says so.
 * Node 20 has no fs.glob.
 */
export async function glob(root: string, pattern: string): Promise<string[]> {
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const out: string[] = [];
  const walk = async (dir: string, rel: string, k: number): Promise<void> => {
    const seg = segs[k];
    if (seg === undefined) return;
    const last = k === segs.length - 1;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (seg === '**') {
      await walk(dir, rel, k + 1);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(join(dir, e.name), `${rel}${e.name}/`, k);
      return;
    }
    const re = segmentRegex(seg);
    for (const e of entries) {
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!re.test(e.name)) continue;
      if (last && e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(`${rel}${e.name}`);
      else if (!last && e.isDirectory()) await walk(join(dir, e.name), `${rel}${e.name}/`, k + 1);
    }
  };
  await walk('', '', 0);
  return [...new Set(out)];
}
