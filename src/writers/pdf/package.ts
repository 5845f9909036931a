// The one module that knows pdfkit. The rest of the PDF writer talks to `PdfCanvas`, so pdfkit could be swapped.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { createFontkitFont } from '../../fonts/fontkit.ts';
import { type Features, type FontkitFont as GlyphFont, faceGlyphs } from './glyphs.ts';
import { addContent, type AnnotRef, type ContentRef, hasContent, isNode, type StructNode } from './tags.ts';
import { xmpPacket } from './xmp.ts';

// svg-to-pdfkit ships no types; this is the one function it has.
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: Record<string, unknown>) => void;
// loaded when a book has an SVG image
let svgModule: SvgToPdf | undefined;
const svgToPdf = (...args: Parameters<SvgToPdf>): void => {
  svgModule ??= createRequire(import.meta.url)('svg-to-pdfkit') as SvgToPdf;
  svgModule(...args);
};

export interface CanvasOptions {
  size: [number, number];
  date: Date;
  title: string;
  author?: string;
  lang: string;
  /** font key → TrueType file contents */
  fonts: Record<string, Buffer>;
  /** PDF/A-2a: the PDF/A identification in the XMP metadata and an sRGB output intent (the file is tagged either way) */
  pdfa?: boolean;
  /**
   * false: pdfkit's own code paths only (text(), its content stream, fontkit's subsetting), the
   * reference the shortcuts below (drawDirect, bufferContent, copySimpleGlyphs) are tested against
   */
  shortcuts?: boolean;
}

/** What an artifact is (ISO 32000-1 §14.8.2.2): page furniture, or rules, backgrounds and dots of the layout. */
export type ArtifactKind = 'Pagination' | 'Layout';

export interface OutlineNode {
  add(title: string, expanded?: boolean): OutlineNode;
}

export interface PdfCanvas {
  /** advance width of text at size pt in the registered font, no extra spacing */
  measure(fontKey: string, text: string, size: number): number;
  /** font ascent in pt at the given size (distance from the top of the em box to the baseline) */
  ascent(fontKey: string, size: number): number;
  addPage(): void;
  /**
   * draws text with its top-of-line at y (pdfkit's convention), no wrapping; `hidden`: left out of the text
   * layer (a marked-content span with an empty ActualText, PDF 1.7 §14.9.4): drawn, but a reader copying or
   * extracting the text does not get it (ruby readings)
   */
  text(fontKey: string, size: number, text: string, x: number, y: number, charSpacing?: number, color?: string, hidden?: boolean): void;
  rule(x1: number, y1: number, x2: number, y2: number, width: number, color: string): void;
  /** a filled rectangle (backgrounds, QR code modules) */
  rect(x: number, y: number, w: number, h: number, color: string): void;
  /** a filled circle (emphasis dots) */
  dot(x: number, y: number, r: number, color: string): void;
  /** a PNG or JPEG image scaled into the box */
  image(data: Uint8Array, x: number, y: number, w: number, h: number): void;
  /** an SVG drawn as vector graphics into the box; returns what svg-to-pdfkit could not draw */
  svg(text: string, x: number, y: number, w: number, h: number): string[];
  /** whether the registered font has a glyph for the character */
  hasGlyph(fontKey: string, ch: string): boolean;
  /** a dotted leader (TOC), drawn as graphics so it never enters the extracted text */
  leader(x1: number, x2: number, y: number, color: string): void;
  /**
   * Tagging: what is drawn until `endMarked` is content of the structure element `node` (tags.ts), or an
   * artifact. Marks do not nest; anything drawn outside one is made an artifact on its own.
   */
  beginContent(node: StructNode): void;
  beginArtifact(kind: ArtifactKind): void;
  endMarked(): void;
  dest(name: string, y: number): void;
  /** a link annotation; `link`: its `Link` element, `contents`: its description for assistive technology */
  goTo(x: number, y: number, w: number, h: number, dest: string, link?: StructNode, contents?: string): void;
  uri(x: number, y: number, w: number, h: number, url: string, link?: StructNode): void;
  outline(): OutlineNode;
  /**
   * The page labels a viewer shows instead of physical numbers (`/PageLabels` in the catalog): each range
   * from its 0-based first page, numbered in `style` (D 1 2 3, r i ii iii) from `first`, or only `prefix`.
   */
  pageLabels(ranges: readonly PageLabelRange[]): void;
  /** writes the structure tree rooted at `tree` (the writers always give one) and finishes the file */
  end(tree?: StructNode): Promise<Uint8Array>;
}

