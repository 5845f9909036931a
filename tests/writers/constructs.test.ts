/**
 * The constructs fixture (tests/fixtures/constructs/constructs.md: lists, quotes, code, rules, a 60-row
 * table, an image, footnotes, emphasis, links) through the reader and both writers: per construct the model
 * and the EPUB XHTML (golden), the PDF's text per page and link annotations (golden), the table's header on
 * every page it spans, an image taller than a page scaled to fit, and a missing image as a clear error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/commands.ts';
import { run } from '../../src/cli.ts';
import { CjkpressError } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { walkBlocks, type Block, type Book } from '../../src/model.ts';
import { parseArticle, readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { renderBlock } from '../../src/writers/epub/render.ts';
import { serialize } from '../../src/writers/epub/xhtml.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { readPdf, type PdfDigest } from '../helpers/pdf.ts';
import { makePng } from '../helpers/png.ts';
import { elements, OPS_NS, openEpub, parseXml, type Epub } from './epub/helpers.ts';

const FIXTURE = 'tests/fixtures/constructs/constructs.md';
const GOLDEN = join(import.meta.dirname, 'golden');
const date = new Date(Date.UTC(2026, 10, 1));
const fonts = defaultFonts('zh-CN');

let book: Book;
let epubBytes: Uint8Array;
let epub: Epub;
let pdfBytes: Uint8Array;
let pdf: PdfDigest;

beforeAll(async () => {
  book = transform(await readArticle(FIXTURE));
  epubBytes = await writeEpub(book, { fonts, date });
  epub = await openEpub(epubBytes);
  pdfBytes = await writePdf(book, { fonts, date, pageSize: 'A4' });
  pdf = await readPdf(pdfBytes);
}, 60_000);

const hasTool = (cmd: string): boolean => hasCommand(cmd);

/** The model without file names (the golden stays valid wherever the repository is). */
const noFile = (b: unknown): unknown => JSON.parse(JSON.stringify(b, (k, v: unknown) => (k === 'file' ? undefined : v)));

const chapterXhtml = async (): Promise<string> => {
  let s = '';
  for (const f of epub.files.filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort()) s += await epub.text(f);
  return s;
};

describe('constructs fixture: model', () => {
  it('has every construct, each with its file line', () => {
    const kinds = new Set([...walkBlocks(book.blocks)].map((b) => b.kind));
    expect([...kinds].sort()).toEqual(['code', 'figure', 'footnote', 'heading', 'list', 'paragraph', 'quote', 'rule', 'table']);
    for (const b of walkBlocks(book.blocks)) expect(b.pos.line).toBeGreaterThan(10);
  });

  it('per construct: model and EPUB XHTML (golden)', () => {
    const first = (pred: (b: Block) => boolean): Block => {
      const b = [...walkBlocks(book.blocks)].find(pred);
      if (!b) throw new Error('construct missing from the fixture');
      return b;
    };
    const picks: Record<string, Block> = {
      'paragraph (emphasis, strong, code, links, footnote refs)': first((b) => b.kind === 'paragraph'),
      'paragraph (hard break)': first((b) => b.kind === 'paragraph' && b.content.some((n) => n.kind === 'break')),
      'bullet list (nested)': first((b) => b.kind === 'list' && !b.ordered),
      'ordered list (start 3)': first((b) => b.kind === 'list' && b.ordered && b.start === 3),
      'loose list': first((b) => b.kind === 'list' && !b.tight),
      'block quote': first((b) => b.kind === 'quote'),
      'fenced code': first((b) => b.kind === 'code' && b.lang !== ''),
      'indented code': first((b) => b.kind === 'code' && b.lang === ''),
      'HTML block (text)': first((b) => b.kind === 'paragraph' && b.content.some((n) => n.kind === 'text' && n.text.includes('<div'))),
      'thematic break': first((b) => b.kind === 'rule'),
      figure: first((b) => b.kind === 'figure'),
      footnote: first((b) => b.kind === 'footnote'),
    };
    const ctx = { hrefOf: (h: string) => h, file: 'chapter.xhtml' };
    const images = new Map([['chart.png', 'images/img-01.png']]);
    const out: Record<string, unknown> = {};
    for (const [name, b] of Object.entries(picks)) out[name] = { model: noFile(b), xhtml: renderBlock(b, ctx, images).map(serialize).join('\n') };
    const table = first((b) => b.kind === 'table');
    if (table.kind !== 'table') throw new Error('no table');
    const small = { ...table, rows: table.rows.slice(0, 2) };
    out['table (first 2 of 60 rows)'] = { model: noFile(small), rows: table.rows.length, xhtml: renderBlock(small, ctx, images).map(serialize).join('\n') };
    out.appendix = book.appendix;
    expectGolden(join(GOLDEN, 'constructs.model.json'), out);
  });

  it('keeps raw HTML as text and drops the javascript: link (its text stays)', () => {
    const text = JSON.stringify(book.blocks);
    expect(text).toContain('<div class=\\"note\\">HTML 块按原文显示，不会执行。</div>');
    expect(text).not.toContain('javascript:');
    expect(text).toContain('不安全的脚本链接只保留文字');
  });

  it('numbers cited web links after the front-matter sources, each URL once', () => {
    expect(book.appendix.map((s) => s.url)).toEqual([
      'https://www.w3.org/TR/clreq/',
      'https://www.w3.org/',
      'https://www.unicode.org/standard/standard.html',
      'https://example.com/footnote',
    ]);
  });
});

