/**
 * Book → XHTML documents (title page, chapters split at h2, sources appendix) and the navigation
 * tree, all as data: no EPUB packaging here.
 */
import { remoteImageUrl } from '../../assets/images.ts';
import type { Block, Book, Inline, Ruby } from '../../model.ts';
import { inlineText, rubyChars, walkBlocks } from '../../model.ts';
import { CjkpressError } from '../../diagnostics.ts';
import { isExternalHref, isFragmentHref } from '../../safety/urls.ts';
import type { Labels } from '../../labels.ts';
import { type El, type XNode, h } from './xhtml.ts';
import { calloutLabel, placeholderLabel, taskBox } from '../marks.ts';

export interface XDoc {
  /** ASCII file name, relative to the content folder */
  filename: string;
  /** <title> of the document */
  title: string;
  /** epub:type of the document's section */
  role: 'cover' | 'titlepage' | 'bodymatter' | 'appendix';
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
const TITLE_FILE_OF = 'title.xhtml';
const SOURCES_FILE_OF = 'sources.xhtml';
export const SOURCES_ID = 'sources';
const chapterFileOf = (i: number): string => `chapter-${String(i + 1).padStart(2, '0')}.xhtml`;

export const IMAGE_DIR = 'images';

/** What rendering inline content needs to know about the rest of the book. */
export interface InlineCtx {
  hrefOf: (href: string) => string;
  /** the file being rendered */
  file: string;
  /** a citation id for a numbered link; records where it is */
  cite?: (ref: number, file: string) => string;
  /** a noteref id; records which file references the note */
  noteRef?: (id: string, file: string) => string;
  /** the words of callouts without a title of their own */
  labels?: Labels;
  /** Traditional Chinese (zh-TW, zh-Hant …): zhuyin ruby is marked for inter-character placement */
  zhuyin?: boolean;
}

/** Bopomofo letters and tone marks: a reading of only these is zhuyin. */
const ZHUYIN = /^[\u3100-\u312f\u31a0-\u31bf\u02ca\u02c7\u02cb\u02d9\u02c9]+$/u;

/** Traditional Chinese, whose zhuyin is set to the right of each character (CSS ruby-position: inter-character). */
export const isTraditionalChinese = (lang: string): boolean => /^zh-(?:TW|HK|MO|Hant)\b/i.test(lang);

/**
 * The base of a ruby cut into its characters (mono ruby), each wrapped in the emphasis, strong or code
 * it stands in.
 */
function baseChars(nodes: readonly Inline[], c: InlineCtx): XNode[] {
  const out: XNode[] = [];
  const walk = (list: readonly Inline[], wrap: (x: string) => XNode): void => {
    for (const n of list) {
      if (n.kind === 'text') for (const ch of rubyChars(n.text)) out.push(wrap(ch));
      else if (n.kind === 'code') for (const ch of rubyChars(n.text)) out.push(h('code', {}, wrap(ch)));
      else if (n.kind === 'strong' || n.kind === 'emph') {
        const tag = n.kind === 'strong' ? 'strong' : 'em';
        walk(n.children, (x) => h(tag, {}, wrap(x)));
      } else out.push(...renderInline([n], c));
    }
  };
  walk(nodes, (x) => x);
  return out;
}

/**
 * `<ruby>` with `<rp>（</rp>…<rp>）</rp>` around each `<rt>`, so a reading system without ruby shows
 * 漢字（かんじ）: one `<rt>` after the whole base (group ruby), or one after each character (mono ruby).
 */
function renderRuby(n: Ruby, c: InlineCtx): El {
  const rt = (text: string): XNode[] => [h('rp', {}, '（'), h('rt', {}, text), h('rp', {}, '）')];
  const zhuyin = c.zhuyin && n.rt.every((r) => r === '' || ZHUYIN.test(r)) && n.rt.some((r) => r !== '');
  const cls = zhuyin ? 'zhuyin' : undefined;
  if (n.rt.length > 1) {
    const chars = baseChars(n.children, c);
    if (chars.length === n.rt.length) {
      return h(
        'ruby',
        { class: cls },
        chars.flatMap((ch, i) => (n.rt[i] ? [ch, ...rt(n.rt[i] ?? '')] : [ch, h('rt', {})])),
      );
    }
  }
  return h('ruby', { class: cls }, renderInline(n.children, c), rt(n.rt.join('')));
}

export function renderInline(nodes: readonly Inline[], ctx: InlineCtx | ((href: string) => string)): XNode[] {
  const c: InlineCtx = typeof ctx === 'function' ? { hrefOf: ctx, file: '' } : ctx;
  const out: XNode[] = [];
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out.push(n.text);
        break;
      case 'code':
        out.push(h('code', {}, n.text));
        break;
      case 'math':
        // TeX source in code style: no e-reader typesets TeX (and MathML support is too patchy to generate)
        out.push(h('code', { class: 'math' }, n.tex));
        break;
      case 'break':
        out.push(h('br'));
        break;
      case 'strong':
        out.push(h('strong', {}, renderInline(n.children, c)));
        break;
      case 'emph':
        out.push(h('em', {}, renderInline(n.children, c)));
        break;
      case 'link':
        // defence in depth (transforms/links.ts already unwrapped these): no javascript:, file:, data: … in a book
        if (isExternalHref(n.href) || isFragmentHref(n.href)) {
          const id = n.ref !== undefined && c.cite ? c.cite(n.ref, c.file) : undefined;
          out.push(h('a', { href: c.hrefOf(n.href), id }, renderInline(n.children, c)));
        } else out.push(...renderInline(n.children, c));
        break;
      case 'ruby':
        out.push(renderRuby(n, c));
        break;
      case 'noteref': {
        const id = c.noteRef ? c.noteRef(n.id, c.file) : undefined;
        out.push(h('a', { 'epub:type': 'noteref', role: 'doc-noteref', id, href: `#${n.id}`, class: 'noteref' }, h('sup', {}, String(n.n))));
        break;
      }
    }
  }
  return out;
}

