/**
 * Emphasis dots (着重号): `*强调*` puts one dot under the centre of each CJK character, none under
 * Latin letters or punctuation, read back from the PDF's drawing operators (filled circles) with pdf.js.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { parseArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { pdfGeometry, type PageGeometry, type TextBox } from '../../helpers/pdf-geometry.ts';

const date = new Date(Date.UTC(2026, 10, 1));
const SIZE = 10.5; // A4 body size (templates/pdf/style.json)

// one short paragraph per case, each a single line (the last line of a paragraph is not stretched)
const ARTICLE = `---
title: 着重号
lang: zh-CN
---

普通*强调文字*普通

甲*Latin强*乙

甲*强，调*。乙

无着重的一行
`;

let body: PageGeometry;

/** Centres of the filled circles drawn (dots are paths of curves; rectangles and rules are not). */
const dots = (p: PageGeometry): { x: number; y: number }[] =>
  p.paths.filter((g) => g.kind === 'fill' && g.ops.includes(OPS.curveTo)).map((g) => ({ x: (g.x1 + g.x2) / 2, y: (g.y1 + g.y2) / 2 }));

/** The text item `str` (pdf.js gives one per drawn run here). */
function item(p: PageGeometry, str: string): TextBox {
  const t = p.text.find((i) => i.str === str);
  if (!t) throw new Error(`no text item ${str}: ${p.text.map((i) => i.str).join(' | ')}`);
  return t;
}

/** Dots on the line of `t` (within an em below its baseline). */
const dotsUnder = (t: TextBox): { x: number; y: number }[] => dots(body).filter((d) => d.y < t.y && d.y > t.y - SIZE);

/** Centres of the characters of an item of full-width characters (lines here are not stretched). */
const centres = (t: TextBox): number[] => Array.from(t.str).map((_, i) => t.x + (i + 0.5) * SIZE);

const near = (xs: number[], x: number): boolean => xs.some((d) => Math.abs(d - x) < 0.3);

beforeAll(async () => {
  const book = transform(parseArticle(ARTICLE, 'emph.md'));
  const pages = await pdfGeometry(await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' }));
  const p = pages.find((pg) => pg.text.some((t) => t.str.startsWith('普通')));
  if (!p) throw new Error('body page not found');
  body = p;
}, 60_000);

describe('emphasis dots in the PDF', () => {
  it('draws one dot under the centre of each of the four characters of *强调文字*', () => {
    const t = item(body, '强调文字');
    const got = dotsUnder(t).map((d) => d.x);
    expect(got).toHaveLength(4);
    for (const c of centres(t)) expect(near(got, c), `no dot at ${c}: ${got.join(', ')}`).toBe(true);
    // below the baseline, by ~0.3 em: under the glyphs, not on them
    for (const d of dotsUnder(t)) expect(t.y - d.y).toBeGreaterThan(SIZE * 0.2);
  });

  it('puts no dot under Latin letters: only under 强 of *Latin强*', () => {
    const latin = item(body, 'Latin');
    const got = dotsUnder(latin).map((d) => d.x);
    expect(got).toHaveLength(1);
    expect(got.filter((x) => x >= latin.x && x <= latin.x + latin.w)).toEqual([]);
    const qiang = body.text.find((i) => i.str === '强' && Math.abs(i.y - latin.y) < 0.1);
    expect(qiang && near(got, qiang.x + SIZE / 2)).toBe(true);
  });

  it('puts no dot under punctuation: only under 强 and 调 of *强，调*', () => {
    const t = item(body, '强，调');
    const got = dotsUnder(t).map((d) => d.x);
    const [a = 0, comma = 0, b = 0] = centres(t);
    expect(got).toHaveLength(2);
    expect(near(got, a) && near(got, b)).toBe(true);
    expect(near(got, comma)).toBe(false);
  });

  it('draws no dots where nothing is emphasised', () => {
    expect(dotsUnder(item(body, '无着重的一行'))).toHaveLength(0);
    expect(dots(body)).toHaveLength(7);
  });
});
