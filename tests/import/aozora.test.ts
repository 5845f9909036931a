/**
 * `cjkpress import` of Aozora Bunko texts (issue 14): tests/fixtures/aozora/sample-sjis.txt is a small text
 * in the library's format — Shift_JIS, CRLF — with every notation the importer reads (make-sample.py
 * writes it); the result must keep every reading as ruby, the work's own headings, and no notation.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gaijiChar, jisx0213 } from '../../src/import/aozora/gaiji.ts';
import { importArticle } from '../../src/import/index.ts';
import { inlineText, type Inline, walkBlocks } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';

const SAMPLE = readFileSync(fileURLToPath(new URL('../fixtures/aozora/sample-sjis.txt', import.meta.url)));
const FILE = 'yoru.txt';
const sampleText = new TextDecoder('shift_jis').decode(SAMPLE);

const rubyCount = (nodes: readonly Inline[]): number => nodes.reduce((n, x) => n + (x.kind === 'ruby' ? 1 : 'children' in x ? rubyCount(x.children) : 0), 0);

describe('import of an Aozora Bunko text (Shift_JIS, CRLF)', async () => {
  const r = await importArticle(SAMPLE, { file: FILE, lang: 'ja' });
  const md = r.markdown;
  const article = parseArticle(md, 'yoru.md');
  const blocks = [...walkBlocks(article.blocks)];

  it('is a Shift_JIS file with CRLF line ends (the fixture is what the library publishes)', () => {
    expect(SAMPLE.includes(Buffer.from('\r\n'))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(SAMPLE)).toThrow();
    expect(r.warnings[0]).toBe(`${FILE}: warning: input is not UTF-8; decoded as Shift_JIS [encoding]`);
  });

  it('takes the title and author lines as front matter and drops the legend', () => {
    expect(article.meta).toMatchObject({ title: '三つの夜の話', lang: 'ja', author: '試作文庫編' });
    expect(md).not.toContain('テキスト中に現れる記号');
    expect(md).not.toContain('-----');
  });

  it('makes the work’s own headings: 大見出し ##, 中見出し ###, 小見出し ####', () => {
    const hs = blocks.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? `${b.level} ${inlineText(b.content)}` : ''));
    expect(hs).toEqual(['2 上の巻', '3 第一夜', '3 第二夜', '2 下の巻', '3 第三夜', '4 一']);
  });

  it('turns every 《》 of the text into ruby, and leaves no notation in the book', () => {
    const body = sampleText.slice(sampleText.lastIndexOf('-----'), sampleText.indexOf('底本：'));
    const annotations = [...body.matchAll(/《[^《》]+》/gu)].length;
    expect(annotations).toBe(32);
    const found = blocks.reduce((n, b) => n + (b.kind === 'paragraph' || b.kind === 'heading' ? rubyCount(b.content) : 0), 0);
    expect(found).toBe(annotations);
    const text = blocks.map((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? inlineText(b.content) : '')).join('\n');
    for (const notation of ['［＃', '《', '》', '｜', '※', '／＼']) expect(text).not.toContain(notation);
  });

  it('sets gaiji with a JIS X 0213 code or a code point as the character, others as 〓 with a warning', () => {
    expect(md).toContain('目を睜ると');
    expect(md).toContain('壁には譃の字');
    expect(md).toContain('床には呭という');
    expect(md).toContain('無い〓という字');
    expect(r.warnings).toContain(`${FILE}:31: warning: gaiji ※［＃「てへん＋劣」、148-7］ names no JIS X 0213 code or Unicode code point: shown as 〓 [gaiji]`);
  });

  it('marks 傍点 as emphasis, makes an indented block a quote, keeps the 底本 colophon last', () => {
    const emphOf = (nodes: readonly Inline[]): string[] =>
      nodes.flatMap((n) => (n.kind === 'emph' ? [inlineText([n])] : 'children' in n ? emphOf(n.children) : []));
    const emph = blocks.flatMap((b) => (b.kind === 'paragraph' ? emphOf(b.content) : []));
    // the last one a ruby base marked by a note between ｜ and 《》 (｜遠い国［＃「遠い国」に傍点］《とおいくに》)
    expect(emph).toEqual(['大丈夫だろうね', 'くりかえしくりかえし', '遠い国']);
    expect(md).toContain('<ruby>*遠い国*<rt>とおいくに</rt></ruby>の話を聞いた。<ruby>手紙<rt>てがみ</rt></ruby>も来た。');
    const quote = article.blocks.find((b) => b.kind === 'quote');
    expect(quote?.kind === 'quote' && quote.blocks.map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : ''))).toEqual([
      '悟らなければ自刃する。',
      '侍が辱しめられて、生きている訳には行かない。',
    ]);
    expect(md).toContain('心が〳〵ゆるんで');
    const last = article.blocks[article.blocks.length - 1];
    expect(last?.kind === 'paragraph' && inlineText(last.content)).toMatch(
      /^底本：「試作文庫のための見本」試作文庫編集部\n2026（令和8）年12月1日第1刷発行\n入力：/,
    );
    expect(article.blocks[article.blocks.length - 2]?.kind).toBe('rule');
  });

  it('recognises the format without --lang (and reads the same), never with a Chinese --lang', async () => {
    const auto = await importArticle(SAMPLE, { file: FILE });
    expect(auto.markdown).toBe(md);
    const utf8 = await importArticle(new TextEncoder().encode(sampleText), { file: FILE });
    expect(utf8.markdown).toBe(md);
    const zh = await importArticle(new TextEncoder().encode(sampleText), { file: FILE, lang: 'zh-CN' });
    expect(zh.markdown).not.toContain('<ruby>');
  });

  it('leaves a Chinese clipping with 《书名》 to the clipping importer', async () => {
    const text = '鲁迅的书\n\n我读过《呐喊》和《彷徨》，又读了《朝花夕拾》。\n';
    const out = await importArticle(new TextEncoder().encode(text), { file: 'lu.txt' });
    expect(out.markdown).toContain('《呐喊》');
    expect(out.markdown).not.toContain('<ruby>');
  });
});

describe('JIS X 0213 table', () => {
  it('maps plane-row-cell to Unicode across both planes, combining sequences included', () => {
    expect(jisx0213(1, 88, 85)).toBe('睜');
    expect(jisx0213(2, 88, 74)).toBe('譃');
    expect(jisx0213(1, 4, 87)).toBe('か\u309a');
    expect(jisx0213(1, 1, 1)).toBe('\u3000');
    expect(jisx0213(2, 94, 86)).toBe('\u{2a6b2}');
    expect(jisx0213(1, 95, 1)).toBeUndefined();
    expect(gaijiChar('「口＋世」、U+546D、52-5')).toBe('呭');
    expect(gaijiChar('「てへん＋劣」、148-7')).toBeUndefined();
  });
});
