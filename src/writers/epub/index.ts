/**
 * EPUB writer: Book → EPUB 3 bytes. Pure: reads the font files and templates, writes nothing,
 * never touches the network. With the same `date`, the same book gives the same bytes.
 *
 * Stages: render the documents as XHTML trees (render.ts) → learn which characters each face
 * renders → subset the fonts (fonts.ts) → fill the templates/epub templates and package
 * (package.ts, the only module that knows epub-gen-memory).
 */
import { packagePath } from '../../paths.ts';
import type { Diagnostics } from '../../diagnostics.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Book, Volume } from '../../model.ts';
import { CjkpressError } from '../../diagnostics.ts';
import type { CoverText } from '../../cover/design.ts';
import { renderCoverPng } from '../../cover/raster.ts';
import { inlineText } from '../../model.ts';
import type { FontSet } from '../../fonts/resolve.ts';
import { type EmbeddedFont, subsetFonts } from './fonts.ts';
import { contentIdentifier } from './identifier.ts';
import { type Labels, labelsFor } from '../../labels.ts';
import { FONT_DIR, NAV_FILE, NCX_FILE, STYLESHEET, fontUrlFromStylesheet, packageEpub } from './package.ts';
import { EXTENSIONS, isPlaceholder, loadImages, MEDIA_TYPES, uprightData, type BookImage, type ImageAsset } from '../../assets/images.ts';
import { IMAGE_DIR, type NavEntry, type Rendered, renderBook, type XDoc } from './render.ts';
import { addText, collectGlyphs, emptyGlyphs, type Glyphs, h, serializeBlocks, xmlClean, type XNode } from './xhtml.ts';

export interface EpubOptions {
  fonts: FontSet;
  /** build date: dcterms:modified and every zip entry date */
  date: Date;
  /** where the writer reports warnings (src/diagnostics.ts) */
  diagnostics?: Diagnostics;
  /** the book's images, loaded once for both editions (default: loaded from beside the article) */
  images?: ReadonlyMap<string, BookImage>;
  /** vertical writing (top to bottom, columns right to left) and right-to-left page progression */
  vertical?: boolean;
  /** the cover image; a typographic cover is generated when absent */
  cover?: CoverImage;
}

const templateDir = (): string => packagePath('templates', 'epub');
interface Templates {
  contentOPF: string;
  tocXHTML: string;
  tocNCX: string;
  chapterXHTML: string;
  css: string;
}
let templates: Templates | undefined;
function loadTemplates(): Templates {
  const read = (name: string): string => readFileSync(join(templateDir(), name), 'utf8');
  templates ??= {
    contentOPF: read('content.opf.ejs'),
    tocXHTML: read('toc.xhtml.ejs'),
    tocNCX: read('toc.ncx.ejs'),
    chapterXHTML: read('chapter.xhtml.ejs'),
    css: read('style.css'),
  };
  return templates;
}

/** Characters of the navigation document: its heading is bold, the entries regular. */
function navGlyphs(nav: readonly NavEntry[], labels: Labels, into: Glyphs): void {
  addText(into.bold, labels.toc);
  const walk = (list: readonly NavEntry[]): void => {
    for (const e of list) {
      addText(into.regular, e.title);
      walk(e.children);
    }
  };
  walk(nav);
}

function cssString(s: string): string {
  return `"${s.replace(/["\\\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`))}"`;
}

function fontFaceCss(fonts: readonly EmbeddedFont[], family: string): string {
  let css = '';
  for (const f of fonts) {
    css += `@font-face {\n  font-family: ${cssString(f.family)};\n  font-style: normal;\n  font-weight: ${f.weight};\n  src: url(${fontUrlFromStylesheet(f.filename)});\n}\n\n`;
  }
  // the font chain's order: a character the first font lacks is taken from the next (src/fonts/chain.ts)
  const stack = [...new Set([family, ...fonts.map((f) => f.family)])].map(cssString).join(', ');
  css += `html, body {\n  font-family: ${stack}, serif;\n}\n\n`;
  // code: the reader's monospace face; CJK characters it lacks fall back to the embedded faces, not to a system font
  css += `pre, code {\n  font-family: monospace, ${stack}, serif;\n}\n\n`;
  return css;
}

/** Vertical writing (zh-Hant, ja): the page's text runs top to bottom, columns right to left. */
const VERTICAL_CSS = `
/* Vertical writing (--vertical) */
html {
  -epub-writing-mode: vertical-rl;
  -webkit-writing-mode: vertical-rl;
  writing-mode: vertical-rl;
}
p, h1, h2, h3, h4, h5, h6, li { -epub-text-orientation: mixed; text-orientation: mixed; }
/* a callout's rule goes before its lines: at the top when they run top to bottom (the colour stays the type's) */
div.callout { border-left-width: 0; border-top-width: 4px; border-top-style: solid; padding: 0.9em 0.2em 0 0.2em; }
`;

