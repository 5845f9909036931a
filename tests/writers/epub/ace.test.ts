/**
 * EPUB accessibility, checked by DAISY's Ace (`@daisy/ace-cli`, axe-core in headless Chromium) on the
 * seed article's book and the constructs fixture's: 0 violations of any impact (Ace 1.4.6 found 5 and 6
 * `epub-type-has-matching-role` before the sections got their ARIA roles). Ace runs on the machine's
 * Chromium (Debian's `chromium`, which `.ci/run` installs; PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium):
 * puppeteer never downloads a browser (`.puppeteerrc.cjs`). Both books are checked at once (≈ 5 s).
 *
 * And the conformance claim: `dcterms:conformsTo` only when every image has alt text; an image without
 * one is a warning [alt-text].
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadImages } from '../../../src/assets/images.ts';
import { Diagnostics, type Diagnostic } from '../../../src/diagnostics.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { CONFORMS_TO, writeEpub } from '../../../src/writers/epub/index.ts';
import { makePng } from '../../helpers/png.ts';
import { elements, openEpub, parseXml } from './helpers.ts';

const date = new Date('2024-01-02T03:04:05Z');
const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ace = createRequire(import.meta.url).resolve('@daisy/ace-cli/bin/ace.js');

interface AceAssertion {
  'earl:test': { 'dct:title': string; 'earl:impact': string };
  'earl:result': { 'earl:outcome': string; html?: string };
}
interface AceReport {
  'earl:result': { 'earl:outcome': string };
  assertions: { 'earl:testSubject': { url: string }; assertions: AceAssertion[] }[];
}

/** Runs Ace on an EPUB; the violations as `file: rule (impact) <element>`. */
async function aceViolations(epub: string, outdir: string): Promise<{ violations: string[]; outcome: string }> {
  await promisify(execFile)(process.execPath, [ace, '--silent', '--force', '--outdir', outdir, '--timeout', '120000', epub], {
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium as string, PUPPETEER_SKIP_DOWNLOAD: '1' },
    timeout: 120_000,
  });
  const report = JSON.parse(readFileSync(join(outdir, 'report.json'), 'utf8')) as AceReport;
  const violations = report.assertions.flatMap((doc) =>
    doc.assertions.map(
      (a) => `${doc['earl:testSubject'].url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']}) ${(a['earl:result'].html ?? '').slice(0, 120)}`,
    ),
  );
  return { violations, outcome: report['earl:result']['earl:outcome'] };
}

async function epubOf(file: string): Promise<Uint8Array> {
  const book = transform(await readArticle(file));
  return writeEpub(book, { fonts: defaultFonts(book.meta.lang), date });
}

describe.skipIf(!chromium)('Ace by DAISY', () => {
  it('finds no violation of any impact in the seed article and the constructs fixture', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-ace-'));
    const books = ['content/jingmen-crisis.md', 'tests/fixtures/constructs/constructs.md'];
    const results = await Promise.all(
      books.map(async (md, i) => {
        const file = join(dir, `book-${i}.epub`);
        writeFileSync(file, await epubOf(md));
        return aceViolations(file, join(dir, `report-${i}`));
      }),
    );
    for (const [i, r] of results.entries()) {
      expect(r.violations, books[i]).toEqual([]);
      expect(r.outcome, books[i]).toBe('pass');
    }
  });
});

describe('conformance claim', () => {
  it('states EPUB Accessibility 1.1 / WCAG 2.1 AA only when every image has alt text; a missing one is a warning [alt-text]', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-alt-'));
    mkdirSync(join(dir, 'img'));
    writeFileSync(
      join(dir, 'img', 'a.png'),
      makePng(8, 8, () => [200, 80, 40]),
    );
    const opf = async (alt: string): Promise<{ conforms: string[]; summary: string; warnings: Diagnostic[] }> => {
      const md = join(dir, `a${alt ? 1 : 0}.md`);
      writeFileSync(md, `---\ntitle: 图片\nlang: zh-CN\n---\n\n正文。\n\n![${alt}](img/a.png)\n`);
      const warnings: Diagnostic[] = [];
      const diagnostics = new Diagnostics((d) => warnings.push(d));
      const book = transform(await readArticle(md));
      const images = await loadImages(md, book.blocks, { diagnostics });
      const epub = await openEpub(await writeEpub(book, { fonts: defaultFonts('zh-CN'), date, images }));
      const name = epub.files.find((f) => f.endsWith('.opf')) as string;
      const doc = parseXml(await epub.text(name), name);
      const meta = (p: string) =>
        elements(doc, 'meta')
          .filter((m) => m.getAttribute('property') === p)
          .map((m) => m.textContent ?? '');
      return { conforms: meta('dcterms:conformsTo'), summary: meta('schema:accessibilitySummary')[0] ?? '', warnings };
    };
    const described = await opf('三根柱子');
    expect(described.conforms).toEqual([CONFORMS_TO]);
    expect(described.summary).toMatch(/图片附有替代文字/);
    expect(described.warnings).toEqual([]);
    const bare = await opf('');
    expect(bare.conforms).toEqual([]);
    expect(bare.summary).toMatch(/部分图片缺少替代文字/);
    expect(bare.warnings.map((w) => [w.rule, w.line])).toEqual([['alt-text', 8]]);
  });
});
