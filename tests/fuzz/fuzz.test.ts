/**
 * Property: whatever Markdown comes in (generators.ts), the book is valid and says what the author wrote.
 *  - every XML document in the EPUB is well-formed (strict parser, XML-forbidden characters checked),
 *    has no <script> and no on* attribute, and links only to http(s), mailto or inside the book;
 *  - the EPUB's headings and paragraphs give back each block's text exactly (whitespace aside);
 *  - the PDF opens in pdf.js and its body text is every block's text, in order, exactly (whitespace aside);
 *  - the only warnings are the expected kinds; a sample of the EPUBs passes epubcheck with 0 errors.
 *
 * CI: FUZZ_RUNS (default 500) documents with a fixed FUZZ_SEED (default 20261124); `npm run fuzz` runs more.
 * Documents are built in memory in this process (the font is read once). Lone surrogates are generated
 * too: a UTF-8 file cannot hold them, but a library caller's string can.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { readPdf } from '../helpers/pdf.ts';
import { elements, openEpub, parseXml, root } from '../writers/epub/helpers.ts';
import { epubcheckMany, haveEpubcheck } from './epubcheck.ts';
import { doc, type Doc } from './generators.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
/** every n-th document gets a PDF as well (1: all) */
const PDF_EVERY = Number(process.env.FUZZ_PDF_EVERY ?? 1);
const EPUBCHECK_SAMPLE = Number(process.env.FUZZ_EPUBCHECK ?? 20);

const fonts = defaultFonts('zh-CN');
const date = new Date(Date.UTC(2026, 10, 24));
const squash = (s: string): string => s.replace(/\s+/g, '');
const WARNING_RULES = new Set(['invalid-char', 'link-scheme', 'link-target']);

async function checkEpub(bytes: Uint8Array, d: Doc): Promise<void> {
  const epub = await openEpub(bytes);
  const xmlFiles = epub.files.filter((f) => /\.(xhtml|opf|ncx|xml)$/.test(f));
  const docs = new Map<string, ReturnType<typeof parseXml>>();
  for (const f of xmlFiles) docs.set(f, parseXml(await epub.text(f), f));
  for (const [name, x] of docs) {
    for (const e of elements(x)) {
      if (e.localName === 'script') throw new Error(`${name}: <script> element`);
      for (let i = 0; i < e.attributes.length; i++) {
        const a = e.attributes.item(i);
        if (a && /^on/i.test(a.name)) throw new Error(`${name}: event attribute ${a.name}`);
        if (a?.name === 'href' && e.localName === 'a' && !/^(https?:\/\/|mailto:|[\w-]+\.xhtml(#|$)|#)/.test(a.value)) {
          throw new Error(`${name}: link ${a.value}`);
        }
      }
    }
  }
  // text: the chapters' headings and paragraphs, in reading order
  const opfName = xmlFiles.find((f) => f.endsWith('.opf')) as string;
  const opf = docs.get(opfName);
  const href = new Map(elements(opf as never, 'item').map((i) => [i.getAttribute('id'), i.getAttribute('href')]));
  const spine = elements(opf as never, 'itemref').map((r) => posix.join(posix.dirname(opfName), href.get(r.getAttribute('idref')) ?? ''));
  const got: string[] = [];
  for (const f of spine.filter((s) => /chapter-\d+\.xhtml$/.test(s))) {
    const x = docs.get(f);
    for (const e of elements(root(x), undefined)) if (/^(p|h[2-6])$/.test(e.localName ?? '')) got.push(squash(e.textContent ?? ''));
  }
  expect(got).toEqual(d.blocks.map(squash));
}

async function checkPdf(bytes: Uint8Array, d: Doc): Promise<void> {
  const pdf = await readPdf(bytes);
  // print adds each web link's appendix number after its text ("[2]"): compare without such numbers
  const noRefs = (s: string): string => s.replace(/\[\d+\]/g, '');
  const all = noRefs(pdf.text.join(''));
  const body = noRefs(squash(d.blocks.join('')));
  if (!all.includes(body)) {
    throw new Error(`PDF text differs.\nexpected body: ${JSON.stringify(body)}\ngot:           ${JSON.stringify(all)}`);
  }
}

describe('fuzz: random Markdown → valid EPUB and PDF with the text intact', () => {
  it(`${RUNS} documents (seed ${SEED}), 0 invalid; epubcheck on ${EPUBCHECK_SAMPLE}`, async () => {
    const sampleDir = mkdtempSync(join(tmpdir(), 'cjkpress-fuzz-'));
    const sample: string[] = [];
    let n = 0;
    let warned = 0;
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(doc({ surrogates: true }), async (d) => {
        const i = n++;
        const diags = new Diagnostics();
        const book = transform(parseArticle(d.markdown, `fuzz-${i}.md`, { diagnostics: diags }), { diagnostics: diags, lines: d.markdown.split('\n') });
        for (const w of diags.warnings) expect(WARNING_RULES, `${w.rule}: ${w.message}`).toContain(w.rule);
        if (diags.count > 0) warned++;
        expect(book.meta.title).toBe(d.title);
        const epub = await writeEpub(book, { fonts, date });
        await checkEpub(epub, d);
        if (i % PDF_EVERY === 0) await checkPdf(await writePdf(book, { fonts, date, pageSize: i % 2 ? 'A5' : 'A4' }), d);
        if (sample.length < EPUBCHECK_SAMPLE && i % Math.max(1, Math.floor(RUNS / EPUBCHECK_SAMPLE)) === 0) {
          const f = join(sampleDir, `fuzz-${i}.epub`);
          writeFileSync(f, epub);
          writeFileSync(f.replace(/\.epub$/, '.md'), d.markdown);
          sample.push(f);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
    );
    const secs = (performance.now() - t0) / 1000;
    console.log(`fuzz: ${n} documents in ${secs.toFixed(1)} s, ${warned} with warnings, 0 invalid; sample in ${sampleDir}`);
    expect(warned).toBeGreaterThan(RUNS / 10); // the generator does reach the sanitiser and the link policy

    if (!haveEpubcheck) {
      console.warn('SKIPPED epubcheck sample: no java or /usr/share/java/epubcheck.jar (apt-get install epubcheck)');
      return;
    }
    const { results, output } = await epubcheckMany(sample);
    const bad = results.filter((r) => r.errors > 0);
    console.log(`fuzz: epubcheck on ${results.length} EPUBs: ${bad.length} with errors, ${results.reduce((a, r) => a + r.warnings, 0)} warnings`);
    expect(bad, output).toEqual([]);
  }, 600_000);
});
