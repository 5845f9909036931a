/**
 * Nothing is drawn past the text block: every text item (x … x + width) and every filled or stroked
 * path and image lies between the page's left and right text margins (templates/pdf/style.json), and on
 * the page (a table row taller than a page is cut into pieces), on every page, for documents made to
 * overflow (tests/writers/pdf/nasty.ts).
 */
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { isCloseMark } from '../../../src/layout/chars.ts';
import { parseArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf, type PageSize } from '../../../src/writers/pdf/index.ts';
import { loadStyle } from '../../../src/writers/pdf/style.ts';
import { pdfGeometry } from '../../helpers/pdf-geometry.ts';
import { nastyArticle } from './nasty.ts';

const date = new Date(Date.UTC(2026, 10, 1));
const TOL = 0.5;

/** Everything outside [left, right] (± TOL), described for the failure message. */
export async function outside(bytes: Uint8Array, pageSize: PageSize): Promise<string[]> {
  const style = loadStyle(pageSize);
  const left = style.left - TOL;
  const right = style.left + style.width + TOL;
  const bad: string[] = [];
  for (const page of await pdfGeometry(bytes)) {
    for (const t of page.text) {
      // a line may end in a full-width closing mark set half width: its box sticks out ½ em, its ink does not
      const last = Array.from(t.str.trimEnd()).pop()?.codePointAt(0) ?? 0;
      const hang = isCloseMark(last) && last >= 0x2000 ? t.size / 2 : 0;
      if (t.x < left || t.x + t.w - hang > right) bad.push(`p${page.page} text x=${t.x.toFixed(1)}..${(t.x + t.w).toFixed(1)} "${t.str.slice(0, 30)}"`);
    }
    for (const g of page.paths) {
      if (g.x1 < left || g.x2 > right || g.y1 < -TOL || g.y2 > page.height + TOL) bad.push(`p${page.page} ${g.kind} x=${g.x1.toFixed(1)}..${g.x2.toFixed(1)} y=${g.y1.toFixed(1)}..${g.y2.toFixed(1)}`);
    }
  }
  return bad;
}

describe('nothing is drawn past the text block', () => {
  for (const pageSize of ['A5', 'A4'] as const) {
    it(`on a document made to overflow (${pageSize})`, async () => {
      const book = transform(parseArticle(nastyArticle(), 'nasty.md'));
      const bytes = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize });
      const bad = await outside(bytes, pageSize);
      expect(bad.slice(0, 20), `${bad.length} items past the margins`).toEqual([]);
    }, 120_000);
  }
});
