/**
 * The fuzz property, shared by the shard files (fuzz.test.ts, fuzz-2.test.ts: vitest runs files in
 * parallel, one per core). For each generated document (generators.ts), built in this process with the
 * fonts read once, the same stages as `build()`:
 *  - it builds, or fails with a CjkpressError at the place the document says it must (a missing image:
 *    `[missing-asset]` at its line; a remote one: `[remote-resource]` at its line, or a placeholder);
 *    any other error — an [internal] one, an exception of a package, an unexpected rule — is a failure;
 *  - only known warning kinds;
 *  - EPUB: every XML document well-formed (strict parser), no <script>, no on* attribute, links only to
 *    http(s), mailto or inside the book; the chapters' text holds every block's text in order (GAP-marked
 *    places aside), every footnote's text, and none of the source syntax a construct must not show;
 *  - PDF: pdf.js opens it; its text holds every block's printed text in order, exactly.
 * Failures are collected by kind (not stopped at the first), so one run lists every kind with a count and
 * the shortest document that shows it; FUZZ_SHRINK=1 instead lets fast-check shrink the first failure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import fc from 'fast-check';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadImages } from '../../src/assets/images.ts';
import { checkGlyphs } from '../../src/build.ts';
import { CjkpressError, Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import type { Book } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { elements, openEpub, parseXml, root } from '../writers/epub/helpers.ts';
import { doc, GAP, LOOSE, type Doc } from './generators.ts';
import { makePng } from '../helpers/png.ts';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
export const EPUBCHECK_SAMPLE = Number(process.env.FUZZ_EPUBCHECK ?? 20);
/** the articles "live" here: images are looked up beside them (pixel.png) */
const FUZZ_DIR = import.meta.dirname;

const fonts = defaultFonts('zh-CN');
const date = new Date(Date.UTC(2026, 10, 24));
const squash = (s: string): string => s.replace(/\s+/g, '');
/** warnings a random document may rightly get */
// every warning a document may cause (README, Bad input): the fuzz fails on any other
const WARNING_RULES = new Set([
  'invalid-char',
  'link-scheme',
  'link-target',
  'link-url',
  'missing-glyph',
  'remote-resource',
  'qr',
  'math',
  'heading-id',
  'svg-cleaned',
]);

export class Failure extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`${kind}\n${detail}`);
  }
}

/** `kind` with the numbers and long texts of one document taken out, so equal failures group. */
const kindOf = (s: string): string =>
  s
    .split('\n')[0]!
    .replace(/\d+/g, 'N')
    .replace(/"[^"]{20,}"/g, '"…"')
    .slice(0, 160);

/** Each segment of `want` (split at GAP) occurs in `hay`, in order, from `from` on; returns the end. */
function inOrder(hay: string, want: string, from: number, what: string, kind: string): number {
  let at = from;
  for (const seg of want.split(GAP)) {
    if (seg === '' || seg === LOOSE) continue;
    if (seg.startsWith(LOOSE)) {
      for (const ch of seg.slice(LOOSE.length)) {
        const i = hay.indexOf(ch, at);
        if (i < 0)
          throw new Failure(
            kind,
            `${what}: ${JSON.stringify(ch)} of ${JSON.stringify(seg.slice(LOOSE.length, 200))} not found after position ${at} (a table cell: its characters in order)`,
          );
        at = i + ch.length;
      }
      continue;
    }
    const i = hay.indexOf(seg, at);
    if (i < 0) {
      // where the text stops matching: the longest prefix of the piece that is there
      let lo = 0;
      let hi = seg.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (hay.indexOf(seg.slice(0, mid), at) >= 0) lo = mid;
        else hi = mid - 1;
      }
      const p = hay.indexOf(seg.slice(0, lo), at) + lo;
      const diverge =
        lo > 0
          ? `; the first ${lo} characters match, then the book has ${JSON.stringify(hay.slice(p, p + 60))} where the source has ${JSON.stringify(seg.slice(lo, lo + 60))}`
          : '';
      const near = hay.indexOf(seg);
      throw new Failure(
        kind,
        `${what}: ${JSON.stringify(seg.slice(0, 200))} not found after position ${at}${near >= 0 ? ` (it occurs earlier, at ${near}: order)` : ''}${diverge}\nhave: ${JSON.stringify(hay.slice(at, at + 400))}`,
      );
    }
    at = i + seg.length;
  }
  return at;
}

