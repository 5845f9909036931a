/**
 * The generated cover as a PNG (1600 × 2560 px, the size e-book stores ask for): the design
 * (design.ts) written as SVG with every glyph as an outline taken from the book's own font (fontkit),
 * then rasterised by resvg. Glyph outlines rather than SVG text: resvg then needs no font at all
 * (no system fonts, nothing read at run time but the book's font), and the pixels depend only on the
 * design and the font, so the same book gives the same bytes.
 */
import { createFontkitFont } from '../fonts/fontkit.ts';
import { loadFace } from '../fonts/load.ts';
import type { FontSet } from '../fonts/resolve.ts';
import { type CoverFace, type CoverItem, type CoverText, designCover } from './design.ts';

export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

interface Glyph {
  path: { toSVG(): string };
}
interface GlyphRun {
  glyphs: Glyph[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string, features?: Record<string, boolean>): GlyphRun;
}

// the same features the PDF sets text with (writers/pdf/package.ts): no kerning or ligatures
const FEATURES = { kern: false, liga: false, clig: false, dlig: false, calt: false };

const parsed = new WeakMap<Uint8Array, FontkitFont>();
function fontOf(data: Uint8Array): FontkitFont {
  let f = parsed.get(data);
  if (!f) parsed.set(data, (f = createFontkitFont(data) as unknown as FontkitFont));
  return f;
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The design as SVG markup: rectangles, and text as glyph outlines. */
export function coverSvg(items: readonly CoverItem[], width: number, height: number, faces: Record<CoverFace, FontkitFont>, title: string): string {
  let body = '';
  for (const it of items) {
    if (it.kind === 'rect') {
      body += `<rect x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}" fill="${it.color}"/>\n`;
      continue;
    }
    const font = faces[it.face];
    const scale = it.size / font.unitsPerEm;
    const run = font.layout(it.text, { ...FEATURES });
    let x = 0;
    let paths = '';
    run.glyphs.forEach((g, i) => {
      const p = run.positions[i];
      const d = g.path.toSVG();
      if (d) paths += `<path transform="translate(${num(x + (p?.xOffset ?? 0))} ${num(p?.yOffset ?? 0)})" d="${d}"/>`;
      x += p?.xAdvance ?? 0;
    });
    body += `<g fill="${it.color}" transform="translate(${num(it.x)} ${num(it.y)}) scale(${scale} ${-scale})">${paths}</g>\n`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeXml(title)}</title>\n${body}</svg>\n`;
}

/** The measuring function of a face, in the units the design is laid out in. */
export function fontkitMeasure(faces: Record<CoverFace, FontkitFont>): (face: CoverFace, text: string, size: number) => number {
  // the design tries a dozen sizes and measures for each: the same strings again and again (a long title
  // cost over 0.1 s of shaping), so each string is shaped once
  const units = new Map<string, number>();
  return (face, text, size) => {
    const f = faces[face];
    const key = `${face}\u0000${text}`;
    let w = units.get(key);
    if (w === undefined) {
      w = 0;
      for (const p of f.layout(text, { ...FEATURES }).positions) w += p.xAdvance;
      units.set(key, w);
    }
    return (w * size) / f.unitsPerEm;
  };
}

/** The generated cover of a book as PNG bytes. */
export async function renderCoverPng(text: CoverText, fonts: FontSet): Promise<Uint8Array> {
  const faces = { regular: fontOf((await loadFace(fonts.regular)).data), bold: fontOf((await loadFace(fonts.bold)).data) };
  const items = designCover(text, COVER_WIDTH, COVER_HEIGHT, fontkitMeasure(faces));
  const svg = coverSvg(items, COVER_WIDTH, COVER_HEIGHT, faces, text.title);
  // loaded on demand: a native module, needed only when an EPUB is written
  const { renderAsync } = (await import('@resvg/resvg-js')) as typeof import('@resvg/resvg-js');
  // rendered on libuv's thread pool, not this thread: the writer goes on (fonts, documents) meanwhile
  const image = await renderAsync(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' }, shapeRendering: 2, textRendering: 1 });
  return new Uint8Array(image.asPng());
}
