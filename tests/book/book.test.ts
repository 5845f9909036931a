// The book file (tests/fixtures/book/book.yaml, four articles): one EPUB and one PDF of the volume.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBookFile } from '../../src/book/file.ts';
import { buildBook } from '../../src/build.ts';
import { renderCoverPng } from '../../src/cover/raster.ts';
import { CjkpressError, Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { type Element, elements, OPS_NS, openEpub, parseXml, root, type Epub } from '../writers/epub/helpers.ts';
import { readPdf, type OutlineDigest, type PdfDigest } from '../helpers/pdf.ts';
import { allText, byRole, pdfinfo, structText, type TagNode, writeTemp } from '../helpers/pdf-tags.ts';

const BOOK = join(import.meta.dirname, '..', 'fixtures', 'book', 'book.yaml');
const TITLES = ['荆门互联网危机处理案例分析', '慢读的理由', '笔记的形状', '网络舆情处置十讲'];
const date = new Date('2024-01-02T03:04:05Z');

let epub: Epub;
let pdfBytes: Uint8Array;
let pdf: PdfDigest;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'cjkpress-book-'));
  const outputs = await buildBook(BOOK, { formats: ['epub', 'pdf'], outDir, pageSize: 'A4', date, diagnostics: new Diagnostics() });
  expect(outputs.map((o) => o.path)).toEqual([join(outDir, 'anthology.epub'), join(outDir, 'anthology.pdf')]);
  epub = await openEpub(outputs[0]?.bytes as Uint8Array);
  pdfBytes = outputs[1]?.bytes as Uint8Array;
  pdf = await readPdf(pdfBytes);
}, 240_000);

/** PNG width and height from the IHDR chunk. */
function pngSize(d: Uint8Array): [number, number] {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return [v.getUint32(16), v.getUint32(20)];
}

interface NavItem {
  title: string;
  href: string;
  children: NavItem[];
}

function navTree(ol: Element | undefined): NavItem[] {
  if (!ol) return [];
  return elements(ol)
    .filter((e) => e.localName === 'li' && e.parentNode === ol)
    .map((li) => {
      const a = elements(li, 'a')[0];
      const sub = elements(li, 'ol').find((o) => o.parentNode === li);
      return { title: a?.textContent ?? '', href: a?.getAttribute('href') ?? '', children: navTree(sub) };
    });
}
const depth = (items: readonly { children: readonly unknown[] }[]): number =>
  items.reduce((d, e) => Math.max(d, 1 + depth(e.children as { children: unknown[] }[])), 0);