describe('constructs fixture: EPUB', () => {
  it('writes semantic XHTML for every construct', async () => {
    const x = await chapterXhtml();
    for (const tag of [
      '<ul>',
      '<ol start="3">',
      '<blockquote>',
      '<pre class="code"><code class="language-python">',
      '<hr/>',
      '<table>',
      '<thead>',
      '<figure>',
      '<figcaption>图一：示意图</figcaption>',
      '<em>着重号</em>',
      '<strong>粗体</strong>',
      '<code>npm run export</code>',
      '<br/>',
    ]) {
      expect(x).toContain(tag);
    }
    expect(x).toContain('&lt;div class=&quot;note&quot;&gt;HTML 块按原文显示，不会执行。&lt;/div&gt;');
  });

  it('has EPUB 3 footnotes: noteref → footnote aside → back-link', async () => {
    const x = await chapterXhtml();
    const doc = parseXml(
      x
        .replace(/<\?xml[^>]*>|<!DOCTYPE html>/g, '')
        .replace(/^/, '<all>')
        .concat('</all>'),
      'chapters',
    );
    const refs = elements(doc, 'a').filter((a) => a.getAttributeNS(OPS_NS, 'type') === 'noteref');
    const notes = elements(doc, 'aside').filter((a) => a.getAttributeNS(OPS_NS, 'type') === 'footnote');
    expect(refs.map((r) => r.getAttribute('href'))).toEqual(['#fn1', '#fn2']);
    expect(notes.map((n) => n.getAttribute('id'))).toEqual(['fn1', 'fn2']);
    for (const n of notes) {
      const back = elements(n, 'a').find((a) => a.getAttribute('role') === 'doc-backlink');
      expect(refs.map((r) => `#${r.getAttribute('id')}`)).toContain(back?.getAttribute('href'));
    }
  });

  it('puts the image in the zip and the manifest, and links appendix entries back to the citations', async () => {
    expect(epub.files).toContain('OEBPS/images/img-01.png');
    const opf = await epub.text('OEBPS/content.opf');
    expect(opf).toContain('href="images/img-01.png" media-type="image/png"');
    const sources = await epub.text('OEBPS/sources.xhtml');
    expect(sources).toContain('href="chapter-01.xhtml#cite-2-1"');
    expect(await chapterXhtml()).toContain('id="cite-2-1"');
  });

  it('styles emphasis with dots and a bold fallback, never italics', async () => {
    const css = await epub.text('OEBPS/style.css');
    expect(css).toMatch(/em \{ font-style: normal; font-weight: bold; \}/);
    expect(css).toContain('text-emphasis: filled dot');
    expect(css).toContain('-webkit-text-emphasis: filled dot');
  });

  it.skipIf(!hasTool('java'))(
    'passes epubcheck with 0 errors and 0 warnings',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cjkpress-constructs-'));
      const file = join(dir, 'constructs.epub');
      writeFileSync(file, epubBytes);
      const out = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
    },
    60_000,
  );
});

