/**
 * Removes characters that must never reach a writer: XML 1.0 forbids C0 controls other than tab, LF
 * and CR, U+FFFE, U+FFFF and lone surrogates (one of them makes an EPUB document not well-formed and
 * e-readers reject the book). We also remove DEL and the C1 controls (U+007F–U+009F): XML allows them
 * but they are invisible garbage in text (mis-decoded clippings) and XML 1.1 and EPUB tooling flag them.
 *
 * NUL: markdown-it replaces U+0000 with U+FFFD (CommonMark §2.3), which would print a replacement
 * character in the book. We remove NUL before markdown-it sees it, like every other control, so the
 * book shows nothing where the stray byte was, and the warning names its place.
 *
 * Unicode normalisation is left alone: the text stays as the author wrote it (NFC or not).
 * A tab inside body text becomes a space (HTML renders it as one; drawn in the PDF it was a .notdef box).
 *
 * Two passes: `sanitizeSource` on the whole file text (front matter included) reports each line with
 * its first column; `sanitizeArticle` on the model catches what YAML escapes (`"\u0007"`) produce and
 * is the guarantee for library callers who build a model without the reader.
 */
import type { Diagnostics } from '../diagnostics.ts';
import { CjkpressError } from '../diagnostics.ts';
import { mapBlockInlines, type Article, type Block, type Inline, type Meta } from '../model.ts';

/** Text a block holds outside inline content: code, image paths, alt text and captions (containers recurse). */
function cleanBlock(b: Block, found: string[]): Block {
  const strip = (s: string): string => {
    const m = s.match(INVALID_CHAR);
    if (!m) return s;
    found.push(...m);
    return stripInvalidChars(s);
  };
  switch (b.kind) {
    case 'code':
      return { ...b, text: strip(b.text), lang: strip(b.lang) };
    case 'figure':
      return { ...b, src: strip(b.src), alt: strip(b.alt), title: strip(b.title) };
    case 'list':
      return { ...b, items: b.items.map((item) => item.map((c) => cleanBlock(c, found))) };
    case 'quote':
    case 'footnote':
    case 'callout':
      return { ...b, blocks: b.blocks.map((c) => cleanBlock(c, found)) };
    default:
      return b;
  }
}

export const RULE = 'invalid-char';

/** One character XML (or we) will not have in text. Lone surrogates only, pairs are fine. */
export const INVALID_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasInvalidChars(s: string): boolean {
  INVALID_CHAR.lastIndex = 0;
  const r = INVALID_CHAR.test(s);
  INVALID_CHAR.lastIndex = 0;
  return r;
}

export function stripInvalidChars(s: string): string {
  return s.replace(INVALID_CHAR, '');
}

const hex = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

function describe(found: string[]): string {
  const distinct = [...new Set(found.map(hex))];
  const list = distinct.slice(0, 4).join(', ') + (distinct.length > 4 ? ', …' : '');
  return `removed ${found.length === 1 ? 'a character' : `${found.length} characters`} not allowed in XML (${list})`;
}

/**
 * Removes invalid characters from the file text; one warning per line that had any, at the column
 * (in code points) of the first. `text` is the whole file with line feeds only.
 */
export function sanitizeSource(text: string, file: string, diags?: Diagnostics): string {
  INVALID_CHAR.lastIndex = 0;
  if (!INVALID_CHAR.test(text)) return text;
  INVALID_CHAR.lastIndex = 0;
  let line = 1;
  let lineStart = 0; // index of the current line's first character
  let scanned = 0; // text before this index has been counted for line feeds
  let pending: { line: number; col: number; found: string[] } | undefined;
  const flush = (): void => {
    if (pending) diags?.warn(describe(pending.found), file, pending.line, pending.col, RULE);
    pending = undefined;
  };
  for (const m of text.matchAll(INVALID_CHAR)) {
    const at = m.index;
    for (let nl = text.indexOf('\n', scanned); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    scanned = at;
    if (pending?.line === line) {
      pending.found.push(m[0]);
      continue;
    }
    flush();
    pending = { line, col: [...text.slice(lineStart, at)].length + 1, found: [m[0]] };
  }
  flush();
  return stripInvalidChars(text);
}

function cleanInlines(nodes: Inline[], found: string[]): Inline[] {
  return nodes.map((n) => {
    switch (n.kind) {
      case 'text':
      case 'code': {
        const m = n.text.match(INVALID_CHAR);
        // a tab inside a paragraph is white space (HTML shows a space); the PDF font has no glyph for it
        const text = n.text.includes('\t') ? n.text.replace(/\t/g, ' ') : n.text;
        if (!m) return text === n.text ? n : { ...n, text };
        found.push(...m);
        return { ...n, text: stripInvalidChars(text) };
      }
      case 'link': {
        const m = n.href.match(INVALID_CHAR);
        if (m) found.push(...m);
        return { ...n, href: m ? stripInvalidChars(n.href) : n.href, children: cleanInlines(n.children, found) };
      }
      case 'strong':
      case 'emph':
        return { ...n, children: cleanInlines(n.children, found) };
      case 'ruby': {
        const rt = n.rt.map((r) => {
          const m = r.match(INVALID_CHAR);
          if (!m) return r;
          found.push(...m);
          return stripInvalidChars(r);
        });
        return { ...n, children: cleanInlines(n.children, found), rt };
      }
      case 'math': {
        const m = n.tex.match(INVALID_CHAR);
        if (!m) return n;
        found.push(...m);
        return { ...n, tex: stripInvalidChars(n.tex) };
      }
      default:
        return n;
    }
  });
}

/** The model pass: front matter values and every text node. Throws if the title is left empty. */
export function sanitizeArticle(article: Article, diags?: Diagnostics): Article {
  const { file } = article;
  const meta: Meta = { ...article.meta, sources: article.meta.sources.map((s) => ({ ...s })) };
  const clean = (value: string, what: string): string => {
    const m = value.match(INVALID_CHAR);
    if (!m) return value;
    diags?.warn(`front matter \`${what}\`: ${describe(m)}`, file, 1, 1, RULE);
    return stripInvalidChars(value);
  };
  meta.title = clean(meta.title, 'title').trim();
  if (!meta.title) throw new CjkpressError('front matter `title` is empty once control characters are removed', file, 1, 1, 'front-matter');
  for (const key of ['column', 'origin', 'author'] as const) {
    const v = meta[key];
    if (v !== undefined) meta[key] = clean(v, key);
  }
  meta.sources = meta.sources.map((s, i) => ({ title: clean(s.title, `sources[${i}].title`), url: clean(s.url, `sources[${i}].url`) }));
  const blocks: Block[] = article.blocks.map((b) => {
    const found: string[] = [];
    const cleaned = cleanBlock(
      mapBlockInlines(b, (content) => cleanInlines(content, found)),
      found,
    );
    if (found.length > 0) diags?.warn(describe(found), b.pos.file, b.pos.line, 1, RULE);
    return cleaned;
  });
  return { ...article, meta, blocks };
}