async function checkEpub(bytes: Uint8Array, d: Doc): Promise<void> {
  const epub = await openEpub(bytes);
  const xmlFiles = epub.files.filter((f) => /\.(xhtml|opf|ncx|xml)$/.test(f));
  const docs = new Map<string, ReturnType<typeof parseXml>>();
  for (const f of xmlFiles) {
    try {
      docs.set(f, parseXml(await epub.text(f), f));
    } catch (e) {
      throw new Failure(`EPUB: not well-formed XML: ${kindOf((e as Error).message)}`, (e as Error).message);
    }
  }
  for (const [name, x] of docs) {
    for (const e of elements(x)) {
      if (e.localName === 'script') throw new Failure('EPUB: <script> element', name);
      for (let i = 0; i < e.attributes.length; i++) {
        const a = e.attributes.item(i);
        if (a && /^on/i.test(a.name)) throw new Failure('EPUB: event attribute', `${name}: ${a.name}`);
        if (a?.name === 'href' && e.localName === 'a' && !/^(https?:\/\/|mailto:|[\w-]+\.xhtml(#|$)|#)/.test(a.value)) {
          throw new Failure('EPUB: link to a scheme that is not kept', `${name}: ${a.value}`);
        }
      }
    }
  }
  // the chapters' text, in reading order
  const opfName = xmlFiles.find((f) => f.endsWith('.opf')) as string;
  const opf = docs.get(opfName) as Parameters<typeof elements>[0];
  const href = new Map(elements(opf, 'item').map((i) => [i.getAttribute('id'), i.getAttribute('href')]));
  const spine = elements(opf, 'itemref').map((r) => posix.join(posix.dirname(opfName), href.get(r.getAttribute('idref')) ?? ''));
  let hay = '';
  for (const f of spine.filter((s) => /chapter-\d+\.xhtml$/.test(s))) hay += squash(root(docs.get(f)).textContent ?? '');
  let at = 0;
  for (const [k, b] of d.blocks.entries()) at = inOrder(hay, squash(b), at, `block ${k + 1}`, 'EPUB: block text missing or out of order');
  for (const n of d.notes) inOrder(hay, squash(n.text), 0, 'footnote', 'EPUB: footnote text missing');
  for (const a of d.absent) if (hay.includes(a)) throw new Failure(`EPUB: source syntax shown as text: ${a.replace(/\d+/g, 'N')}`, a);
}

/**
 * The text of every page, as tests/helpers/pdf.ts reads it (pdf.js, items in drawing order, the footer
 * band left out), without the outline, links and destinations that helper also collects: a fifth of
 * its time, and the fuzz check needs only the text.
 */
async function pdfText(bytes: Uint8Array, footerBand = 60): Promise<string> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  let s = '';
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      for (const item of (await page.getTextContent()).items) if ('str' in item && (item.transform[5] as number) >= footerBand) s += item.str;
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  return squash(s);
}

/** Where the longest prefix of `want` first occurs in `hay` at or after `from` (within 4,000 characters), and its length. */
function longestAt(hay: string, want: string, from: number): [number, number] {
  let lo = 0;
  let hi = want.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const i = hay.indexOf(want.slice(0, mid), from);
    if (i >= 0 && i - from <= 4000) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? [-1, 0] : [hay.indexOf(want.slice(0, lo), from), lo];
}

async function checkPdf(bytes: Uint8Array, d: Doc): Promise<void> {
  let text: string;
  try {
    text = await pdfText(bytes);
  } catch (e) {
    throw new Failure(`PDF: pdf.js cannot read it: ${kindOf((e as Error).message)}`, String(e));
  }
  // print adds each web link's appendix number after its text ("[2]"), and footnotes at the foot of the
  // page (①… and their text) can fall inside a paragraph that goes on overleaf: neither is body text
  let hay = text.replace(/\[\d+\]/g, '').replace(/[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]/g, '');
  // what the generator marks as a GAP in print (Thai, Hebrew, emoji: shaped, reordered, one glyph for a
  // sequence) is not compared: taken out of the book's text too, so a note or a line holding some can be matched
  hay = hay.replace(
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point goes on its own, marks included
    /[0-9#*]\ufe0f?[\u20e3\u0000]|[\u0590-\u05ff\u0e00-\u0e7f\u200b\u200c\ufe0f]|\u200d|[\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}]|\p{Extended_Pictographic}/gu,
    '',
  );
  // each note's text, cut out in order (notes are printed in reference order, each after the page text
  // that refers to it; a long one may go on at the foot of the next page, after that page's text)
  let from = 0;
  for (const n of d.notes) {
    const first = n.print
      .split(GAP)
      .map(squash)
      .find((x) => x !== '');
    if (first === undefined) continue;
    const i0 = hay.indexOf(first.slice(0, 4), from);
    if (i0 < 0) continue;
    from = i0;
    for (const piece of n.print
      .split(GAP)
      .map(squash)
      .filter((x) => x !== '')) {
      let rest = piece;
      let at = from;
      while (rest !== '') {
        const [i, len] = longestAt(hay, rest, at);
        if (len === 0 || (len < 2 && len < rest.length)) break;
        hay = hay.slice(0, i) + hay.slice(i + len);
        rest = rest.slice(len);
        at = i;
      }
    }
  }
  let at = 0;
  for (const [k, b] of d.print.entries()) at = inOrder(hay, squash(b).replace(/\[\d+\]/g, ''), at, `block ${k + 1}`, 'PDF: block text missing or out of order');
  // table cells: in a narrow column each line holds a few characters, and pdf.js gives the lines of
  // neighbouring cells (and a repeated header row) in an order of its own, so each character of every
  // cell must be there as often as the cells have it, in any order
  if (d.printCells.length > 0) {
    const have = new Map<string, number>();
    for (const ch of hay) have.set(ch, (have.get(ch) ?? 0) + 1);
    for (const c of d.printCells) {
      for (const ch of squash(c)
        .replace(/\[\d+\]/g, '')
        .replaceAll(LOOSE, '')
        .replaceAll(GAP, '')) {
        const n = have.get(ch) ?? 0;
        if (n === 0)
          throw new Failure(
            'PDF: table cell text missing',
            `${JSON.stringify(ch)} of cell ${JSON.stringify(c.replaceAll(LOOSE, '').slice(0, 200))} is not in the PDF (as often as the cells have it)`,
          );
        have.set(ch, n - 1);
      }
    }
  }
}

const givenCover = { type: 'png' as const, data: makePng(160, 256, (x, y) => [(x * 7) & 255, (y * 3) & 255, 120]) };

/** Builds one document the way build() does, in memory; returns undefined when it passes. */
export async function checkDoc(d: Doc, i: number): Promise<{ epub?: Uint8Array } | undefined> {
  const file = join(FUZZ_DIR, `fuzz-${i}.md`);
  const diags = new Diagnostics();
  let book: Book;
  let epub: Uint8Array;
  let pdf: Uint8Array;
  try {
    book = transform(parseArticle(d.markdown, file, { diagnostics: diags }), { diagnostics: diags, lines: d.markdown.split('\n') });
    await checkGlyphs(book, fonts, diags);
    const images = await loadImages(file, book.blocks);
    // the generated cover (resvg: ≈ 0.13 s of rasterising a book) on every tenth document; the others get a
    // given cover image (the book file's `cover:` path), so a thousand documents stay within the test's time
    // every fourth document set vertically (ruby at the right of the lines): epubcheck's sample has some
    epub = await writeEpub(book, {
      fonts,
      date,
      images,
      diagnostics: diags,
      ...(i % 10 === 0 ? {} : { cover: givenCover }),
      ...(i % 4 === 0 ? { vertical: true } : {}),
    });
    pdf = await writePdf(book, { fonts, date, pageSize: i % 2 ? 'A5' : 'A4', images, diagnostics: diags });
  } catch (e) {
    if (e instanceof CjkpressError && e.rule !== 'internal') {
      const expected = d.images.find((im) => im.rule === e.rule && e.file === file && e.line === im.line);
      if (expected) return undefined; // the located error this document must (or may) give
      const at = e.line === undefined ? 'no line' : 'a line';
      throw new Failure(`unexpected error [${e.rule ?? 'no rule'}] (${at}): ${kindOf(e.message)}`, e.format());
    }
    const err = e instanceof Error ? e : new Error(String(e));
    throw new Failure(`exception (would be [internal]): ${err.name}: ${kindOf(err.message)}`, err.stack ?? err.message);
  }
  const missing = d.images.find((im) => im.rule === 'missing-asset');
  if (missing) throw new Failure('built although an image is missing (expected [missing-asset])', JSON.stringify(missing));
  for (const w of diags.warnings) {
    if (!WARNING_RULES.has(w.rule ?? '')) throw new Failure(`unexpected warning [${w.rule ?? 'no rule'}]: ${kindOf(w.message)}`, w.message);
  }
  if (book.meta.title !== d.title) throw new Failure('title differs', `${JSON.stringify(book.meta.title)} ≠ ${JSON.stringify(d.title)}`);
  await checkEpub(epub, d);
  await checkPdf(pdf, d);
  return { epub };
}

export interface Report {
  n: number;
  secs: number;
  failures: Map<string, { count: number; example: Doc; detail: string; index: number }>;
  sample: string[];
}

/** Checks documents `shard`, `shard + shards`, … of the RUNS documents of SEED. */
export async function runShard(shard: number, shards: number): Promise<Report> {
  const sampleDir = mkdtempSync(join(tmpdir(), 'cjkpress-fuzz-'));
  const docs = fc.sample(doc({ surrogates: true }), { seed: SEED, numRuns: RUNS });
  const failures: Report['failures'] = new Map();
  const sample: string[] = [];
  // the epubcheck sample: built EPUBs spread over the run
  const every = Math.max(1, Math.floor(RUNS / EPUBCHECK_SAMPLE));
  let nextPick = shard;
  let n = 0;
  const t0 = performance.now();
  for (let i = shard; i < docs.length; i += shards) {
    const d = docs[i] as Doc;
    n++;
    try {
      const built = await checkDoc(d, i);
      if (built?.epub && i >= nextPick && sample.length < Math.ceil(EPUBCHECK_SAMPLE / shards)) {
        nextPick = i + every;
        const f = join(sampleDir, `fuzz-${i}.epub`);
        writeFileSync(f, built.epub);
        writeFileSync(f.replace(/\.epub$/, '.md'), d.markdown);
        sample.push(f);
      }
    } catch (e) {
      const f = e instanceof Failure ? e : new Failure(`harness: ${kindOf(String(e))}`, String(e));
      const prev = failures.get(f.kind);
      const detail = f.message.slice(f.kind.length + 1);
      if (!prev) failures.set(f.kind, { count: 1, example: d, detail, index: i });
      else {
        prev.count++;
        if (d.markdown.length < prev.example.markdown.length) Object.assign(prev, { example: d, detail, index: i });
      }
    }
  }
  const secs = (performance.now() - t0) / 1000;
  if (process.env.FUZZ_REPORT) {
    writeFileSync(
      `${process.env.FUZZ_REPORT}.${shard}.json`,
      JSON.stringify(
        [...failures].map(([kind, f]) => ({ kind, count: f.count, index: f.index, detail: f.detail.slice(0, 3000), markdown: f.example.markdown })),
        null,
        1,
      ),
    );
  }
  return { n, secs, failures, sample };
}

export interface ReportJson {
  n: number;
  secs: number;
  sample: string[];
  failures: [string, { count: number; example: Doc; detail: string; index: number }][];
}

export const toJson = (r: Report): ReportJson => ({ n: r.n, secs: r.secs, sample: r.sample, failures: [...r.failures] });

/** Adds another shard's report to `into` (counts added, the shorter example kept). */
export function merge(into: Report, other: ReportJson): void {
  into.n += other.n;
  into.secs = Math.max(into.secs, other.secs);
  into.sample.push(...other.sample);
  for (const [kind, f] of other.failures) {
    const prev = into.failures.get(kind);
    if (!prev) into.failures.set(kind, f);
    else {
      prev.count += f.count;
      if (f.example.markdown.length < prev.example.markdown.length) Object.assign(prev, { example: f.example, detail: f.detail, index: f.index });
    }
  }
}

/** For FUZZ_SHRINK=1: fast-check's own loop, which shrinks the first failing document. */
export async function shrinkFirst(): Promise<void> {
  let i = 0;
  await fc.assert(
    fc.asyncProperty(doc({ surrogates: true }), async (d) => {
      await checkDoc(d, i++);
    }),
    { seed: SEED, numRuns: RUNS },
  );
}

/** One line per kind: count and the shortest document's size; the details follow. */
export function summary(r: Report): string {
  const rows = [...r.failures].sort((a, b) => b[1].count - a[1].count);
  return rows
    .map(
      ([kind, f]) =>
        `${String(f.count).padStart(4)} × ${kind}\n       shortest: document ${f.index} (${f.example.markdown.length} chars)\n       ${f.detail.split('\n').slice(0, 4).join('\n       ')}`,
    )
    .join('\n');
}
