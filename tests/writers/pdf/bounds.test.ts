/**
 * Nothing is drawn past the text block: every text item (x … x + width) and every filled or stroked
 * path and image lies between the page's left and right text margins (templates/pdf/style.json), and on
 * the page (a table row taller than a page is cut into pieces), on every page, for documents made to
 * overflow (tests/writers/pdf/nasty.ts).
 */
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { parseArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { outsideTextBlock } from '../../helpers/pdf-geometry.ts';
import { nastyArticle } from './nasty.ts';

const date = new Date(Date.UTC(2026, 10, 1));

describe('nothing is drawn past the text block', () => {
  for (const pageSize of ['A5', 'A4'] as const) {
    it(`on a document made to overflow (${pageSize})`, async () => {
      const book = transform(parseArticle(nastyArticle(), 'nasty.md'));
      const bytes = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize });
      const bad = await outsideTextBlock(bytes, pageSize);
      expect(bad.slice(0, 20), `${bad.length} items past the margins`).toEqual([]);
    }, 120_000);
  }
});
