/**
 * The tagged PDF (src/writers/pdf/tags.ts): the structure tree read back with poppler (`pdfinfo
 * -struct-text`: the whole tree with its text) and pdf.js (`getStructTree` per page, /Alt, /Lang, and which
 * text is marked as what). The seed article: one heading element per heading with its text, the paragraphs
 * in reading order, the contents as TOC/TOCI, page numbers as artifacts. The constructs fixture: lists,
 * quotes, code, a table with header cells (its header repeated on the next page only as an artifact), a
 * figure with its alt text, links with their annotations, footnotes. And a language span.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../../helpers/commands.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { type Block, type Book, inlineText, walkBlocks } from '../../../src/model.ts';
import { parseArticle, readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { toRuns } from '../../../src/writers/pdf/runs.ts';
import { foreignLang } from '../../../src/writers/pdf/tags.ts';
import { readPdf } from '../../helpers/pdf.ts';
import {
  allText,
  byRole,
  type PageMarks,
  pdfinfo,
  pdfjsText,
  readMarks,
  structText,
  type TagNode,
  walk,
  walkPdfjs,
  writeTemp,
} from '../../helpers/pdf-tags.ts';

const date = new Date('2024-01-02T03:04:05Z');
const squash = (s: string): string => s.replace(/\s+/g, '');

const hasPoppler = hasCommand('pdfinfo');

interface Built {
  book: Book;
  bytes: Uint8Array;
  tree: TagNode;
  marks: PageMarks[];
}

async function build(file: string): Promise<Built> {
  const book = transform(await readArticle(file));
  const bytes = await writePdf(book, { fonts: defaultFonts(book.meta.lang), date, pageSize: 'A4' });
  return { book, bytes, tree: structText(writeTemp(bytes)), marks: await readMarks(bytes) };
}

/** The body's section: the Sect holding the first body heading (after the cover, title page and contents). */
function bodySect(tree: TagNode): TagNode {
  const doc = byRole(tree, 'Document')[0] as TagNode;
  const sects = doc.children.filter((c) => c.role === 'Sect');
  return sects[sects.length - 1] as TagNode;
}