describe('constructs fixture: PDF', () => {
  it('gives back the text per page and the link annotations (golden)', () => {
    expectGolden(join(GOLDEN, 'constructs.pdf.A4.json'), { pages: pdf.pages, text: pdf.text, links: pdf.links, outline: pdf.outline });
  });

  it('sets every construct: markers, quote, code, rule-separated blocks, footnotes at the foot, numbered links', () => {
    const all = pdf.text.join('');
    expect(all).toContain('无序列表：第一项：舆情监测需要持续进行'); // bullets are drawn, not text
    expect(all).toContain('3.收集资料');
    expect(all).toContain('引文段落：危机处理的关键在于速度与透明。');
    expect(all).toContain('defgreet(name):');
    expect(all).toContain('万维网联盟[2]和Unicode标准[3]');
    // the footnotes are on the page that references them, after its text
    const p = pdf.text.findIndex((t) => t.includes('这一句带有脚注'));
    expect(pdf.text[p]).toMatch(/①这是第一个脚注，包含一个链接\[4\]。②这是第二个脚注。$/);
    // every web link is an annotation on its text and on the appendix URL
    const uris = pdf.links.filter((l) => l.uri).map((l) => l.uri);
    expect(book.appendix.map((s) => uris.filter((u) => u === s.url).length)).toEqual([1, 2, 2, 2]); // front-matter source: appendix only
    expect(uris).not.toContain('javascript:alert(1)');
  });

  it('repeats the table header on every page the 60-row table spans', () => {
    const header = '序号城市数量占比';
    const pages = pdf.text.filter((t) => /北京第\d批样本|福州第3批样本/.test(t));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const t of pages) expect(t).toContain(header);
    // and no row is lost or doubled
    const rows = pdf.text.join('').match(/[\u4e00-\u9fff]{2}第\d批样本/g) ?? [];
    expect(rows).toHaveLength(60);
  });

  it.skipIf(!hasTool('pdffonts'))('embeds and subsets every font, the monospace face included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-constructs-'));
    const file = join(dir, 'x.pdf');
    writeFileSync(file, pdfBytes);
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(rows.some((r) => /JetBrainsMono/.test(r))).toBe(true);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
  });

  it.skipIf(!hasTool('zbarimg') || !hasTool('pdftoppm'))('prints a QR code that scans to each appendix URL (zbarimg)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-qr-'));
    const file = join(dir, 'x.pdf');
    writeFileSync(file, pdfBytes);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(pdf.pages), '-l', String(pdf.pages), file, join(dir, 'p')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png')) as string;
    const out = execFileSync('zbarimg', ['-q', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const urls = out
      .split('\n')
      .filter((l) => l.startsWith('QR-Code:'))
      .map((l) => l.slice('QR-Code:'.length));
    expect(urls.sort()).toEqual(book.appendix.map((s) => s.url).sort());
  });

  it('is byte-identical when built twice', async () => {
    const again = await writePdf(book, { fonts, date, pageSize: 'A4' });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(pdfBytes))).toBe(0);
  });
});

/** The drawn size and place of every image in a PDF (from pdf.js's operator list). */
async function imagePlacements(bytes: Uint8Array): Promise<{ page: number; w: number; h: number; x: number; y: number; pageW: number; pageH: number }[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const out: { page: number; w: number; h: number; x: number; y: number; pageW: number; pageH: number }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const [, , pageW, pageH] = page.view as [number, number, number, number];
    const ops = await page.getOperatorList();
    let last: number[] | undefined;
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.transform) last = ops.argsArray[i] as number[];
      if (fn === OPS.paintImageXObject && last) {
        const [a = 0, , , d = 0, e = 0, f = 0] = last;
        out.push({ page: p, w: Math.abs(a), h: Math.abs(d), x: e, y: d < 0 ? f + d : f, pageW, pageH });
      }
    });
  }
  await doc.destroy();
  return out;
}

function article(dir: string, body: string): string {
  const file = join(dir, 'a.md');
  writeFileSync(file, `---\ntitle: 图片测试\nlang: zh-CN\n---\n\n${body}\n`);
  return file;
}