export interface PageLabelRange {
  start: number;
  style?: 'D' | 'r';
  prefix?: string;
  first?: number;
}

/**
 * OpenType features, per face. pdfkit passes `features` to fontkit as overrides of the shaper's defaults
 * (ccmp locl rlig mark mkmk calt clig liga rclt curs kern …): a tag missing here stays on, so every
 * substitution we do not want is named `false`. (pdfkit takes this object although its types say an array.)
 *
 * Text faces: kerning off (solid setting, JLREQ/clreq): the layout measures each CJK character on its own and
 * draws a line's characters as one string, so a kerning pair (Noto's kana, e.g. ー after katakana) would make
 * the drawn line shorter than the measured one. Ligatures off (Noto Serif's fi, ffl, ffi): a Western word is
 * measured whole but may be split at an emergency break and drawn in pieces, and pdfkit's characterSpacing is
 * added per glyph while the layout counts code points, so a ligature would make a justified line short.
 * Composition (ccmp: emoji ZWJ sequences, combining marks) and locl stay on.
 */
const TEXT_FEATURES = { kern: false, liga: false, clig: false, dlig: false, calt: false } as const;

/**
 * Code faces: no ligature or contextual substitution either (ccmp/locl stay, they only compose what is written),
 * so code shows exactly the characters written. JetBrains Mono's contextual
 * alternates (calt: `==` `=>` `...` `://` `&&` `***` `</` …) are also glyphs fontkit 2.0.4 cannot read
 * ("RangeError: Offset is outside the bounds of the DataView"); `liga: false` alone does not avoid them.
 */
const CODE_FEATURES = { ...TEXT_FEATURES, rlig: false, rclt: false } as const;

/** Font keys of faces set with CODE_FEATURES: the face the writer registers for code (index.ts). */
const CODE_FONT_KEYS: ReadonlySet<string> = new Set(['mono']);

/**
 * A fresh features object for a call: fontkit writes the features it applies into the object it is given,
 * so a shared one would be changed by the first layout.
 */
export function featuresFor(fontKey: string): PDFKit.Mixins.OpenTypeFeatures[] {
  return { ...(CODE_FONT_KEYS.has(fontKey) ? CODE_FEATURES : TEXT_FEATURES) } as unknown as PDFKit.Mixins.OpenTypeFeatures[];
}

// pdfkit takes one of fontkit's font objects in place of a font file's bytes
type FontkitFont = { layout: unknown };
const parsedFonts = new WeakMap<Buffer, FontkitFont>();

/**
 * One fontkit font per font file for the whole process. fontkit reads a font's tables (cmap, GSUB, GPOS,
 * glyphs) lazily and keeps them on the font object; given the bytes, pdfkit made a new object for every
 * document, so every PDF parsed the CJK font's tables again (≈ 12% of the PDF writer's time on the fuzz documents).
 * The font files are cached Buffers (src/fonts/load.ts), so the same bytes give the same object.
 */
function parsedFont(data: Buffer): PDFKit.Mixins.PDFFontSource {
  let f = parsedFonts.get(data);
  if (!f) parsedFonts.set(data, (f = memoLayout(createFontkitFont(data) as unknown as FontkitFont)));
  return f as unknown as PDFKit.Mixins.PDFFontSource;
}