describe.skipIf(!hasPoppler)('tagged PDF: the seed article', () => {
  let seed: Built;
  beforeAll(async () => {
    seed = await build('content/jingmen-crisis.md');
  }, 60_000);

  it('is tagged (MarkInfo /Marked true), with the document language and the title shown in the title bar', () => {
    const file = writeTemp(seed.bytes);
    expect(pdfinfo(file).Tagged).toBe('yes');
    const root = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 64 << 20 })).qpdf[1];
    const obj = (ref: string): Record<string, unknown> => root[`obj:${ref}`].value;
    const catalog = obj(root.trailer.value['/Root']);
    expect(catalog['/Lang']).toBe('u:zh-CN');
    expect(obj(catalog['/MarkInfo'] as string)['/Marked']).toBe(true);
    expect(obj(catalog['/ViewerPreferences'] as string)['/DisplayDocTitle']).toBe(true);
    expect(catalog['/StructTreeRoot']).toBeDefined();
    // pdf.js: the document element carries the language too
    const first = seed.marks[0]?.tree?.children?.[0] as { role: string; lang?: string };
    expect(first).toMatchObject({ role: 'Document', lang: 'zh-CN' });
  });

  it('has one heading element per heading, holding its text, in order', () => {
    const headings = [...walk(seed.tree)].filter((n) => /^H[1-6]$/.test(n.role)).map((n) => [n.role, allText(n)]);
    const model = [...walkBlocks(seed.book.blocks)]
      .filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading')
      .map((b) => [`H${b.level}`, squash(inlineText(b.content))]);
    expect(headings).toEqual([['H1', seed.book.meta.title], ['H2', '目录'], ...model, ['H2', '参考来源']]);
  });

  it('has the paragraphs as P elements, in reading order, with all their text', () => {
    const body = bodySect(seed.tree);
    const ps = body.children.filter((c) => c.role === 'P').map(allText);
    const model = seed.book.blocks.filter((b) => b.kind === 'paragraph').map((b) => squash(inlineText(b.content)));
    expect(ps).toEqual(model);
    // headings and paragraphs interleaved as in the article
    const kinds = body.children.filter((c) => c.role !== 'L').map((c) => (c.role === 'P' ? 'p' : 'h'));
    const modelKinds = seed.book.blocks.filter((b) => b.kind === 'paragraph' || b.kind === 'heading').map((b) => (b.kind === 'paragraph' ? 'p' : 'h'));
    expect(kinds).toEqual([...modelKinds, 'h']); // and the sources' heading
  });

  it('tags the contents as TOC/TOCI, each entry a Link with its page number and its annotation', () => {
    const items = byRole(seed.tree, 'TOCI');
    const count = (es: typeof seed.book.toc): number => es.reduce((n, e) => n + 1 + count(e.children), 0);
    expect(items.length).toBe(count(seed.book.toc) + 1); // and the sources
    for (const item of items) {
      const link = item.children.find((c) => c.role === 'Link') as TagNode;
      expect(allText(link)).toMatch(/\d+$/);
      expect(link.annots).toBe(1);
    }
    expect(byRole(seed.tree, 'TOC').length).toBe(2); // the h3 under their h2
  });

  it('puts every link annotation in a Link element', async () => {
    const links = byRole(seed.tree, 'Link');
    const annots = (await readPdf(seed.bytes)).links.length;
    expect(links.reduce((n, l) => n + l.annots, 0)).toBe(annots);
  });

  it('draws page numbers and the cover as something other than body text: artifacts and a described figure', () => {
    // every piece of text is marked; the footers (page numbers) are artifacts, not in the tree
    for (const [p, page] of seed.marks.entries()) {
      expect(page.unmarked, `page ${p + 1}`).toBe('');
      // the cover and the title page have no number
      if (p > 1) expect(page.artifacts, `page ${p + 1}`).toMatch(/^\d+$/);
    }
    const cover = [...walkPdfjs(seed.marks[0]?.tree)].find((n) => n.role === 'Figure');
    expect(cover?.alt).toBe(`封面：${seed.book.meta.title} — ${seed.book.meta.column}`);
    // the tree's text is the book's, whole and in order: no page number slipped in between two pages' lines
    const body = allText(bodySect(seed.tree));
    const model = seed.book.blocks.map((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? squash(inlineText(b.content)) : '')).join('');
    expect(body.startsWith(model)).toBe(true);
    expect(body.slice(model.length)).toMatch(/^参考来源1\./);
  });
});

