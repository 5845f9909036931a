/**
 * EPUB writer: Book → EPUB 3 bytes. Pure: reads the font files and templates, writes nothing,
 * never touches the network. With the same `date`, the same book gives the same bytes.
 *
 * Stages: render the documents as XHTML trees (render.ts) → learn which characters each face
 * renders → subset the fonts (fonts.ts) → fill the templates/epub templates and package
 * (package.ts, the only module that knows epub-gen-memory).
 */
import type { Diagnostics } from '../../diagnostics.ts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Book } from '../../model.ts';
import { inlineText } from '../../model.ts';
import type { FontSet } from '../../fonts/resolve.ts';
import { type EmbeddedFont, subsetFonts } from './fonts.ts';
import { contentIdentifier } from './identifier.ts';
import { type Labels, labelsFor } from '../../labels.ts';
import { FONT_DIR, NAV_FILE, NCX_FILE, STYLESHEET, fontUrlFromStylesheet, packageEpub } from './package.ts';
import { EXTENSIONS, isPlaceholder, loadImages, MEDIA_TYPES, uprightData, type BookImage, type ImageAsset } from '../../assets/images.ts';
import { IMAGE_DIR, MAX_NAV_DEPTH, type NavEntry, type Rendered, renderBook } from './render.ts';
import { addText, collectGlyphs, emptyGlyphs, type Glyphs, serializeBlocks, xmlClean } from './xhtml.ts';

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
}

const templateDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'templates', 'epub');
interface Templates {
  contentOPF: string;
  tocXHTML: string;
  tocNCX: string;
  chapterXHTML: string;
  css: string;
}
let templates: Templates | undefined;
function loadTemplates(): Templates {
  const read = (name: string): string => readFileSync(join(templateDir, name), 'utf8');
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

export async function writeEpub(book: Book, opts: EpubOptions): Promise<Uint8Array> {
  const { meta } = book;
  const labels = labelsFor(meta.lang);
  const assets = opts.images ?? (await loadImages(book.file, book.blocks));
  const imageFiles: { src: string; filename: string; asset: ImageAsset }[] = [...assets.values()]
    .filter((a): a is ImageAsset => !isPlaceholder(a))
    .map((a, i) => ({
      src: a.src,
      filename: `img-${String(i + 1).padStart(2, '0')}.${EXTENSIONS[a.type]}`,
      asset: a,
    }));
  // placeholders (remote images, --keep-going failures) map to null: shown as their alt text in a frame
  const paths = new Map<string, string | null>([...assets.values()].filter(isPlaceholder).map((a) => [a.src, null]));
  for (const f of imageFiles) paths.set(f.src, `${IMAGE_DIR}/${f.filename}`);
  const r: Rendered = renderBook(book, labels, paths);

  const glyphs = emptyGlyphs();
  for (const d of r.docs) for (const n of d.body) collectGlyphs(n, glyphs);
  navGlyphs(r.nav, labels, glyphs);
  const fonts = await subsetFonts(opts.fonts, glyphs, opts.diagnostics, book.file);

  const bodies = r.docs.map((d) => serializeBlocks(d.body));
  const identifier = contentIdentifier([meta.title, meta.lang, meta.author ?? '', meta.column ?? '', meta.origin ?? '', ...bodies]);
  const desc = description(book, labels);
  const modified = opts.date.toISOString().replace(/\.\d+Z$/, 'Z');

  const manifest: { id: string; href: string; mediaType: string; properties?: string }[] = [
    { id: 'nav', href: NAV_FILE, mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: NCX_FILE, mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: STYLESHEET, mediaType: 'text/css' },
    ...r.docs.map((d) => ({ id: idOf(d.filename), href: d.filename, mediaType: 'application/xhtml+xml' })),
    ...fonts.map((f) => ({ id: f.id, href: `${FONT_DIR}/${f.filename}`, mediaType: f.mediaType })),
    ...imageFiles.map((f) => ({ id: idOf(f.filename), href: `${IMAGE_DIR}/${f.filename}`, mediaType: MEDIA_TYPES[f.asset.type] })),
  ];
  const spine = [
    { idref: idOf(r.titlePage.filename) },
    { idref: 'nav' },
    ...r.chapters.map((d) => ({ idref: idOf(d.filename) })),
    ...(r.appendix ? [{ idref: idOf(r.appendix.filename) }] : []),
  ];

  const t = loadTemplates();
  return packageEpub({
    title: xmlClean(meta.title),
    lang: meta.lang,
    identifier,
    date: opts.date,
    description: desc,
    documents: r.docs.map((d, i) => ({ filename: d.filename, title: xmlClean(d.title), body: bodies[i] ?? '', bodyClass: d.role, stylesheet: STYLESHEET })),
    css: fontFaceCss(fonts, opts.fonts.regular.family) + t.css + (opts.vertical ? VERTICAL_CSS : ''),
    templates: t,
    templateData: {
      identifier,
      title: xmlClean(meta.title),
      lang: meta.lang,
      author: meta.author && xmlClean(meta.author),
      publisher: meta.origin && xmlClean(meta.origin),
      subject: meta.column && xmlClean(meta.column),
      sources: book.appendix.map((s) => s.url),
      description: desc,
      modified,
      accessibilitySummary: imageFiles.length ? labels.accessibilitySummaryImages : labels.accessibilitySummary,
      hasImages: imageFiles.length > 0,
      manifest,
      spine,
      pageProgression: opts.vertical ? 'rtl' : undefined,
      ncxId: 'ncx',
      stylesheet: STYLESHEET,
      tocTitle: labels.toc,
      nav: r.nav,
      ncx: ncxTree(r.nav),
      navDepth: Math.min(MAX_NAV_DEPTH, depthOf(r.nav)),
      landmarks: [
        { type: 'toc', href: `${NAV_FILE}#toc`, title: labels.toc },
        { type: 'bodymatter', href: r.bodyStart, title: labels.bodymatter },
      ],
    },
    fonts: fonts.map((f) => ({ filename: f.filename, data: f.data })),
    images: imageFiles.map((f) => ({ filename: f.filename, data: uprightData(f.asset) })), // EXIF-rotated JPEGs re-encoded upright
  });
}
