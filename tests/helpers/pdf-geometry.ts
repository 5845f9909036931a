/**
 * Where things are drawn on a PDF's pages, read back with pdf.js: text items (x, width, baseline) from
 * getTextContent, and the bounding box of every filled or stroked path and image from the operator list
 * (the CTM is tracked through save/restore/transform). Coordinates are PDF page space: origin at the
 * bottom left, y up, pt.
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { isCloseMark } from '../../src/layout/chars.ts';
import type { PageSize } from '../../src/writers/pdf/index.ts';
import { loadStyle } from '../../src/writers/pdf/style.ts';

export interface TextBox {
  str: string;
  x: number;
  /** baseline */
  y: number;
  w: number;
  /** font size (the text matrix's vertical scale) */
  size: number;
}

export interface PathBox {
  kind: 'fill' | 'stroke' | 'image';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** path construction operators (OPS.moveTo, OPS.curveTo …) of the path; empty for images */
  ops: number[];
}

export interface PageGeometry {
  page: number;
  width: number;
  height: number;
  text: TextBox[];
  paths: PathBox[];
}

type Matrix = [number, number, number, number, number, number];

const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The box of the points (x1,y1)-(x2,y2) under `m`, in page space. */
function box(m: Matrix, x1: number, y1: number, x2: number, y2: number): { x1: number; y1: number; x2: number; y2: number } {
  const pts = [apply(m, x1, y1), apply(m, x2, y1), apply(m, x1, y2), apply(m, x2, y2)];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

export async function pdfGeometry(bytes: Uint8Array): Promise<PageGeometry[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: PageGeometry[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const [, , width = 0, height = 0] = page.view;
    const text: TextBox[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str === '') continue;
      const t = item.transform as number[];
      text.push({ str: item.str, x: t[4] ?? 0, y: t[5] ?? 0, w: item.width, size: Math.abs(t[3] ?? 0) });
    }
    const list = await page.getOperatorList();
    const paths: PathBox[] = [];
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let pending: { x1: number; y1: number; x2: number; y2: number; ops: number[] } | undefined;
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[];
      switch (fn) {
        case OPS.save:
          stack.push(ctm);
          break;
        case OPS.restore:
          ctm = stack.pop() ?? ctm;
          break;
        case OPS.transform:
          ctm = mul(args as Matrix, ctm);
          break;
        case OPS.constructPath: {
          // [operators, flat coordinates, minMax]; minMax leaves curves out, so walk the coordinates
          const ops = args[0] as number[];
          const coords = args[1] as number[];
          const xs: number[] = [];
          const ys: number[] = [];
          let k = 0;
          for (const op of ops) {
            if (op === OPS.rectangle) {
              // x, y, w, h: the corners
              const [x = 0, y = 0, w = 0, h = 0] = coords.slice(k, k + 4);
              xs.push(x, x + w);
              ys.push(y, y + h);
              k += 4;
            } else if (op === OPS.curveTo || op === OPS.curveTo2 || op === OPS.curveTo3) {
              // every control point: a curve lies inside their hull
              const n = op === OPS.curveTo ? 3 : 2;
              for (let j = 0; j < n; j++) {
                xs.push(coords[k + 2 * j] ?? 0);
                ys.push(coords[k + 2 * j + 1] ?? 0);
              }
              k += 2 * n;
            } else if (op === OPS.moveTo || op === OPS.lineTo) {
              xs.push(coords[k] ?? 0);
              ys.push(coords[k + 1] ?? 0);
              k += 2;
            }
            // closePath: no coordinates
          }
          if (xs.length === 0) break;
          pending = { ...box(ctm, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)), ops };
          break;
        }
        case OPS.fill:
        case OPS.eoFill:
        case OPS.fillStroke:
        case OPS.eoFillStroke:
          if (pending) paths.push({ kind: 'fill', ...pending });
          pending = undefined;
          break;
        case OPS.stroke:
        case OPS.closeStroke:
          if (pending) paths.push({ kind: 'stroke', ...pending });
          pending = undefined;
          break;
        case OPS.endPath:
          pending = undefined;
          break;
        case OPS.paintImageXObject:
        case OPS.paintInlineImageXObject:
          // an image fills the unit square of the current CTM
          paths.push({ kind: 'image', ...box(ctm, 0, 0, 1, 1), ops: [] });
          break;
      }
    });
    out.push({ page: p, width, height, text, paths });
  }
  await doc.destroy();
  return out;
}

const TOL = 0.5;

/**
 * Everything drawn outside the text block's left and right margins (± 0.5 pt) or off the page, described
 * for a failure message; empty when all is inside.
 */
export async function outsideTextBlock(bytes: Uint8Array, pageSize: PageSize): Promise<string[]> {
  const style = loadStyle(pageSize);
  const left = style.left - TOL;
  const right = style.left + style.width + TOL;
  const bad: string[] = [];
  for (const page of await pdfGeometry(bytes)) {
    // page 1 is the cover: full-bleed by design (src/writers/pdf/cover.ts)
    if (page.page === 1) continue;
    for (const t of page.text) {
      // a line may end in a full-width closing mark set half width: its box sticks out ½ em, its ink does not
      const last = Array.from(t.str.trimEnd()).pop()?.codePointAt(0) ?? 0;
      const hang = isCloseMark(last) && last >= 0x2000 ? t.size / 2 : 0;
      if (t.x < left || t.x + t.w - hang > right) bad.push(`p${page.page} text x=${t.x.toFixed(1)}..${(t.x + t.w).toFixed(1)} "${t.str.slice(0, 30)}"`);
    }
    for (const g of page.paths) {
      if (g.x1 < left || g.x2 > right || g.y1 < -TOL || g.y2 > page.height + TOL)
        bad.push(`p${page.page} ${g.kind} x=${g.x1.toFixed(1)}..${g.x2.toFixed(1)} y=${g.y1.toFixed(1)}..${g.y2.toFixed(1)}`);
    }
  }
  return bad;
}
