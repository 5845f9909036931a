/**
 * Book → XHTML documents (title page, chapters split at h2, sources appendix) and the navigation
 * tree, all as data: no EPUB packaging here.
 */
import type { Block, Book, Inline } from '../../model.ts';
import { inlineText } from '../../model.ts';
import { CjkpressError } from '../../diagnostics.ts';
import { isExternalHref, isFragmentHref } from '../../safety/urls.ts';
import type { Labels } from './labels.ts';
import { type El, type XNode, h } from './xhtml.ts';

export interface XDoc {
  /** ASCII file name, relative to the content folder */
  filename: string;
  /** <title> of the document */
  title: string;
  /** epub:type of the document's section */
  role: 'titlepage' | 'bodymatter' | 'appendix';
  body: El[];
}

export interface NavEntry {
  title: string;
  href: string;
  children: NavEntry[];
}

export interface Rendered {
  titlePage: XDoc;
  chapters: XDoc[];
  appendix?: XDoc;
  /** reading order */
  docs: XDoc[];
  nav: NavEntry[];
  /** the first document of the body, for the landmarks nav */
  bodyStart: string;
}

export const MAX_NAV_DEPTH = 2;
export const TITLE_FILE = 'title.xhtml';
export const SOURCES_FILE = 'sources.xhtml';
export const SOURCES_ID = 'sources';
export const chapterFile = (i: number): string => `chapter-${String(i + 1).padStart(2, '0')}.xhtml`;

function renderInline(nodes: readonly Inline[], hrefOf: (href: string) => string): XNode[] {
  const out: XNode[] = [];
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out.push(n.text);
        break;
      case 'code':
        out.push(h('code', {}, n.text));
        break;
      case 'break':
        out.push(h('br'));
        break;
      case 'strong':
        out.push(h('strong', {}, renderInline(n.children, hrefOf)));
        break;
      case 'emph':
        out.push(h('em', {}, renderInline(n.children, hrefOf)));
        break;
      case 'link':
        // defence in depth (transforms/links.ts already unwrapped these): no javascript:, file:, data: … in a book
        if (isExternalHref(n.href) || isFragmentHref(n.href)) out.push(h('a', { href: hrefOf(n.href) }, renderInline(n.children, hrefOf)));
        else out.push(...renderInline(n.children, hrefOf));
        break;
    }
  }
  return out;
}

function headingLevel(level: number): number {
  return Math.min(6, Math.max(2, level));
}

/** Splits the blocks into chapters at every h2; the text before the first h2 opens the first chapter. */
export function splitChapters(blocks: readonly Block[]): Block[][] {
  const chapters: Block[][] = [];
  let cur: Block[] = [];
  let hasH2 = false;
  for (const b of blocks) {
    if (b.kind === 'heading' && b.level <= 2) {
      if (hasH2) {
        chapters.push(cur);
        cur = [];
      }
      hasH2 = true;
    }
    cur.push(b);
  }
  if (cur.length) chapters.push(cur);
  return chapters;
}

export function renderBook(book: Book, labels: Labels): Rendered {
  const { meta } = book;
  const groups = splitChapters(book.blocks);

  // Where each heading id lives, so in-book links (#id) and nav entries point at the right file.
  const fileOfId = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const b of g) {
      if (b.kind !== 'heading') continue;
      if (!b.id) throw new CjkpressError('heading without an id (run transforms first)', b.pos.file, b.pos.line, undefined, 'epub');
      if (fileOfId.has(b.id)) throw new CjkpressError(`duplicate heading id "${b.id}"`, b.pos.file, b.pos.line, undefined, 'epub');
      fileOfId.set(b.id, chapterFile(i));
    }
  });
  if (book.appendix.length) fileOfId.set(SOURCES_ID, SOURCES_FILE);
  const hrefOf = (href: string): string => {
    if (!href.startsWith('#')) return href;
    const file = fileOfId.get(href.slice(1));
    return file ? `${file}${href}` : href;
  };

  const titlePage: XDoc = {
    filename: TITLE_FILE,
    title: meta.title,
    role: 'titlepage',
    body: [
      h(
        'section',
        { 'epub:type': 'titlepage', class: 'titlepage' },
        h('h1', { class: 'title' }, meta.title),
        meta.author ? h('p', { class: 'author' }, meta.author) : undefined,
        meta.reading ? h('p', { class: 'reading' }, labels.reading(meta.reading.chars, meta.reading.minutes)) : undefined,
        meta.column ? h('p', { class: 'column' }, `${labels.column}${labels.colon}${meta.column}`) : undefined,
        meta.origin ? h('p', { class: 'origin' }, `${labels.origin}${labels.colon}${meta.origin}`) : undefined,
      ),
    ],
  };

  const chapters: XDoc[] = groups.map((g, i) => {
    const first = g.find((b) => b.kind === 'heading' && b.level <= 2);
    const title = first ? inlineText(first.content) : meta.title;
    const children: El[] = g.map((b) =>
      b.kind === 'heading'
        ? h(`h${headingLevel(b.level)}`, { id: b.id }, renderInline(b.content, hrefOf))
        : h('p', {}, renderInline(b.content, hrefOf)),
    );
    return {
      filename: chapterFile(i),
      title,
      role: 'bodymatter',
      body: [h('section', { 'epub:type': 'bodymatter chapter', class: 'chapter' }, children)],
    };
  });

  let appendix: XDoc | undefined;
  if (book.appendix.length) {
    appendix = {
      filename: SOURCES_FILE,
      title: labels.sources,
      role: 'appendix',
      body: [
        h(
          'section',
          { 'epub:type': 'backmatter appendix', class: 'appendix' },
          h('h2', { id: SOURCES_ID }, labels.sources),
          h(
            'ol',
            { class: 'sources' },
            book.appendix.map((s) =>
              h('li', {}, h('p', { class: 'source-title' }, s.title), h('p', { class: 'source-url' }, h('a', { href: s.url }, s.url))),
            ),
          ),
        ),
      ],
    };
  }

  // Two levels at most (h2 → h3): Kindle rejects deeper NCX trees.
  const navOf = (entries: Book['toc'], depth: number): NavEntry[] =>
    entries.map((e) => {
      const file = fileOfId.get(e.id);
      if (!file) throw new CjkpressError(`table of contents entry "${e.title}" has no heading with id "${e.id}"`, book.file, undefined, undefined, 'epub');
      return { title: e.title, href: `${file}#${e.id}`, children: depth < MAX_NAV_DEPTH ? navOf(e.children, depth + 1) : [] };
    });
  const nav: NavEntry[] = [{ title: meta.title, href: TITLE_FILE, children: [] }, ...navOf(book.toc, 1)];
  if (appendix) nav.push({ title: labels.sources, href: `${SOURCES_FILE}#${SOURCES_ID}`, children: [] });

  const docs = [titlePage, ...chapters, ...(appendix ? [appendix] : [])];
  return { titlePage, chapters, appendix, docs, nav, bodyStart: chapterFile(0) };
}