interface Position {
  xAdvance: number;
  [key: string]: number;
}
interface Run {
  glyphs: unknown[];
  positions: Position[];
}

/** What pdfkit reads of a fontkit GlyphRun; `advanceWidth` is summed from the positions, as fontkit does. */
class CachedRun {
  constructor(
    readonly glyphs: unknown[],
    readonly positions: Position[],
  ) {}
  get advanceWidth(): number {
    let w = 0;
    for (const p of this.positions) w += p.xAdvance;
    return w;
  }
}

const LAYOUT_CACHE_MAX = 50_000;
const SHORT = 24;

const ZWSP = 0x200b;
const stand = new WeakMap<object, object>();
/**
 * A glyph the shaper made without characters of its own (Thai SARA AM is split into two glyphs, the
 * characters staying with the first) would get an empty ToUnicode entry (`<>`), which pdf.js reads as
 * the glyph's code, so a reader copying the text got a control character (U+0003 for Noto Serif Thai).
 * It stands for a zero-width space instead: invisible, and nothing is lost or garbled.
 */
function mappedGlyph(g: unknown): unknown {
  const glyph = g as { codePoints?: number[] };
  if (!glyph.codePoints || glyph.codePoints.length > 0) return g;
  let s = stand.get(glyph);
  if (!s) stand.set(glyph, (s = Object.create(glyph, { codePoints: { value: [ZWSP] } }) as object));
  return s;
}

/**
 * Shaping results remembered per font for the whole process. pdfkit caches layouts only when no
 * features are given, and we always give them (code must not get ligatures), so every measured and
 * every drawn string was shaped again — over half of the PDF writer's time, fontkit's set-up for the
 * CJK faces' large GSUB tables on each call. The same string with the same features gives the same
 * glyphs, so the bytes do not change. pdfkit scales the positions it gets in place, hence a fresh copy
 * of them on every call.
 */
function memoLayout(font: FontkitFont): FontkitFont {
  const layout = font.layout as (text: string, features?: Record<string, boolean>) => Run;
  const cache = new Map<string, Run>();
  const glyphs = faceGlyphs(font as unknown as GlyphFont);
  const memo = (text: string, features?: Record<string, boolean>, ...rest: unknown[]): Run => {
    if (rest.some((r) => r !== undefined)) return layout.call(font, text, features, ...(rest as []));
    // most strings need no shaping at all: their glyphs and advances straight from cmap and hmtx (glyphs.ts)
    const fast = glyphs.run(text, features);
    if (fast) return new CachedRun(fast.glyphs, fast.positions as unknown as Position[]);
    // only short strings: the atoms the layout measures (a character, a word) come back again and again;
    // a drawn piece of a line seldom does, and remembering those cost a novel 400 MiB for no hits
    if (text.length > SHORT) return layout.call(font, text, features);
    // keyed before the call: fontkit writes the features it applies into the object it is given
    const key = `${features ? JSON.stringify(features) : ''}\u0000${text}`;
    let run = cache.get(key);
    if (!run) {
      const r = layout.call(font, text, features);
      run = { glyphs: r.glyphs, positions: r.positions.map((p) => ({ ...p })) };
      if (cache.size >= LAYOUT_CACHE_MAX) cache.clear();
      cache.set(key, run);
    }
    return new CachedRun(
      run.glyphs.map(mappedGlyph),
      run.positions.map((p) => ({ ...p })),
    );
  };
  font.layout = memo;
  return font;
}

/** pdfkit's number format in content streams (PDFObject.number): rounded to 6 decimals. */
const num = (n: number): number => {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
};

/** What the direct path reads and writes of pdfkit's document and its EmbeddedFont. */
interface DocInternals {
  _font: {
    id: string;
    font?: GlyphFont;
    ascender: number;
    scale: number;
    subset: { includeGlyph(id: number): number };
    widths: (number | undefined)[];
    unicode: (number[] | undefined)[];
    ref(): unknown;
  };
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  x: number;
  y: number;
  save(): unknown;
  restore(): unknown;
  transform(a: number, b: number, c: number, d: number, e: number, f: number): unknown;
  addContent(s: string): unknown;
}