const ALIGN_CLASS = { left: 'al-l', center: 'al-c', right: 'al-r' } as const;

/** One block (and what it contains) as XHTML elements; footnote blocks render where they are referenced, not here. */
export function renderBlock(b: Block, ctx: InlineCtx, images: ReadonlyMap<string, string | null>): El[] {
  const blocks = (list: readonly Block[]): El[] => list.flatMap((c) => renderBlock(c, ctx, images));
  switch (b.kind) {
    case 'heading':
      // a nested heading keeps its level (h1 included): it is styled where it stands, not a section
      if (b.nested) return [h(`h${Math.min(6, Math.max(1, b.level))}`, { id: b.id || undefined, class: 'nested' }, renderInline(b.content, ctx))];
      return [h(`h${headingLevel(b.level)}`, { id: b.id || undefined }, renderInline(b.content, ctx))];
    case 'paragraph':
      return [h('p', {}, renderInline(b.content, ctx))];
    case 'list': {
      const items = b.items.map((item, i) => {
        // a tight item's paragraphs are bare text in the li (no paragraph indent, no spacing)
        const kids: XNode[] = [];
        for (const c of item) {
          if (b.tight && c.kind === 'paragraph') {
            if (kids.length > 0) kids.push(h('br'));
            kids.push(...renderInline(c.content, ctx));
          } else kids.push(...renderBlock(c, ctx, images));
        }
        const task = b.tasks?.[i];
        if (task === undefined || task === null) return h('li', {}, kids);
        // a task box as text (□ / ▣, both in the CJK fonts): an e-book has no form controls
        const box = h('span', { class: task ? 'task-box done' : 'task-box' }, `${taskBox(task)} `);
        const first = kids[0];
        if (typeof first === 'object' && first.tag === 'p') first.children.unshift(box);
        else kids.unshift(box);
        return h('li', { class: 'task' }, kids);
      });
      const tasks = b.tasks ? 'tasks' : undefined;
      return [
        b.ordered
          ? h(
              'ol',
              { start: b.start !== 1 ? String(b.start) : undefined, class: [b.marker === 'cjk' ? 'cjk' : '', tasks ?? ''].join(' ').trim() || undefined },
              items,
            )
          : h('ul', { class: tasks }, items),
      ];
    }
    case 'quote':
      return [h('blockquote', {}, blocks(b.blocks))];
    case 'callout': {
      // a div, not an aside: e-readers treat `aside` as a note to pop up or hide (epub:type footnote);
      // role="note" is ARIA's "parenthetic content" and valid on a div
      const label = calloutLabel(b, ctx.labels);
      const title = label ? h('p', { class: 'callout-title' }, typeof label === 'string' ? label : renderInline(label, ctx)) : undefined;
      return [h('div', { class: `callout callout-${b.type}`, role: 'note' }, title, blocks(b.blocks))];
    }
    case 'code':
      return [h('pre', { class: 'code' }, h('code', { class: b.lang ? `language-${b.lang.replace(/[^A-Za-z0-9_+-]/g, '')}` : undefined }, b.text))];
    case 'rule':
      return [h('hr')];
    case 'table': {
      const cell = (tag: 'th' | 'td', content: Inline[], i: number): El => {
        const a = b.align[i];
        return h(tag, { class: a ? ALIGN_CLASS[a] : undefined }, renderInline(content, ctx));
      };
      return [
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              b.head.map((c, i) => cell('th', c.content, i)),
            ),
          ),
          b.rows.length
            ? h(
                'tbody',
                {},
                b.rows.map((r) =>
                  h(
                    'tr',
                    {},
                    r.map((c, i) => cell('td', c.content, i)),
                  ),
                ),
              )
            : undefined,
        ),
      ];
    }
    case 'figure': {
      const src = images.get(b.src);
      // a remote image is never fetched; null: an image --keep-going could not use
      if (b.ref !== undefined || src === null) return [imagePlaceholder(b, ctx)];
      if (!src) throw new CjkpressError(`image not found: ${b.src}`, b.pos.file, b.pos.line, b.col, 'missing-asset');
      // a linked image is the link's only content: without alt text the link would have no name, so
      // its caption names it (the [alt-text] warning still asks the author for a description)
      const img = h('img', { src, alt: b.alt.trim() || (b.link !== undefined ? b.title : '') || b.alt });
      const linked = b.link !== undefined && (isExternalHref(b.link) || isFragmentHref(b.link)) ? linkTo(b.link, b.linkRef, ctx, img) : img;
      return [h('figure', {}, linked, b.title ? h('figcaption', {}, b.title) : undefined)];
    }
    case 'footnote':
      return [];
  }
}