/**
 * Ruby (added only to books that have some): readings over the base in horizontal writing, which is at
 * its right in vertical writing (`over` follows the writing mode); zhuyin of Traditional Chinese books
 * (class `zhuyin`, src/writers/epub/render.ts) to the right of each character where the reading system
 * supports it. `rp` holds the fallback brackets of readers without ruby (hidden by the reading system's own
 * stylesheet where ruby works: not styled here, or a reader without ruby would lose them too).
 */
const RUBY_CSS = `
/* Ruby: furigana, zhuyin, pinyin */
ruby { -epub-ruby-position: over; -webkit-ruby-position: over; ruby-position: over; text-indent: 0; }
rt { font-size: 0.5em; line-height: 1; text-emphasis: none; -webkit-text-emphasis: none; }
ruby.zhuyin { -epub-ruby-position: inter-character; -webkit-ruby-position: inter-character; ruby-position: inter-character; }
`;

/** Whether any of the elements holds a `<ruby>`. */
function hasRuby(nodes: readonly XNode[]): boolean {
  return nodes.some((n) => typeof n !== 'string' && (n.tag === 'ruby' || hasRuby(n.children)));
}

function description(book: Book, labels: Labels, max = 100): string {
  // the first paragraph with text (one of only spaces, or an empty link, would give an empty
  // dc:description, which epubcheck rejects: RSC-005); the title when there is none
  const paragraphs = book.blocks.flatMap((b) => (b.kind === 'paragraph' ? [xmlClean(inlineText(b.content)).replace(/\s+/g, ' ').trim()] : []));
  const text = paragraphs.find((t) => t !== '') ?? xmlClean(book.meta.title).replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') + labels.ellipsis : text;
}

interface NcxEntry extends NavEntry {
  ncxId: string;
  playOrder: number;
  children: NcxEntry[];
}

function ncxTree(nav: readonly NavEntry[]): NcxEntry[] {
  let n = 0;
  const walk = (list: readonly NavEntry[]): NcxEntry[] =>
    list.map((e) => {
      const order = ++n;
      return { ...e, ncxId: `navpoint-${order}`, playOrder: order, children: walk(e.children) };
    });
  return walk(nav);
}

function depthOf(nav: readonly NavEntry[]): number {
  return nav.reduce((d, e) => Math.max(d, 1 + depthOf(e.children)), 0);
}

const idOf = (filename: string): string => filename.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]/g, '-');

/** An image for the cover (the book file's `cover:`); without one the writer generates a cover. */
export interface CoverImage {
  data: Uint8Array;
  type: 'png' | 'jpeg';
}

export const COVER_FILE = 'cover.xhtml';

/** The cover text of a single article: its title, and its author (or column) as the byline. */
export function articleCoverText(meta: Book['meta']): CoverText {
  return { title: meta.title, byline: meta.author ?? meta.column };
}

/** One article rendered for the package: its documents and the images they use (file names prefixed per part). */
interface RenderedPart {
  book: Book;
  r: Rendered;
  imageFiles: { src: string; filename: string; asset: ImageAsset }[];
}

async function renderPart(book: Book, labels: Labels, images: ReadonlyMap<string, BookImage> | undefined, prefix: string): Promise<RenderedPart> {
  const assets = images ?? (await loadImages(book.file, book.blocks));
  const imageFiles = [...assets.values()]
    .filter((a): a is ImageAsset => !isPlaceholder(a))
    .map((a, i) => ({
      src: a.src,
      filename: `${prefix}img-${String(i + 1).padStart(2, '0')}.${EXTENSIONS[a.type]}`,
      asset: a,
    }));
  // placeholders (remote images, --keep-going failures) map to null: shown as their alt text in a frame
  const paths = new Map<string, string | null>([...assets.values()].filter(isPlaceholder).map((a) => [a.src, null]));
  for (const f of imageFiles) paths.set(f.src, `${IMAGE_DIR}/${f.filename}`);
  return { book, r: renderBook(book, labels, paths, prefix), imageFiles };
}

/** The cover document: the cover image alone, first in the reading order. */
function coverDoc(title: string, href: string): XDoc {
  return {
    filename: COVER_FILE,
    title,
    role: 'cover',
    body: [h('section', { 'epub:type': 'cover', class: 'cover' }, h('img', { src: href, alt: title, class: 'cover' }))],
  };
}

interface Assembly {
  meta: { title: string; lang: string; author?: string | undefined; publisher?: string | undefined; subject?: string | undefined };
  /** the article the description is taken from (the first one of a volume) */
  first: Book;
  /** every document in reading order (the cover first) */
  docs: XDoc[];
  nav: NavEntry[];
  bodyStart: string;
  sources: string[];
  imageFiles: { filename: string; asset: ImageAsset }[];
  cover: { filename: string; data: Promise<Uint8Array>; mediaType: string };
  /** the file `diagnostics` name for font warnings */
  file: string;
}