/** Per embedded font (one per document and face): glyph id → its 4-digit hex code in the subset. */
const glyphCodes = new WeakMap<object, string[]>();

/**
 * Draws a string whose glyphs need no shaping (glyphs.ts) as pdfkit's `text(…, { lineBreak: false })`
 * would, writing the same operators and registering the same glyphs with the font's subset and
 * ToUnicode map, without pdfkit's text machinery: option merging, a layout for the drawing and two more
 * for widths, and per-glyph position objects scaled key by key (over a third of the PDF writer's time on
 * a novel). Returns false, having drawn nothing, when pdfkit must draw it.
 */
function drawDirect(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, charSpacing: number, features: unknown): boolean {
  const d = pdf as unknown as DocInternals;
  const font = d._font;
  if (text.length === 0 || text.includes('\n') || typeof font.font?.glyphForCodePoint !== 'function') return false;
  const run = faceGlyphs(font.font).run(text, features as Features);
  if (!run) return false;
  const size = d._fontSize;
  d.x = x;
  d.y = y;
  d.save();
  d.transform(1, 0, 0, -1, 0, d.page.height);
  const top = d.page.height - y - (font.ascender / 1000) * size;
  d.page.fonts[font.id] ??= font.ref();
  d.addContent('BT');
  d.addContent(`1 0 0 1 ${num(x)} ${num(top)} Tm`);
  d.addContent(`/${font.id} ${num(size)} Tf`);
  if (charSpacing) d.addContent(`${num(charSpacing)} Tc`);
  // every advance is the glyph's own (no kerning, no offsets), so pdfkit writes one segment, adjustment 0
  let codes = glyphCodes.get(font);
  if (!codes) glyphCodes.set(font, (codes = []));
  let hex = '';
  for (const glyph of run.glyphs) {
    let code = codes[glyph.id];
    if (code === undefined) {
      // pdfkit's EmbeddedFont.encode, once per glyph and document: the subset's id, its width, its characters
      const gid = font.subset.includeGlyph(glyph.id);
      codes[glyph.id] = code = `0000${gid.toString(16)}`.slice(-4);
      if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
      if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
    }
    hex += code;
  }
  d.addContent(`[<${hex}> 0] TJ`);
  d.addContent('ET');
  d.restore();
  // pdfkit's _line moves the cursor past the text; nothing reads it, but the document stays as pdfkit leaves it
  let w = 0;
  for (const p of run.positions) w += p.xAdvance * font.scale;
  d.x += ((w * (size / 1000) + charSpacing * (text.length - 1)) * 100) / 100;
  return true;
}

/** A page's content stream (a PDFReference): pdfkit writes each operator as its own byte array. */
interface ContentStream {
  write(chunk: string | Uint8Array): unknown;
  finalize(): unknown;
}

/**
 * Keeps a page's operators as strings and turns them into bytes once, when the page ends: pdfkit made
 * a Uint8Array of every operator line and concatenated them all at the end. The bytes are the same
 * (each string is followed by a newline, and only its low byte of each code unit is kept, as pdfkit does).
 */
function bufferContent(ref: ContentStream): void {
  const write = ref.write.bind(ref);
  const finalize = ref.finalize.bind(ref);
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const s = pending.join('\n');
    pending = [];
    write(s);
  };
  ref.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  ref.finalize = () => {
    flush();
    return finalize();
  };
}

