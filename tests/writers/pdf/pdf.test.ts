import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../../helpers/commands.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { blockText, type Book } from '../../../src/model.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { expectGolden } from '../../helpers/golden.ts';
import { readPdf, type PdfDigest } from '../../helpers/pdf.ts';

const date = new Date('2024-01-02T03:04:05Z');
let book: Book;
let bytes: Uint8Array;
let pdf: PdfDigest;

const hasTool = (cmd: string): boolean => hasCommand(cmd);

beforeAll(async () => {
  book = transform(await readArticle('content/jingmen-crisis.md'));
  bytes = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' });
  pdf = await readPdf(bytes);
}, 30_000);

describe('PDF writer on the seed article', () => {
  it('gives back the article text, in order, from the body pages', () => {
    const source = book.blocks
      .map((b) => blockText(b))
      .join('')
      .replace(/\s+/g, '');
    const all = pdf.text.join('');
    const start = all.indexOf(source.slice(0, 20));
    expect(start).toBeGreaterThan(0);
    expect(all.slice(start, start + source.length)).toBe(source);
  });

  it('has a nested outline h2 → h3 plus TOC and appendix entries', () => {
    const titles = pdf.outline.map((o) => o.title);
    expect(titles).toContain('目录');
    expect(titles).toContain('参考来源');
    const withKids = pdf.outline.find((o) => o.children.length > 0);
    expect(withKids?.title).toBe('中小企业的选择题：你需要找到另一条出路还是在夹缝中生存？');
    expect(withKids?.children.map((c) => c.title.slice(0, 2))).toEqual(['1.', '2.', '3.']);
    const count = (os: typeof pdf.outline): number => os.reduce((n, o) => n + 1 + count(o.children), 0);
    expect(count(pdf.outline)).toBeGreaterThanOrEqual(8);
  });

  it('links every TOC entry to an existing destination and every source URL', () => {
    const internal = pdf.links.filter((l) => l.dest);
    expect(internal.length).toBeGreaterThanOrEqual(7);
    for (const l of internal) expect(pdf.dests).toContain(l.dest);
    expect(internal.every((l) => l.page === 3)).toBe(true); // cover, title page, TOC
    const uris = pdf.links.filter((l) => l.uri).map((l) => l.uri);
    for (const s of book.appendix) expect(uris).toContain(s.url);
  });

  it('prints page numbers on the TOC next to each entry', () => {
    const toc = pdf.text[2] ?? ''; // after the cover and the title page
    expect(toc.startsWith('目录')).toBe(true);
    for (const e of book.toc) expect(toc).toMatch(new RegExp(`${e.title.slice(0, 6).replace(/[.?]/g, '\\$&')}.*?\\d+`));
  });

  it('keeps a stable digest (pages, outline, links)', () => {
    expectGolden(join(import.meta.dirname, 'golden', 'jingmen-crisis.A4.json'), {
      pages: pdf.pages,
      outline: pdf.outline,
      links: pdf.links,
      charsPerPage: pdf.text.map((t) => [...t].length),
    });
  });

  it('is byte-identical when built twice with the same date', async () => {
    const again = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  });

  it.skipIf(!hasTool('pdffonts'))('embeds and subsets every font (pdffonts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-pdf-'));
    const file = join(dir, 'x.pdf');
    writeFileSync(file, bytes);
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      expect(cols.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']); // emb sub uni
    }
  });

  it.skipIf(!hasTool('qpdf'))('passes qpdf --check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-pdf-'));
    const file = join(dir, 'x.pdf');
    writeFileSync(file, bytes);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
  });

  it.each(['A5', 'B5', 'Letter'] as const)(
    'builds %s too, with the same text',
    async (pageSize) => {
      const other = await readPdf(await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize }));
      const source = book.blocks
        .map((b) => blockText(b))
        .join('')
        .replace(/\s+/g, '');
      expect(other.text.join('')).toContain(source.slice(-200));
    },
    20_000,
  );
});