/** The cover image; a generated one is still being rendered (off this thread) while the rest is assembled. */
function coverFor(text: CoverText, opts: Pick<EpubOptions, 'cover' | 'fonts'>): Assembly['cover'] {
  if (opts.cover)
    return { filename: `cover.${opts.cover.type === 'png' ? 'png' : 'jpg'}`, data: Promise.resolve(opts.cover.data), mediaType: MEDIA_TYPES[opts.cover.type] };
  const data = renderCoverPng(text, opts.fonts);
  // awaited in assemble(); until then a failure must not count as unhandled
  data.catch(() => undefined);
  return { filename: 'cover.png', data, mediaType: MEDIA_TYPES.png };
}

export async function writeEpub(book: Book, opts: EpubOptions): Promise<Uint8Array> {
  const { meta } = book;
  const labels = labelsFor(meta.lang);
  const part = await renderPart(book, labels, opts.images, '');
  const cover = coverFor(articleCoverText(meta), opts);
  return assemble(
    {
      meta: { title: meta.title, lang: meta.lang, author: meta.author, publisher: meta.origin, subject: meta.column },
      first: book,
      docs: [coverDoc(meta.title, `${IMAGE_DIR}/${cover.filename}`), ...part.r.docs],
      nav: part.r.nav,
      bodyStart: part.r.bodyStart,
      sources: book.appendix.map((s) => s.url),
      imageFiles: part.imageFiles,
      cover,
      file: book.file,
    },
    labels,
    opts,
  );
}

export interface VolumeEpubOptions extends Omit<EpubOptions, 'images'> {
  /** each part's images, in the volume's order (default: loaded from beside each article) */
  images?: readonly (ReadonlyMap<string, BookImage> | undefined)[];
}

/** The prefix of a part's file names: `a01-`, `a02-` … */
export const partPrefix = (i: number): string => `a${String(i + 1).padStart(2, '0')}-`;
export const VOLUME_TITLE_FILE = 'book-title.xhtml';

/**
 * A volume as one EPUB: cover, the book's title page, the navigation document (the article titles at
 * the top, their h2 and h3 below), then each article's documents (title block, chapters, its own
 * sources appendix) in the book file's order.
 */
export async function writeVolumeEpub(volume: Volume, opts: VolumeEpubOptions): Promise<Uint8Array> {
  const { meta } = volume;
  const labels = labelsFor(meta.lang);
  const parts: RenderedPart[] = [];
  for (const [i, book] of volume.parts.entries()) parts.push(await renderPart(book, labels, opts.images?.[i], partPrefix(i)));
  const first = parts[0];
  if (!first) throw new CjkpressError('a book needs at least one article', volume.file, undefined, undefined, 'book');
  const cover = coverFor({ title: meta.title, subtitle: meta.subtitle, byline: meta.author }, opts);
  const titlePage: XDoc = {
    filename: VOLUME_TITLE_FILE,
    title: meta.title,
    role: 'titlepage',
    body: [
      h(
        'section',
        { 'epub:type': 'titlepage', class: 'titlepage' },
        h('h1', { class: 'title' }, meta.title),
        meta.subtitle ? h('p', { class: 'subtitle' }, meta.subtitle) : undefined,
        meta.author ? h('p', { class: 'author' }, meta.author) : undefined,
      ),
    ],
  };
  // each article: its title (its own title page) at the top, its h2/h3 and its sources below
  // (the book's title page is not an entry: the four articles are the navigation's top level)
  const nav: NavEntry[] = [
    ...parts.map((p) => {
      const [head, ...rest] = p.r.nav;
      return { title: p.book.meta.title, href: head?.href ?? p.r.titlePage.filename, children: rest };
    }),
  ];
  return assemble(
    {
      meta: { title: meta.title, lang: meta.lang, author: meta.author },
      first: first.book,
      docs: [coverDoc(meta.title, `${IMAGE_DIR}/${cover.filename}`), titlePage, ...parts.flatMap((p) => p.r.docs)],
      nav,
      bodyStart: first.r.titlePage.filename,
      sources: [...new Set(volume.parts.flatMap((b) => b.appendix.map((s) => s.url)))],
      imageFiles: parts.flatMap((p) => p.imageFiles),
      cover,
      file: volume.file,
    },
    labels,
    opts,
  );
}