/** What copySimpleGlyphs reads of fontkit's TTFSubset and its font. */
interface TrueTypeSubset {
  _addGlyph(gid: number): number;
  includeGlyph(gid: number): number;
  /** set by encode() before it adds the glyphs */
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  font: {
    loca?: { offsets: ArrayLike<number> };
    _variationProcessor?: unknown;
    getGlyph(gid: number): { advanceWidth: number; _getMetrics(): { leftBearing: number } };
    _getTableStream(tag: string): { pos: number; readInt16BE(): number; readBuffer(n: number): Uint8Array } | null;
  };
}
const copying = new WeakSet<object>();

/**
 * fontkit's TrueType subsetter decodes every glyph's outline (contours, flags, coordinates) only to learn
 * whether it is a composite, then copies the glyph's bytes unchanged: a fifth of the end of a PDF. A
 * simple glyph's bytes are copied here without the decoding (the sign of its first field, the number
 * of contours, tells); a composite (its component ids are rewritten), a variable font or anything
 * unexpected goes through fontkit's own code. The subset's tables are the same either way.
 */
function copySimpleGlyphs(subset: TrueTypeSubset | undefined): void {
  if (!subset || typeof subset._addGlyph !== 'function' || copying.has(subset)) return;
  const font = subset.font;
  const offsets = font.loca?.offsets;
  if (!offsets || font._variationProcessor) return;
  copying.add(subset);
  const fontkitAdd = subset._addGlyph.bind(subset);
  subset._addGlyph = (gid: number): number => {
    const cur = offsets[gid];
    const next = offsets[gid + 1];
    if (cur === undefined || next === undefined || next < cur) return fontkitAdd(gid);
    const glyph = font.getGlyph(gid);
    const stream = font._getTableStream('glyf');
    if (!stream) return fontkitAdd(gid);
    stream.pos += cur;
    if (next > cur) {
      const contours = stream.readInt16BE();
      if (contours < 0) return fontkitAdd(gid);
      stream.pos -= 2;
    }
    const buffer = stream.readBuffer(next - cur);
    subset.glyf.push(buffer);
    subset.loca.offsets.push(subset.offset);
    subset.hmtx.metrics.push({ advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing });
    subset.offset += buffer.length;
    return subset.glyf.length - 1;
  };
}

