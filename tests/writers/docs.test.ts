/**
 * A Chinese documentation page as VitePress sites write them (tests/fixtures/docs/markdown-extensions.md:
 * `:::` containers, GitHub alerts, `{#id}` anchors with in-page links, nested lists, code in a list, a
 * heading in a quote, a task list, math, a table) through the reader and both writers: the model
 * (golden), the TOC without nested headings, every in-page link resolved, epubcheck 0/0, and no text lost
 * in either edition.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/commands.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { blockText, walkBlocks, type Block, type Book, type Inline } from '../../src/model.ts';
import { readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { NAV_FILE } from '../../src/writers/epub/package.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { readPdf, type PdfDigest } from '../helpers/pdf.ts';
import { elements, openEpub, parseXml, type Epub } from './epub/helpers.ts';

const FIXTURE = 'tests/fixtures/docs/markdown-extensions.md';
const date = new Date(Date.UTC(2026, 10, 1));
const fonts = defaultFonts('zh-CN');

let book: Book;
let diags: Diagnostics;
let epubBytes: Uint8Array;
let epub: Epub;
let pdf: PdfDigest;
let chapters: { name: string; text: string }[];

beforeAll(async () => {
  diags = new Diagnostics();
  const lines = readFileSync(FIXTURE, 'utf8').split('\n');
  book = transform(await readArticle(FIXTURE, { diagnostics: diags }), { diagnostics: diags, lines });
  epubBytes = await writeEpub(book, { fonts, date, diagnostics: diags });
  epub = await openEpub(epubBytes);
  chapters = [];
  for (const name of epub.files.filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort()) chapters.push({ name, text: await epub.text(name) });
  pdf = await readPdf(await writePdf(book, { fonts, date, pageSize: 'A5', diagnostics: diags }));
}, 120_000);

const noFile = (b: unknown): unknown => JSON.parse(JSON.stringify(b, (k, v: unknown) => (k === 'file' ? undefined : v)));

const hasJava = (): boolean => hasCommand('java');

/** Every link href in inline content. */
function hrefs(nodes: readonly Inline[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'link' ? [n.href, ...hrefs(n.children)] : n.kind === 'strong' || n.kind === 'emph' ? hrefs(n.children) : []));
}

/** The leaf blocks' texts (paragraphs, headings, code, table cells), white space removed. */
function leafTexts(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'table')
      for (const row of [b.head, ...b.rows]) for (const c of row) out.push(blockText({ kind: 'paragraph', content: c.content, pos: b.pos }));
    else if (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'code') out.push(blockText(b));
  }
  return out.map((t) => t.replace(/\s+/g, '')).filter(Boolean);
}