async function assemble(a: Assembly, labels: Labels, opts: Omit<EpubOptions, 'images'>): Promise<Uint8Array> {
  const { meta } = a;
  const glyphs = emptyGlyphs();
  for (const d of a.docs) for (const n of d.body) collectGlyphs(n, glyphs);
  navGlyphs(a.nav, labels, glyphs);
  const fonts = await subsetFonts(opts.fonts, glyphs, opts.diagnostics, a.file);

  const bodies = a.docs.map((d) => serializeBlocks(d.body));
  const identifier = contentIdentifier([meta.title, meta.lang, meta.author ?? '', meta.subject ?? '', meta.publisher ?? '', ...bodies]);
  const desc = description(a.first, labels);
  const modified = opts.date.toISOString().replace(/\.\d+Z$/, 'Z');
  const coverHref = `${IMAGE_DIR}/${a.cover.filename}`;

  const manifest: { id: string; href: string; mediaType: string; properties?: string }[] = [
    { id: 'nav', href: NAV_FILE, mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: NCX_FILE, mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: STYLESHEET, mediaType: 'text/css' },
    ...a.docs.map((d) => ({ id: idOf(d.filename), href: d.filename, mediaType: 'application/xhtml+xml' })),
    ...fonts.map((f) => ({ id: f.id, href: `${FONT_DIR}/${f.filename}`, mediaType: f.mediaType })),
    { id: COVER_IMAGE_ID, href: coverHref, mediaType: a.cover.mediaType, properties: 'cover-image' },
    ...a.imageFiles.map((f) => ({ id: idOf(f.filename), href: `${IMAGE_DIR}/${f.filename}`, mediaType: MEDIA_TYPES[f.asset.type] })),
  ];
  // the navigation document right after the title page (the book's, or the article's), as before
  const titleAt = a.docs.findIndex((d) => d.role === 'titlepage');
  const spine = a.docs.map((d) => ({ idref: idOf(d.filename) }));
  spine.splice(titleAt + 1, 0, { idref: 'nav' });

  const t = loadTemplates();
  const allDescribed = a.docs.every((d) => d.body.every(described));
  return packageEpub({
    title: xmlClean(meta.title),
    lang: meta.lang,
    identifier,
    date: opts.date,
    description: desc,
    documents: a.docs.map((d, i) => ({ filename: d.filename, title: xmlClean(d.title), body: bodies[i] ?? '', bodyClass: d.role, stylesheet: STYLESHEET })),
    css: fontFaceCss(fonts, opts.fonts.regular.family) + t.css + (opts.vertical ? VERTICAL_CSS : '') + (a.docs.some((d) => hasRuby(d.body)) ? RUBY_CSS : ''),
    templates: t,
    templateData: {
      identifier,
      title: xmlClean(meta.title),
      lang: meta.lang,
      author: meta.author && xmlClean(meta.author),
      publisher: meta.publisher && xmlClean(meta.publisher),
      subject: meta.subject && xmlClean(meta.subject),
      sources: a.sources,
      description: desc,
      modified,
      accessibilitySummary: !allDescribed
        ? labels.accessibilitySummaryUndescribed
        : a.imageFiles.length
          ? labels.accessibilitySummaryImages
          : labels.accessibilitySummary,
      hasImages: a.imageFiles.length > 0,
      // claimed only when true of the files: every picture described (an image without alt text is a
      // warning [alt-text]); the rest (roles, language, headings, table headers) every book has
      conformsTo: allDescribed ? CONFORMS_TO : undefined,
      coverId: COVER_IMAGE_ID,
      manifest,
      spine,
      pageProgression: opts.vertical ? 'rtl' : undefined,
      ncxId: 'ncx',
      stylesheet: STYLESHEET,
      tocTitle: labels.toc,
      nav: a.nav,
      ncx: ncxTree(a.nav),
      navDepth: depthOf(a.nav),
      landmarks: [
        { type: 'cover', href: COVER_FILE, title: labels.cover },
        { type: 'toc', href: `${NAV_FILE}#toc`, title: labels.toc },
        { type: 'bodymatter', href: a.bodyStart, title: labels.bodymatter },
      ],
    },
    fonts: fonts.map((f) => ({ filename: f.filename, data: f.data })),
    images: [
      { filename: a.cover.filename, data: await a.cover.data },
      ...a.imageFiles.map((f) => ({ filename: f.filename, data: uprightData(f.asset) })), // EXIF-rotated JPEGs re-encoded upright
    ],
  });
}

const COVER_IMAGE_ID = 'cover-image';

/** EPUB Accessibility 1.1's conformance statement for WCAG 2.1 level AA (`dcterms:conformsTo`). */
export const CONFORMS_TO = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA';

/** Whether every image under `node` has alt text (or is marked decorative by its role). */
function described(node: XNode): boolean {
  if (typeof node === 'string') return true;
  if (node.tag === 'img' && !(node.attrs.alt ?? '').trim() && node.attrs.role !== 'presentation') return false;
  return node.children.every(described);
}