describe.skipIf(!hasPoppler)('tagged PDF: the constructs fixture', () => {
  let c: Built;
  beforeAll(async () => {
    c = await build('tests/fixtures/constructs/constructs.md');
  }, 60_000);

  it('tags lists as L/LI with Lbl (numbers) and LBody', () => {
    const lists = byRole(c.tree, 'L');
    const modelLists = [...walkBlocks(c.book.blocks)].filter((b) => b.kind === 'list').length;
    expect(lists.length).toBe(modelLists + 1); // and the sources
    const labels = byRole(c.tree, 'Lbl').map(allText);
    expect(labels).toEqual(expect.arrayContaining(['3.', '4.', '5.', '1.', '2.', '①', '②']));
    for (const li of byRole(c.tree, 'LI')) expect(li.children.some((k) => k.role === 'LBody')).toBe(true);
  });

  it('tags the table with header cells scoped to their column, once, though its header repeats on the next page', () => {
    const table = byRole(c.tree, 'Table')[0] as TagNode;
    const th = byRole(table, 'TH');
    expect(th.map(allText)).toEqual(['序号', '城市', '数量', '占比']);
    for (const cell of th) expect(cell.attrs).toContain('/Scope /Column');
    const model = c.book.blocks.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;
    const rows = byRole(table, 'TR');
    expect(rows.length).toBe(model.rows.length + 1);
    for (const tr of rows) expect(tr.children.length).toBe(4);
    expect(byRole(table, 'TD').map(allText)).toEqual(model.rows.flat().map((cell) => squash(inlineText(cell.content))));
    // the repeated header on the table's second page is an artifact
    const pages = c.marks.filter((m) => [...m.content.values()].some((t) => squash(t).includes('第2批')));
    expect(pages.some((m) => m.artifacts.includes('序号城市数量占比'))).toBe(true);
  });

  it('gives the figure its alt text and a box; the caption follows it', () => {
    const figures = c.marks.flatMap((m) => [...walkPdfjs(m.tree)].filter((n) => n.role === 'Figure'));
    const fig = figures.find((f) => f.alt === '三根柱子的示意图');
    expect(fig).toBeDefined();
    expect(fig?.bbox?.length).toBe(4);
    expect(byRole(c.tree, 'Caption').map(allText)).toEqual(['图一：示意图']);
  });

  it('tags quotes, code, links, footnotes and their references', () => {
    expect(byRole(c.tree, 'BlockQuote').map(allText)[0]).toMatch(/^引文段落/);
    const code = byRole(c.tree, 'Code').map(allText);
    expect(code).toContain('npmrunexport');
    expect(code.some((t) => t.startsWith('defgreet(name):'))).toBe(true);
    const links = byRole(c.tree, 'Link');
    expect(links.map(allText)).toEqual(expect.arrayContaining(['万维网联盟', 'Unicode标准', 'https://www.w3.org/TR/clreq/']));
    for (const l of links) expect(l.annots).toBeGreaterThan(0);
    expect(byRole(c.tree, 'Reference').map(allText)).toEqual(['①', '②']);
    const notes = byRole(c.tree, 'Note').map(allText);
    expect(notes[0]).toMatch(/^①这是第一个脚注/);
    expect(notes[1]).toBe('②这是第二个脚注。');
  });

  it('keeps emphasised text in reading order (the dots are artifacts drawn apart from the text)', () => {
    const model = c.book.blocks.find((b) => b.kind === 'paragraph' && inlineText(b.content).startsWith('本文用于检验')) as Extract<
      Block,
      { kind: 'paragraph' }
    >;
    // as printed: link numbers [n] after the links, ①② for the footnote references; then the notes (inline Note elements)
    const printed = toRuns(model.content, 'regular', { linkNumbers: true, noteLabel: (n) => String.fromCodePoint(0x2460 + n - 1) })
      .flat()
      .map((r) => r.text)
      .join('');
    const p = byRole(c.tree, 'P')
      .map(allText)
      .find((t) => t.startsWith('本文用于检验'));
    expect(p).toBe(`${squash(printed)}①这是第一个脚注，包含一个链接[4]。②这是第二个脚注。`);
    for (const m of c.marks) expect(m.unmarked).toBe('');
  });
});

describe('language of runs in another script', () => {
  it('names the scripts written in one language, never Latin or Han', () => {
    expect(foreignLang('안녕하세요', 'zh-CN')).toBe('ko');
    expect(foreignLang('こんにちは', 'zh-CN')).toBe('ja');
    expect(foreignLang('こんにちは', 'ja')).toBeUndefined();
    expect(foreignLang('สวัสดี', 'zh-CN')).toBe('th');
    expect(foreignLang('Ελληνικά', 'zh-CN')).toBe('el');
    expect(foreignLang('shalom', 'zh-CN')).toBeUndefined();
    expect(foreignLang('中文', 'ko')).toBeUndefined();
    expect(foreignLang('中文こんにちは', 'zh-CN')).toBeUndefined();
  });

  it.skipIf(!hasPoppler)('tags a Korean, Thai or Greek run in a Chinese article as a Span with its /Lang', async () => {
    const text = '---\ntitle: 多语言\nlang: zh-CN\n---\n\n韩国人说안녕하세요，泰国人说สวัสดี，希腊字母αβγ。\n';
    const book = transform(parseArticle(text, 'lang.md'));
    const bytes = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' });
    const marks = await readMarks(bytes);
    const spans = marks.flatMap((m) => [...walkPdfjs(m.tree)].filter((n) => n.role === 'Span').map((n) => [n.lang, pdfjsText(n, m.content)]));
    expect(spans).toEqual([
      ['ko', '안녕하세요'],
      ['th', 'สวัสดี'],
      ['el', 'αβγ'],
    ]);
  });
});