describe('images', () => {
  it('scales an image taller than a page to fit the text block, caption included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    writeFileSync(
      join(dir, 'tall.png'),
      makePng(60, 2000, (_x, y) => (y % 100 < 50 ? [200, 30, 30] : [255, 255, 255])),
    );
    const file = article(dir, '前文。\n\n![很高的图](tall.png "图：很高的图")\n\n后文。');
    const b = transform(await readArticle(file));
    const bytes = await writePdf(b, { fonts, date, pageSize: 'A5' });
    const [img, ...more] = await imagePlacements(bytes);
    expect(more).toHaveLength(0);
    if (!img) throw new Error('no image drawn');
    expect(img.y).toBeGreaterThan(0);
    expect(img.y + img.h).toBeLessThan(img.pageH);
    expect(img.h).toBeLessThan(img.pageH - 100);
    expect(img.w / img.h).toBeCloseTo(60 / 2000, 3);
    const text = (await readPdf(bytes)).text;
    // never split from its caption: the caption is on the image's page
    expect(text[img.page - 1]).toContain('图：很高的图');
  }, 30_000);

  it('scales a wide image down to the text width', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    writeFileSync(
      join(dir, 'wide.png'),
      makePng(3000, 300, () => [30, 30, 200]),
    );
    const b = transform(await readArticle(article(dir, '![宽图](wide.png)')));
    const [img] = await imagePlacements(await writePdf(b, { fonts, date, pageSize: 'A4' }));
    expect(img?.w).toBeCloseTo(10.5 * 40, 0); // A4 measure: 40 em of 10.5 pt
  }, 30_000);

  it('a missing image is file:line:col: error: image not found: PATH [missing-asset], in both writers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    const file = article(dir, '段落。\n\n另一段 ![图](img/missing.png) 文字。');
    const b = transform(await readArticle(file));
    for (const write of [() => writeEpub(b, { fonts, date }), () => writePdf(b, { fonts, date, pageSize: 'A4' })]) {
      const e = await write().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(CjkpressError);
      expect((e as CjkpressError).format()).toBe(`${file}:8:5: error: image not found: img/missing.png [missing-asset]`);
    }
  });

  it('the CLI reports a missing image and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    const file = article(dir, '![图](nope.png)');
    const out = join(dir, 'dist');
    mkdirSync(out);
    const err: string[] = [];
    const code = await run(['build', file, '--out', out], { out: () => {}, err: (l: string) => err.push(l), color: false });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`${file}:6:1: error: image not found: nope.png [missing-asset]`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("takes images from --asset-dir folders, and only from those besides the article's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    const shared = join(dir, 'shared-images');
    mkdirSync(join(dir, 'article'));
    mkdirSync(shared);
    writeFileSync(
      join(shared, 'chart.png'),
      makePng(4, 3, () => [200, 30, 30]),
    );
    const file = article(join(dir, 'article'), '![图](chart.png)');
    const out = join(dir, 'dist');
    const io = () => {
      const err: string[] = [];
      return { err, io: { out: () => {}, err: (l: string) => err.push(l), color: false } };
    };
    const without = io();
    expect(await run(['build', file, '--out', out], without.io)).toBe(1);
    expect(without.err.join('\n')).toContain('image not found: chart.png [missing-asset]');
    const withDir = io();
    expect(await run(['build', file, '--out', out, '--asset-dir', shared], withDir.io), withDir.err.join('\n')).toBe(0);
    const e = await openEpub(readFileSync(join(out, 'a.epub')));
    expect(e.files).toContain('OEBPS/images/img-01.png');
    // a file outside both folders is still refused
    writeFileSync(
      join(dir, 'secret.png'),
      makePng(2, 2, () => [0, 0, 0]),
    );
    const escaping = io();
    const file2 = article(join(dir, 'article'), '![图](../secret.png)');
    expect(await run(['build', file2, '--out', out, '--asset-dir', shared], escaping.io)).toBe(1);
    expect(escaping.err.join('\n')).toMatch(/\[(unsafe-path|missing-asset|bad-asset)\]/);
  });

  it('draws an SVG as vectors in the PDF (its text in the embedded faces) and ships it in the EPUB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    writeFileSync(
      join(dir, 'pic.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="400" height="200"><rect x="10" y="10" width="60" height="80" fill="#1a4d8f"/><text x="100" y="95" font-family="sans-serif" font-size="12">矢量图表</text></svg>',
    );
    const b = transform(await readArticle(article(dir, '![矢量图](pic.svg "图：矢量图")')));
    const bytes = await writePdf(b, { fonts, date, pageSize: 'A4' });
    const text = (await readPdf(bytes)).text.join('');
    expect(text).toContain('矢量图表图：矢量图');
    const file = join(dir, 'x.pdf');
    writeFileSync(file, bytes);
    if (hasTool('pdffonts')) {
      const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      for (const row of rows) expect(row).toMatch(/NotoSerifSC.* yes yes yes/); // no base-14 Helvetica
    }
    const e = await openEpub(await writeEpub(b, { fonts, date }));
    expect(e.files).toContain('OEBPS/images/img-01.svg');
    expect(await e.text('OEBPS/content.opf')).toContain('href="images/img-01.svg" media-type="image/svg+xml"');
  });

  it.each([
    ['a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /contains a <script>/],
    ['an event handler', '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()" width="1" height="1"/></svg>', /event handler/],
    [
      'a reference to a local file',
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="/etc/passwd"/></svg>',
      /refers to \/etc\/passwd/,
    ],
    ['a remote stylesheet', '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.org/a.css);</style></svg>', /refers to https:\/\/x\.org/],
  ])('refuses an SVG with %s [bad-asset]', async (_name, svg, msg) => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    writeFileSync(join(dir, 'bad.svg'), svg);
    const b = transform(await readArticle(article(dir, '![x](bad.svg)')));
    const e = await writePdf(b, { fonts, date, pageSize: 'A4' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CjkpressError);
    expect((e as CjkpressError).rule).toBe('bad-asset');
    expect((e as CjkpressError).message).toMatch(msg);
  });

  // remote images are placeholders now, not errors: tests/assets/images.test.ts
  it('refuses an image path that leaves the article folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-img-'));
    mkdirSync(join(dir, 'art'));
    writeFileSync(
      join(dir, 'secret.png'),
      makePng(2, 2, () => [0, 0, 0]),
    );
    for (const [src, rule] of [
      ['../secret.png', 'unsafe-path'],
      ['/etc/passwd', 'unsafe-path'],
    ] as const) {
      const b = transform(parseArticle(`---\ntitle: t\n---\n![x](${src})\n`, join(dir, 'art', 'a.md')));
      const e = await writeEpub(b, { fonts, date }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e, src).toBeInstanceOf(CjkpressError);
      expect((e as CjkpressError).rule).toBe(rule);
      expect((e as CjkpressError).line).toBe(4);
    }
  });
});