/** A link around `content` (a linked image), with its citation id for the appendix's back-link. */
function linkTo(href: string, ref: number | undefined, ctx: InlineCtx, content: XNode): El {
  const id = ref !== undefined && ctx.cite ? ctx.cite(ref, ctx.file) : undefined;
  return h('a', { href: ctx.hrefOf(href), id }, content);
}

/**
 * An image that is not in the book (remote, or missing under --keep-going): its alt text in a thin
 * frame, linked where the image was linked, and `[n]` — the image URL's number in the sources — linking
 * to that URL. Inline-block, so a row of README badges stays a row.
 */
function imagePlaceholder(b: Extract<Block, { kind: 'figure' }>, ctx: InlineCtx): El {
  const label = placeholderLabel(b);
  const text = h('span', { class: 'image-alt' }, label);
  const web = b.link !== undefined && (isExternalHref(b.link) || isFragmentHref(b.link));
  const kids: XNode[] = [web && b.link !== undefined ? linkTo(b.link, b.linkRef, ctx, text) : text];
  const url = remoteImageUrl(b.src);
  if (b.ref !== undefined && isExternalHref(url)) kids.push(' ', linkTo(url, b.ref, ctx, `[${b.ref}]`));
  // the caption (图四：…) stays in the text: figures are referred to by it
  if (b.title.trim() && b.title.trim() !== label) kids.push(h('br'), h('span', { class: 'image-title' }, b.title));
  return h('div', { class: 'image-placeholder' }, kids);
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

/**
 * `images`: each figure's `src` → its path in the book, relative to the documents (e.g. `images/img-01.png`).
 */
export function renderBook(book: Book, labels: Labels, images: ReadonlyMap<string, string | null> = new Map(), prefix = ''): Rendered {
  const { meta } = book;
  // a volume renders each article with its own prefix (`a01-`), so file names never collide
  const chapterFile = (i: number): string => prefix + chapterFileOf(i);
  const titleFile = prefix + TITLE_FILE_OF;
  const sourcesFile = prefix + SOURCES_FILE_OF;
  const sourcesId = prefix + SOURCES_ID;
  const notes = new Map<string, Extract<Block, { kind: 'footnote' }>>();
  for (const b of book.blocks) if (b.kind === 'footnote') notes.set(b.id, b);
  const groups = splitChapters(book.blocks.filter((b) => b.kind !== 'footnote'));

  // Where each heading id lives, so in-book links (#id) and nav entries point at the right file.
  const fileOfId = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const b of walkBlocks(g)) {
      if (b.kind !== 'heading') continue;
      if (!b.id) throw new CjkpressError('heading without an id (run transforms first)', b.pos.file, b.pos.line, undefined, 'epub');
      if (fileOfId.has(b.id)) throw new CjkpressError(`duplicate heading id "${b.id}"`, b.pos.file, b.pos.line, undefined, 'epub');
      fileOfId.set(b.id, chapterFile(i));
    }
  });
  if (book.appendix.length) fileOfId.set(sourcesId, sourcesFile);
  const hrefOf = (href: string): string => {
    if (!href.startsWith('#')) return href;
    const file = fileOfId.get(href.slice(1));
    return file ? `${file}${href}` : href;
  };

  const titlePage: XDoc = {
    filename: titleFile,
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

  // citations of numbered links (for the appendix's back-links) and footnote references, by file
  const cites = new Map<number, { file: string; id: string }[]>();
  const noteFile = new Map<string, string>();
  const noteRefIds = new Map<string, string[]>();
  const zhuyin = isTraditionalChinese(meta.lang);
  const ctxFor = (file: string): InlineCtx => ({
    hrefOf,
    file,
    labels,
    ...(zhuyin ? { zhuyin } : {}),
    cite: (ref, f) => {
      const list = cites.get(ref) ?? [];
      const id = `cite-${ref}-${list.length + 1}`;
      list.push({ file: f, id });
      cites.set(ref, list);
      return id;
    },
    noteRef: (id, f) => {
      if (!noteFile.has(id)) noteFile.set(id, f);
      const list = noteRefIds.get(id) ?? [];
      const refId = list.length === 0 ? `${id}-ref` : `${id}-ref-${list.length + 1}`;
      list.push(refId);
      noteRefIds.set(id, list);
      return refId;
    },
  });
  const rendered = groups.map((g, i) => {
    const ctx = ctxFor(chapterFile(i));
    return g.flatMap((b) => renderBlock(b, ctx, images));
  });
  const asideOf = (note: Extract<Block, { kind: 'footnote' }>, file: string): El => {
    const ctx = ctxFor(file);
    const back = (noteRefIds.get(note.id) ?? [])[0];
    const body = note.blocks.flatMap((b) => renderBlock(b, ctx, images));
    const label = back ? h('a', { href: `#${back}`, role: 'doc-backlink', class: 'note-back' }, `${note.n}`) : `${note.n}`;
    // the number links back to the (first) reference; it goes inside the first paragraph
    const first = body[0];
    if (first && first.tag === 'p') first.children.unshift(label, ' ');
    else body.unshift(h('p', {}, label));
    return h('aside', { 'epub:type': 'footnote', role: 'doc-footnote', id: note.id, class: 'footnote' }, body);
  };
  const asides: El[][] = groups.map(() => []);
  const placed = new Set<string>();
  // each note goes to the end of the chapter that first references it (a note may reference another note: repeat)
  for (let progress = true; progress; ) {
    progress = false;
    for (const note of notes.values()) {
      const file = noteFile.get(note.id);
      if (placed.has(note.id) || !file) continue;
      placed.add(note.id);
      progress = true;
      const i = groups.findIndex((_, k) => chapterFile(k) === file);
      asides[Math.max(0, i)]?.push(asideOf(note, file));
    }
  }
  for (const note of notes.values()) if (!placed.has(note.id)) asides[asides.length - 1]?.push(asideOf(note, chapterFile(asides.length - 1)));

  const chapters: XDoc[] = groups.map((g, i) => {
    const first = g.find((b) => b.kind === 'heading' && b.level <= 2);
    const title = first && first.kind === 'heading' ? inlineText(first.content) : meta.title;
    const notesHere = asides[i] ?? [];
    const children: El[] = [
      ...(rendered[i] ?? []),
      ...(notesHere.length ? [h('section', { class: 'footnotes', 'aria-label': labels.notes }, h('hr', { class: 'footnotes' }), notesHere)] : []),
    ];
    return {
      filename: chapterFile(i),
      title,
      role: 'bodymatter',
      body: [h('section', { 'epub:type': 'bodymatter chapter', role: 'doc-chapter', class: 'chapter' }, children)],
    };
  });

  let appendix: XDoc | undefined;
  if (book.appendix.length) {
    appendix = {
      filename: sourcesFile,
      title: labels.sources,
      role: 'appendix',
      body: [
        h(
          'section',
          { 'epub:type': 'backmatter appendix', role: 'doc-appendix', class: 'appendix' },
          h('h2', { id: sourcesId }, labels.sources),
          h(
            'ol',
            { class: 'sources' },
            book.appendix.map((s, k) => {
              const back = cites.get(k + 1) ?? [];
              return h(
                'li',
                {},
                h('p', { class: 'source-title' }, s.title),
                h('p', { class: 'source-url' }, h('a', { href: s.url }, s.url)),
                back.length
                  ? h(
                      'p',
                      { class: 'source-cited' },
                      labels.citedAt,
                      labels.colon,
                      back.flatMap((c, j) => [j ? ' ' : '', h('a', { href: `${c.file}#${c.id}` }, String(j + 1))]),
                    )
                  : undefined,
              );
            }),
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
  const nav: NavEntry[] = [{ title: meta.title, href: titleFile, children: [] }, ...navOf(book.toc, 1)];
  if (appendix) nav.push({ title: labels.sources, href: `${sourcesFile}#${sourcesId}`, children: [] });

  const docs = [titlePage, ...chapters, ...(appendix ? [appendix] : [])];
  return { titlePage, chapters, appendix, docs, nav, bodyStart: chapterFile(0) };
}