export function createCanvas(opts: CanvasOptions): PdfCanvas {
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: opts.size,
    margin: 0,
    lang: opts.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    tagged: true,
    ...(opts.pdfa ? { subset: 'PDF/A-2a' as const } : {}),
    info: {
      Title: opts.title,
      ...(opts.author ? { Author: opts.author } : {}),
      Creator: CREATOR,
      Producer: PRODUCER,
      CreationDate: opts.date,
      ModDate: opts.date,
    },
  });
  // the XMP packet is ours (xmp.ts): pdfkit's leaves the title unescaped and has no dc:language
  const internals = doc as unknown as PdfkitInternals;
  internals._addInfo = () => {
    internals.appendXML(xmpPacket({ ...opts, producer: PRODUCER, creator: CREATOR }), false);
  };
  internals._addPdfaMetadata = () => {};
  for (const [key, data] of Object.entries(opts.fonts)) doc.registerFont(key, parsedFont(data));
  const shortcuts = opts.shortcuts !== false;
  if (shortcuts) doc.on('pageAdded', () => bufferContent((doc as unknown as { page: { content: ContentStream } }).page.content));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const wrap = (item: PDFKit.PDFOutline): OutlineNode => ({
    add: (title, expanded = true) => wrap(item.addItem(title, { expanded })),
  });
  // The layout measures the same strings (single CJK characters, above all) again and again, and each
  // measurement runs fontkit's shaper from its set-up: remember each width (the same number, so the
  // same line breaks and the same bytes).
  const widths = new Map<string, number>();
  // pdfkit's width, or the same number from the font's own advances when the string needs no shaping
  // (glyphs.ts). doc.font() is still called as before: it opens a font on first use, and the order in
  // which fonts are opened names them in the PDF.
  const widthOf = (fontKey: string, text: string, size: number): number => {
    const d = doc.font(fontKey).fontSize(size);
    const features = featuresFor(fontKey);
    const open = (d as unknown as { _font: { font?: GlyphFont } })._font;
    const fast = typeof open.font?.glyphForCodePoint === 'function' ? faceGlyphs(open.font).width(text, size, features as unknown as Features) : undefined;
    return fast ?? d.widthOfString(text, { features });
  };
  // tagging: per page its dictionary, its key in the parent tree and the element of each MCID
  const pages: { dict: unknown; key?: number; nodes: StructNode[] }[] = [];
  /** the marks open now, innermost last: an element, or null for an artifact */
  const open: (StructNode | null)[] = [];
  /**
   * A content mark whose end is held back: when the next mark is for the same element (the next line of
   * a paragraph) and nothing else was drawn in between, the sequence simply goes on — one MCID per element
   * per page rather than one per line, a smaller file and parent tree.
   */
  let held: StructNode | undefined;
  const release = (): void => {
    if (!held) return;
    held = undefined;
    doc.addContent('EMC');
  };
  const page = (): { dict: unknown; key?: number; nodes: StructNode[] } => pages[pages.length - 1] as (typeof pages)[number];
  /** runs `draw` inside an artifact unless a mark is open: every drawn thing is content or artifact */
  const unmarked = (draw: () => void): void => {
    if (open.length > 0) {
      draw();
      return;
    }
    release();
    doc.addContent('/Artifact BMC');
    draw();
    doc.addContent('EMC');
  };
  /** options of a link annotation in the structure: its key in the parent tree and its description */
  const annotOptions = (link: StructNode | undefined, contents: string | undefined): Record<string, unknown> => {
    if (!link) return {};
    // a String object: pdfkit writes it as a PDF text string
    return { StructParent: internals.createStructParentTreeNextKey(), ...(contents ? { Contents: new String(contents) } : {}) };
  };
  const addAnnot = (link: StructNode | undefined): void => {
    if (!link) return;
    const annots = internals.page.annotations;
    addContent(link, { annot: annots[annots.length - 1], page: pages.length - 1 });
  };
  return {
    measure(fontKey, text, size) {
      if (text.length > SHORT) return widthOf(fontKey, text, size);
      const k = `${fontKey}\u0000${size}\u0000${text}`;
      let w = widths.get(k);
      if (w === undefined) widths.set(k, (w = widthOf(fontKey, text, size)));
      return w;
    },
    ascent(fontKey, size) {
      doc.font(fontKey).fontSize(size);
      // pdfkit positions text by the line top; its font exposes ascender in 1/1000 em
      const f = (doc as unknown as { _font: { ascender: number } })._font;
      return (f.ascender / 1000) * size;
    },
    addPage() {
      if (open.length > 0) throw new Error('a marked-content sequence is open across a page break');
      release();
      doc.addPage({ size: opts.size, margin: 0 });
      pages.push({ dict: internals.page.dictionary, nodes: [] });
    },
    beginContent(node) {
      if (held === node) {
        held = undefined;
        open.push(node);
        return;
      }
      release();
      const p = page();
      if (p.key === undefined) {
        p.key = internals.createStructParentTreeNextKey();
        (p.dict as { data: Record<string, unknown> }).data.StructParents = p.key;
      }
      const mcid = p.nodes.length;
      p.nodes.push(node);
      doc.addContent(`/${node.type} <</MCID ${mcid}>> BDC`);
      addContent(node, { page: pages.length - 1, mcid });
      open.push(node);
    },
    beginArtifact(kind) {
      release();
      doc.addContent(`/Artifact <</Type /${kind}>> BDC`);
      open.push(null);
    },
    endMarked() {
      const node = open.pop();
      // an element's mark, the outermost: its end is held back (see `held`)
      if (node && open.length === 0) {
        held = node;
        return;
      }
      doc.addContent('EMC');
    },
    text(fontKey, size, text, x, y, charSpacing = 0, color = '#000000', hidden = false) {
      unmarked(() => {
        // out of the text layer: a Span with an empty ActualText (pdfkit's markContent writes none when it is empty)
        if (hidden) doc.addContent('/Span <</ActualText ()>> BDC');
        const d = doc.font(fontKey).fontSize(size).fillColor(color);
        const features = featuresFor(fontKey);
        if (!shortcuts || !drawDirect(d, text, x, y, charSpacing, features)) d.text(text, x, y, { lineBreak: false, characterSpacing: charSpacing, features });
        if (hidden) doc.addContent('EMC');
      });
    },
    rule(x1, y1, x2, y2, width, color) {
      unmarked(() => doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(color).stroke().restore());
    },
    rect(x, y, w, h, color) {
      unmarked(() => doc.save().rect(x, y, w, h).fillColor(color).fill().restore());
    },
    dot(x, y, r, color) {
      unmarked(() => doc.save().circle(x, y, r).fillColor(color).fill().restore());
    },
    image(data, x, y, w, h) {
      unmarked(() => doc.image(Buffer.from(data.buffer, data.byteOffset, data.byteLength), x, y, { width: w, height: h }));
    },
    svg(text, x, y, w, h) {
      const warnings: string[] = [];
      const wrap = open.length === 0;
      if (wrap) {
        release();
        doc.addContent('/Artifact BMC');
      }
      doc.save();
      svgToPdf(doc, text, x, y, {
        width: w,
        height: h,
        preserveAspectRatio: 'xMidYMid meet',
        // text in the SVG is set in the book's faces (embedded, subset), never a PDF base-14 font
        fontCallback: (_family: string, bold: boolean) => (bold ? 'bold' : 'regular'),
        // only images embedded as data: URIs; a path or URL would read a local file or need the network
        imageCallback: (link: string) => (/^data:image\/(png|jpe?g);base64,/i.test(link.replace(/\s+/g, '')) ? link.replace(/\s+/g, '') : Buffer.alloc(0)),
        documentCallback: () => [],
        warningCallback: (s: string) => warnings.push(s),
      });
      doc.restore();
      if (wrap) doc.addContent('EMC');
      return warnings;
    },
    hasGlyph(fontKey, ch) {
      doc.font(fontKey);
      const f = (doc as unknown as { _font: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font.font;
      return f?.hasGlyphForCodePoint ? f.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0) : true;
    },
    leader(x1, x2, y, color) {
      unmarked(() =>
        doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(0.8).lineCap('round').dash(0.01, { space: 3 }).strokeColor(color).stroke().undash().restore(),
      );
    },
    dest(name, y) {
      // pdfkit flips the XYZ top itself; left and zoom stay null ("keep the reader's")
      (doc.addNamedDestination as (...a: unknown[]) => void).call(doc, name, 'XYZ', null, y, null);
    },
    goTo(x, y, w, h, dest, link, contents) {
      doc.goTo(x, y, w, h, dest, annotOptions(link, contents));
      addAnnot(link);
    },
    uri(x, y, w, h, url, link) {
      doc.link(x, y, w, h, url, annotOptions(link, url));
      addAnnot(link);
    },
    outline() {
      return wrap(doc.outline);
    },
    pageLabels(ranges) {
      // pdfkit has no API for this; its catalog is a plain dictionary it serialises at end(). A String
      // object is written as a PDF text string (UTF-16 when needed), a plain string as a name.
      const nums: unknown[] = [];
      for (const r of ranges) {
        const dict: Record<string, unknown> = {};
        if (r.style) dict.S = r.style;
        // biome-ignore lint/style/useConsistentBuiltinInstantiation: pdfkit tells text strings from names by the String wrapper
        if (r.prefix) dict.P = new String(r.prefix);
        if (r.first !== undefined && r.first !== 1) dict.St = r.first;
        nums.push(r.start, dict);
      }
      (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.PageLabels = { Nums: nums };
    },
    end(tree) {
      release();
      if (tree) writeStructure(internals, tree, pages, opts.size[1]);
      if (shortcuts)
        for (const f of Object.values((doc as unknown as { _fontFamilies: Record<string, { subset?: TrueTypeSubset }> })._fontFamilies))
          copySimpleGlyphs(f.subset);
      doc.end();
      return done;
    },
  };
}

const CREATOR = 'cjkpress';
const PRODUCER = 'cjkpress (pdfkit)';

/** The parts of pdfkit's document object the tagging and the metadata use (not in its types). */
interface PdfkitInternals {
  page: { dictionary: unknown; annotations: unknown[] };
  ref(data: Record<string, unknown>): PdfRef;
  getStructTreeRoot(): PdfRef;
  getStructParentTree(): { add(key: number, value: unknown): void };
  createStructParentTreeNextKey(): number;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo: () => void;
  _addPdfaMetadata: () => void;
}
interface PdfRef {
  data: Record<string, unknown>;
  end(): void;
}

/**
 * Writes the structure tree (tags.ts) as StructElem objects under the catalog's StructTreeRoot, and the
 * parent tree that maps each page's MCIDs and each link annotation back to its element. Elements without
 * content are left out. `pageHeight` turns a figure's box into PDF coordinates.
 */
function writeStructure(
  doc: PdfkitInternals,
  tree: StructNode,
  pages: readonly { dict: unknown; key?: number; nodes: StructNode[] }[],
  pageHeight: number,
): void {
  const refs = new Map<StructNode, PdfRef>();
  const keep = (n: StructNode): boolean => n === tree || hasContent(n);
  const make = (n: StructNode): void => {
    refs.set(n, doc.ref({}));
    for (const k of n.kids) if (isNode(k) && keep(k)) make(k);
  };
  make(tree);
  const parentTree = doc.getStructParentTree();
  const root = doc.getStructTreeRoot();
  for (const [n, ref] of refs) {
    const first = n.kids.find((k): k is ContentRef => !isNode(k) && 'mcid' in k);
    const pg = first ? pages[first.page]?.dict : undefined;
    const K: unknown[] = [];
    for (const k of n.kids) {
      if (isNode(k)) {
        const r = refs.get(k);
        if (r) K.push(r);
      } else if ('mcid' in k) {
        K.push(k.page === first?.page ? k.mcid : { Type: 'MCR', Pg: pages[k.page]?.dict, MCID: k.mcid });
      } else {
        const a = k as AnnotRef;
        const annot = a.annot as PdfRef;
        K.push({ Type: 'OBJR', Obj: annot, Pg: pages[a.page]?.dict });
        parentTree.add(annot.data.StructParent as number, ref);
      }
    }
    // (no /Type /StructElem: optional, and a table of 60 rows has 300 elements)
    const data: Record<string, unknown> = { S: n.type, P: n.parent ? refs.get(n.parent) : root };
    if (pg) data.Pg = pg;
    data.K = K.length === 1 ? K[0] : K;
    // String objects: pdfkit writes them as PDF text strings (plain strings as names)
    if (n.alt !== undefined) data.Alt = new String(n.alt);
    if (n.lang) data.Lang = new String(n.lang);
    if (n.scope) data.A = { O: 'Table', Scope: n.scope };
    if (n.bbox) {
      const [x, y, w, h] = n.bbox;
      data.A = { O: 'Layout', Placement: 'Block', BBox: [x, pageHeight - y - h, x + w, pageHeight - y].map((v) => Math.round(v * 100) / 100) };
    }
    ref.data = data;
  }
  for (const p of pages)
    if (p.key !== undefined)
      parentTree.add(
        p.key,
        p.nodes.map((n) => refs.get(n) ?? null),
      );
  root.data.K = [refs.get(tree)];
  for (const ref of refs.values()) ref.end();
}