describe('documentation page (VitePress-style extensions)', () => {
  it('reads into the model (golden), with one warning: math shown as TeX source, at its first place', () => {
    expectGolden(join(import.meta.dirname, '..', 'reader', 'golden', 'markdown-extensions.model.json'), { blocks: noFile(book.blocks), toc: book.toc });
    expect(diags.warnings.map((w) => `${w.line}:${w.col} ${w.message} [${w.rule}]`)).toEqual(['92:19 math is shown as TeX source, not typeset [math]']);
    const kinds = new Set([...walkBlocks(book.blocks)].map((b) => (b.kind === 'callout' ? `callout:${b.type}` : b.kind)));
    for (const k of [
      'callout:info',
      'callout:tip',
      'callout:warning',
      'callout:danger',
      'callout:details',
      'callout:note',
      'callout:important',
      'callout:caution',
      'code',
      'list',
      'quote',
      'table',
    ])
      expect(kinds).toContain(k);
  });

  it('keeps nested headings out of the TOC, the nav and the PDF outline', async () => {
    const titles = (es: Book['toc']): string[] => es.flatMap((e) => [e.title, ...titles(e.children)]);
    expect(titles(book.toc)).toEqual(['标题锚点', '链接', '自定义容器', 'GitHub 风格的警报', '引用中的标题', '列表与代码', '任务列表', '数学公式', '表格']);
    const nested = [...walkBlocks(book.blocks)].find((b) => b.kind === 'heading' && b.nested);
    expect(nested && blockText(nested)).toBe('引用里的小标题');
    const nav =
      (await epub.text(epub.files.find((f) => f.endsWith(NAV_FILE)) ?? NAV_FILE)) + (await epub.text(epub.files.find((f) => f.endsWith('.ncx')) ?? 'toc.ncx'));
    expect(nav).toContain('任务列表');
    expect(nav).not.toContain('引用里的小标题');
    const outline = (o: PdfDigest['outline']): string[] => o.flatMap((e) => [e.title, ...outline(e.children)]);
    expect(outline(pdf.outline)).toContain('任务列表');
    expect(outline(pdf.outline)).not.toContain('引用里的小标题');
    // ...but it is a heading in place in the EPUB
    expect(chapters.map((c) => c.text).join('')).toMatch(/<h3 id="[^"]+" class="nested">引用里的小标题<\/h3>/);
  });

  it('resolves every in-page link: {#id} anchors are the headings ids, and each link points at an element of its file', () => {
    const ids = [...walkBlocks(book.blocks)].flatMap((b) => (b.kind === 'heading' ? [b.id] : []));
    expect(ids).toContain('custom-containers');
    expect(ids).toContain('header-anchors');
    expect(ids).toContain('task-lists');
    const links = [...walkBlocks(book.blocks)].flatMap((b) => (b.kind === 'paragraph' ? hrefs(b.content) : [])).filter((h) => h.startsWith('#'));
    expect(links.sort()).toEqual(['#custom-containers', '#header-anchors', '#header-anchors', '#task-lists']);
    let checked = 0;
    for (const c of chapters) {
      const doc = parseXml(c.text, c.name);
      for (const a of elements(doc, 'a')) {
        const href = a.getAttribute('href') ?? '';
        const m = /^(chapter-\d+\.xhtml)#(.+)$/.exec(href);
        if (!m) continue;
        const target = chapters.find((x) => x.name.endsWith(m[1] ?? ''));
        expect(target?.text, href).toContain(`id="${m[2]}"`);
        checked++;
      }
    }
    expect(checked).toBe(4);
    // the PDF: each in-page link jumps to a destination that exists
    const jumps = pdf.links.filter((l) => l.dest && !['toc', 'appendix'].includes(l.dest) && !/^toc/.test(l.dest));
    const bodyJumps = jumps.filter((l) => l.page > 3); // after the cover, title page and TOC
    expect(bodyJumps.length).toBe(4);
    for (const l of bodyJumps) expect(pdf.dests).toContain(l.dest);
  });

  it.skipIf(!hasJava())(
    'passes epubcheck with 0 errors and 0 warnings',
    () => {
      const file = join(mkdtempSync(join(tmpdir(), 'cjkpress-docs-')), 'docs.epub');
      writeFileSync(file, epubBytes);
      const out = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
    },
    60_000,
  );

  it('loses no text: every paragraph, heading, code line and cell is in both editions, with the callout labels', () => {
    const epubText = chapters
      .map((c) =>
        c.text
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
      )
      .join('')
      .replace(/\s+/g, '');
    const pdfText = pdf.text.join('').replace(/\[\d+\]/g, ''); // link numbers [n] follow external links in print
    const leaves = leafTexts(book.blocks);
    expect(leaves.length).toBeGreaterThan(40);
    for (const t of leaves) {
      expect(epubText, 'EPUB').toContain(t);
      expect(pdfText, 'PDF').toContain(t);
    }
    for (const label of ['信息', '提示', '警告', '千万小心', '点击查看代码', '注意', '重要', '小心', '□', '▣', 'E=mc^2']) {
      expect(epubText, `EPUB ${label}`).toContain(label);
      expect(pdfText, `PDF ${label}`).toContain(label);
    }
  });
});
