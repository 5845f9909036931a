/**
 * The PDF's first page: the generated cover (src/cover/design.ts) drawn as vectors — rectangles and
 * text in the book's embedded faces, so it prints sharp at any size and its words are text — or the
 * book file's cover image, fitted to the page on the cover's ground colour.
 */
import { COVER_COLORS, type CoverText, designCover } from '../../cover/design.ts';
import type { PdfCanvas } from './package.ts';
import type { StructNode } from './tags.ts';

export interface PdfCoverImage {
  data: Uint8Array;
  width: number;
  height: number;
}

type Split = (text: string, face: string) => { text: string; fontKey: string }[];

/** `node`: the cover's Figure element (its alt text names the book); everything drawn is its content. */
export function drawCover(canvas: PdfCanvas, page: [number, number], text: CoverText, split: Split, image: PdfCoverImage | undefined, node: StructNode): void {
  canvas.addPage();
  const [width, height] = page;
  node.bbox = [0, 0, width, height];
  canvas.beginContent(node);
  drawDesign(canvas, page, text, split, image);
  canvas.endMarked();
}

function drawDesign(canvas: PdfCanvas, page: [number, number], text: CoverText, split: Split, image?: PdfCoverImage): void {
  const [width, height] = page;
  if (image) {
    canvas.rect(0, 0, width, height, COVER_COLORS.ground);
    const scale = Math.min(width / image.width, height / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    canvas.image(image.data, (width - w) / 2, (height - h) / 2, w, h);
    return;
  }
  // measured piece by piece, as drawn: a character the main face lacks is set in a fallback face
  const measure = (face: string, t: string, size: number): number => split(t, face).reduce((w, p) => w + canvas.measure(p.fontKey, p.text, size), 0);
  for (const it of designCover(text, width, height, measure)) {
    if (it.kind === 'rect') {
      canvas.rect(it.x, it.y, it.w, it.h, it.color);
      continue;
    }
    // pdfkit places text by the top of the main face's ascent box; the design gives baselines
    const top = it.y - canvas.ascent(it.face, it.size);
    let x = it.x;
    for (const p of split(it.text, it.face)) {
      canvas.text(p.fontKey, it.size, p.text, x, top, 0, it.color);
      x += canvas.measure(p.fontKey, p.text, it.size);
    }
  }
}