describe('reader: constructs', () => {
  it('keeps ordered list start numbers, tight/loose, nesting, and the file line of each item', () => {
    const a = parseArticle('---\ntitle: t\n---\n7. 七\n8. 八\n   - 嵌套\n', 'x.md');
    const list = a.blocks[0];
    expect(list?.kind).toBe('list');
    if (list?.kind !== 'list') return;
    expect([list.ordered, list.start, list.tight, list.items.length, list.pos.line]).toEqual([true, 7, true, 2, 4]);
    expect(list.items[1]?.[1]?.kind).toBe('list');
    expect(list.items[1]?.[1]?.pos.line).toBe(6);
  });

  it('reads GFM tables with alignment, code with its language, and splits a paragraph at an image', () => {
    const a = parseArticle('---\ntitle: t\n---\n| a | b |\n|:-:|--:|\n| 1 | **2** |\n\n```js\nx\n```\n\n前 ![图](p.png "题") 后\n', 'x.md');
    expect(a.blocks.map((b) => b.kind)).toEqual(['table', 'code', 'paragraph', 'figure', 'paragraph']);
    const [t, c, , f] = a.blocks;
    if (t?.kind === 'table') expect([t.align, t.rows.length, t.rows[0]?.[1]?.content[0]?.kind]).toEqual([['center', 'right'], 1, 'strong']);
    if (c?.kind === 'code') expect([c.lang, c.text]).toEqual(['js', 'x']);
    if (f?.kind === 'figure') expect([f.src, f.alt, f.title, f.pos.line, f.col]).toEqual(['p.png', '图', '题', 12, 3]);
  });

  it('numbers ordered lists 一、二、三、 with front matter `ordered-list: cjk`, in both writers', async () => {
    const text = '---\ntitle: t\nordered-list: cjk\n---\n9. 九项\n10. 十项\n11. 十一项\n';
    const b = transform(parseArticle(text, 'x.md'));
    const list = b.blocks[0];
    expect(list?.kind === 'list' && list.marker).toBe('cjk');
    const e = await openEpub(await writeEpub(b, { fonts, date }));
    expect(await e.text('OEBPS/chapter-01.xhtml')).toContain('<ol start="9" class="cjk">');
    const p = await readPdf(await writePdf(b, { fonts, date, pageSize: 'A5' }));
    expect(p.text.join('')).toContain('九、九项十、十项十一、十一项');
    expect(() => parseArticle('---\ntitle: t\nordered-list: roman\n---\n1. x\n', 'x.md')).toThrow(/ordered-list/);
  });
});
