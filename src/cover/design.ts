/**
 * The generated typographic cover, as data: coloured shapes and lines of text placed on a page of any
 * size. The EPUB rasterises it (raster.ts, 1600 × 2560 px) and the PDF draws the same design as
 * vectors on its first page, so both editions show one cover. No package is needed here: the caller
 * passes the measuring function of the font it will draw with.
 */

export interface CoverText {
  title: string;
  subtitle?: string | undefined;
  /** the author, or the column of an article without one */
  byline?: string | undefined;
}

export type CoverFace = 'regular' | 'bold';

export type CoverItem =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  /** `y` is the baseline; `x` the left end of the text */
  | { kind: 'text'; face: CoverFace; size: number; x: number; y: number; text: string; color: string };

export type Measure = (face: CoverFace, text: string, size: number) => number;

/** One palette for every book: dark ground, light text, a gold rule (print-safe, high contrast). */
export const COVER_COLORS = { ground: '#1f3347', band: '#29445e', text: '#f4efe4', muted: '#c9d3dc', accent: '#c8a24a' } as const;

/** Marks that may not start a line (clreq basic level); a line break never goes before one. */
const NO_START = new Set([...'、，。：；！？’”」』）》〉】〕］｝·,.:;!?)']);
/** Marks that may not end a line. */
const NO_END = new Set([...'‘“「『（《〈【〔［｛(']);

/** Break units: a Latin word with what follows it up to a space, or one other character. */
function units(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{Script=Latin}\p{N}'’\-_.@/]+\s*|\s+|./gsu)) {
    const u = m[0];
    const last = out[out.length - 1];
    // kinsoku: a closing mark joins the unit before it, an opening mark the unit after it
    if (last !== undefined && (NO_START.has([...u][0] ?? '') || NO_END.has([...last].at(-1) ?? ''))) out[out.length - 1] = last + u;
    else out.push(u);
  }
  return out;
}

/** Greedy line filling; a unit wider than the line is set on a line of its own (the caller shrinks the size first). */
export function wrap(text: string, width: number, size: number, face: CoverFace, measure: Measure): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const u of units(text.trim())) {
    if (cur && measure(face, (cur + u).trimEnd(), size) > width) {
      lines.push(cur.trimEnd());
      cur = u.trimStart();
    } else cur += u;
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines;
}

/** Lines of `text` at the largest size from `size` down (in 8 % steps) that needs at most `maxLines` lines. */
function fitLines(text: string, width: number, size: number, maxLines: number, face: CoverFace, measure: Measure): { lines: string[]; size: number } {
  let s = size;
  for (let i = 0; i < 12; i++) {
    const lines = wrap(text, width, s, face, measure);
    if (lines.length <= maxLines && lines.every((l) => measure(face, l, s) <= width)) return { lines: balance(text, lines, width, s, face, measure), size: s };
    s *= 0.92;
  }
  return { lines: wrap(text, width, s, face, measure), size: s };
}

/** The same number of lines, as even as they come: a narrower measure while the count stays (no 12 + 1 titles). */
function balance(text: string, lines: string[], width: number, size: number, face: CoverFace, measure: Measure): string[] {
  let best = lines;
  for (let w = width * 0.95; lines.length > 1 && w > width * 0.4; w *= 0.95) {
    const next = wrap(text, w, size, face, measure);
    if (next.length !== lines.length) break;
    best = next;
  }
  return best;
}

export function designCover(text: CoverText, width: number, height: number, measure: Measure): CoverItem[] {
  const c = COVER_COLORS;
  const items: CoverItem[] = [{ kind: 'rect', x: 0, y: 0, w: width, h: height, color: c.ground }];
  const margin = width * 0.12;
  const measureWidth = width - 2 * margin;
  // a lighter band behind the title block and a gold rule at its top and bottom
  const bandTop = height * 0.2;
  const bandHeight = height * 0.42;
  items.push({ kind: 'rect', x: 0, y: bandTop, w: width, h: bandHeight, color: c.band });
  items.push({ kind: 'rect', x: margin, y: bandTop - width * 0.004, w: measureWidth, h: width * 0.008, color: c.accent });
  items.push({ kind: 'rect', x: margin, y: bandTop + bandHeight - width * 0.004, w: measureWidth, h: width * 0.008, color: c.accent });

  const centred = (face: CoverFace, size: number, line: string, y: number, color: string): void => {
    items.push({ kind: 'text', face, size, x: (width - measure(face, line, size)) / 2, y, text: line, color });
  };
  const title = fitLines(text.title, measureWidth, width * 0.095, 4, 'bold', measure);
  const subtitle = text.subtitle ? fitLines(text.subtitle, measureWidth, width * 0.045, 2, 'regular', measure) : undefined;
  const titlePitch = title.size * 1.35;
  const subPitch = (subtitle?.size ?? 0) * 1.5;
  const gap = subtitle ? title.size * 0.9 : 0;
  const blockHeight = title.lines.length * titlePitch + gap + (subtitle ? subtitle.lines.length * subPitch : 0);
  // the title block centred in the band; baselines sit ~0.88 em below each line's top
  let y = bandTop + (bandHeight - blockHeight) / 2;
  for (const line of title.lines) {
    centred('bold', title.size, line, y + titlePitch * 0.5 + title.size * 0.36, c.text);
    y += titlePitch;
  }
  if (subtitle) {
    y += gap;
    for (const line of subtitle.lines) {
      centred('regular', subtitle.size, line, y + subPitch * 0.5 + subtitle.size * 0.36, c.muted);
      y += subPitch;
    }
  }
  if (text.byline) {
    const by = fitLines(text.byline, measureWidth, width * 0.05, 2, 'regular', measure);
    let by0 = height * 0.8;
    for (const line of by.lines) {
      centred('regular', by.size, line, by0, c.text);
      by0 += by.size * 1.5;
    }
    items.push({ kind: 'rect', x: (width - width * 0.08) / 2, y: height * 0.8 - by.size * 2.2, w: width * 0.08, h: width * 0.004, color: c.accent });
  }
  return items;
}