describe('book file: the EPUB', () => {
  it('has the four article titles at the top of the nav, their h2 and h3 below (three levels), and an NCX as deep', async () => {
    const nav = parseXml(await epub.text('OEBPS/toc.xhtml'), 'toc.xhtml');
    const tocNav = elements(nav, 'nav').find((n) => n.getAttributeNS(OPS_NS, 'type') === 'toc');
    const tree = navTree(elements(tocNav as Element, 'ol')[0]);
    expect(tree.map((e) => e.title)).toEqual(TITLES);
    expect(depth(tree)).toBe(3);
    expect(tree[3]?.children.map((e) => e.title)).toContain('第二讲　舆情的生成');
    const ncx = await epub.text('OEBPS/toc.ncx');
    expect(ncx).toContain('<meta name="dtb:depth" content="3"/>');
    expect(ncx.match(/<navPoint /g)?.length).toBe(elements(tocNav as Element, 'a').length);
  });

  it('has a cover image of 1600 × 2560 px, declared as such, on a cover page first in the spine', async () => {
    const opf = await epub.text('OEBPS/content.opf');
    expect(opf).toMatch(/<item id="cover-image" href="images\/cover\.png" media-type="image\/png" properties="cover-image"\/>/);
    expect(opf).toContain('<meta name="cover" content="cover-image"/>');
    expect(/<itemref idref="([^"]+)"/.exec(opf)?.[1]).toBe('cover');
    const [w, h] = pngSize(await epub.bytes('OEBPS/images/cover.png'));
    expect([w, h]).toEqual([1600, 2560]);
    expect(h).toBeGreaterThanOrEqual(1400);
    expect(await epub.text('OEBPS/cover.xhtml')).toContain('<img src="images/cover.png" alt="中文阅读文选" class="cover"/>');
  });

  it('gives every heading an id unique across the articles, and links inside an article reach its own heading', async () => {
    const docs = epub.files.filter((n) => /OEBPS\/a\d\d-.*\.xhtml$/.test(n));
    const ids: string[] = [];
    const text = new Map<string, string>();
    for (const name of docs) {
      const t = await epub.text(name);
      text.set(name.replace('OEBPS/', ''), t);
      for (const h of elements(root(parseXml(t, name))).filter((e) => /^h[1-6]$/.test(e.localName ?? ''))) {
        const id = h.getAttribute('id');
        if (id) ids.push(id);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    // 背景 and 结语 are headings of three articles: the later ones are prefixed
    expect(ids.filter((id) => id.endsWith('背景'))).toEqual(['背景', 'a3-背景', 'a4-背景']);
    // the long article's own link to #背景 goes to its own heading, not the second article's
    const long = [...text.entries()].filter(([n]) => n.startsWith('a04-')).map(([, t]) => t);
    expect(long.join('')).toMatch(/href="a04-chapter-\d\d\.xhtml#a4-背景"/);
    // every in-book link points at an element that exists
    for (const t of text.values())
      for (const m of t.matchAll(/href="(a\d\d-[\w-]+\.xhtml)#([^"]+)"/g)) expect(text.get(m[1] ?? ''), m[0]).toContain(`id="${m[2]}"`);
  });

  it("puts each article's sources at its end, numbered from 1, with back-links into that article", async () => {
    const seed = await epub.text('OEBPS/a01-sources.xhtml');
    expect(seed).toContain('http://www.stocksun.net/yuqingjiankong/2604.html');
    const reading = await epub.text('OEBPS/a02-sources.xhtml');
    expect(reading).toContain('https://example.org/slow-reading');
    expect(reading).not.toContain('stocksun');
    for (const m of reading.matchAll(/href="(a\d\d)-/g)) expect(m[1]).toBe('a02');
    expect(epub.files).not.toContain('OEBPS/a03-sources.xhtml'.replace('a03', 'a05'));
  });
});

describe('book file: the PDF', () => {
  it('has an outline three levels deep with the four article titles on top', () => {
    expect(pdf.outline.map((o) => o.title)).toEqual(TITLES);
    const deep = (o: readonly OutlineDigest[]): number => o.reduce((d, e) => Math.max(d, 1 + deep(e.children)), 0);
    expect(deep(pdf.outline)).toBe(3);
  });

  it('shows the book title on the cover (page 1) and the title page', () => {
    expect(pdf.text[0]).toContain('中文阅读文选');
    expect(pdf.text[0]).toContain('文选编者');
    expect(pdf.text[1]).toContain('四篇文章');
  });

  it('labels the front matter i, ii … and the body 1, 2 …; running heads: book title on even pages, article title on odd', async () => {
    const doc = await getDocument({ data: pdfBytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
    const labels = (await doc.getPageLabels()) as string[];
    expect(labels[0]).toBe('封面');
    expect(labels.slice(1, 3)).toEqual(['i', 'ii']);
    const firstBody = labels.indexOf('1');
    expect(firstBody).toBeGreaterThan(2);
    expect(labels.slice(firstBody, firstBody + 3)).toEqual(['1', '2', '3']);
    let withHead = 0;
    let bodyPages = 0;
    let part = '';
    for (let p = firstBody + 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const height = page.view[3] as number;
      const items = (await page.getTextContent()).items.flatMap((i) => ('str' in i ? [i] : []));
      // the head sits in the top margin, above the text block
      const head = items
        .filter((i) => (i.transform[5] as number) > height - 60)
        .map((i) => i.str)
        .join('');
      const body = items.map((i) => i.str).join('');
      const opens = TITLES.find((t) => body.includes(t) && !head.includes(t));
      if (opens) part = opens;
      bodyPages++;
      if (!head) continue;
      withHead++;
      const n = Number(labels[p - 1]);
      expect(head, `page ${labels[p - 1]}`).toBe(n % 2 === 0 ? '中文阅读文选' : part);
    }
    expect(withHead / bodyPages).toBeGreaterThanOrEqual(0.8);
    await doc.destroy();
  });

  it('is tagged: a Part per article opening with its title as H1, after the cover, title page and contents', () => {
    const file = writeTemp(pdfBytes);
    expect(pdfinfo(file).Tagged).toBe('yes');
    const tree = structText(file);
    const parts = byRole(tree, 'Part');
    expect(parts.map((p) => [p.children[0]?.role, allText(p.children[0] as TagNode)])).toEqual(TITLES.map((t) => ['H1', t]));
    const doc = byRole(tree, 'Document')[0] as TagNode;
    expect(doc.children.map((c) => c.role)).toEqual(['Figure', 'Sect', 'Sect', 'Part', 'Part', 'Part', 'Part']);
    expect(byRole(tree, 'TOCI').length).toBeGreaterThanOrEqual(TITLES.length);
  });

  it('links every TOC entry and in-article link to a destination that exists', () => {
    const internal = pdf.links.filter((l) => l.dest);
    expect(internal.length).toBeGreaterThan(50);
    for (const l of internal) expect(pdf.dests).toContain(l.dest);
    for (const s of ['https://example.org/slow-reading', 'https://example.net/zettelkasten', 'http://www.stocksun.net/yuqingjiankong/2604.html'])
      expect(pdf.links.map((l) => l.uri)).toContain(s);
  });
});

describe('generated cover', () => {
  it('is the same PNG bytes twice, 1600 × 2560', async () => {
    const text = { title: '中文阅读文选', subtitle: '四篇文章', byline: '文选编者' };
    const a = await renderCoverPng(text, defaultFonts('zh-CN'));
    const b = await renderCoverPng(text, defaultFonts('zh-CN'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(pngSize(a)).toEqual([1600, 2560]);
    const other = await renderCoverPng({ ...text, title: '另一本书' }, defaultFonts('zh-CN'));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(other))).not.toBe(0);
  }, 60_000);
});

describe('book file errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-bookfile-'));
  const fail = async (yaml: string): Promise<string> => {
    const file = join(dir, 'book.yaml');
    writeFileSync(file, yaml);
    writeFileSync(join(dir, 'a.md'), '---\ntitle: 甲\n---\n\n正文。\n');
    try {
      await readBookFile(file);
    } catch (e) {
      if (e instanceof CjkpressError) return `${e.line}:${e.col}: ${e.message} [${e.rule}]`;
      throw e;
    }
    return 'no error';
  };
  it('locates a missing article at its list item', async () => {
    expect(await fail('title: 书\narticles:\n  - a.md\n  - missing.md\n')).toBe('4:5: article not found: missing.md [book]');
  });
  it('locates a glob that matches nothing, a missing title, a bad page size, a path out of the folder', async () => {
    expect(await fail('title: 书\narticles:\n  - cols/*.md\n')).toBe('3:5: no Markdown file matches cols/*.md [book]');
    expect(await fail('articles:\n  - a.md\n')).toMatch(/^1:1: a book file needs a `title` \[book\]$/);
    expect(await fail('title: 书\npage-size: A3\narticles: [a.md]\n')).toBe('2:12: `page-size: A3` must be one of A4, A5, B5, Letter [book]');
    expect(await fail('title: 书\narticles:\n  - ../x.md\n')).toBe("3:5: ../x.md: points outside the book file's folder [unsafe-path]");
    expect(await fail('title: [书\n')).toMatch(/^\d+:\d+: book file is not valid YAML/);
  });
});
