/**
 * Ruby in the PDF (issue 14), read back with pdf.js and poppler: every reading drawn at half the base size
 * just above its base, over it; lines with ruby at the same pitch as the others; the text layer (pdftotext,
 * what copying and searching give) holds the base text in reading order and no reading.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../../helpers/commands.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { type Block, type Inline, inlineText, walkBlocks } from '../../../src/model.ts';
import { parseArticle, readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { pdfGeometry, type PageGeometry, type TextBox } from '../../helpers/pdf-geometry.ts';
import { repoRoot } from '../epub/helpers.ts';

const date = new Date(Date.UTC(2026, 10, 1));
const SIZE = 10.5; // A4 body
const hasPdftotext = hasCommand('pdftotext');

function pdftotext(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-ruby-pdf-'));
  try {
    const file = join(dir, 'x.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rubies = (nodes: readonly Inline[]): { base: string; rt: string[] }[] =>
  nodes.flatMap((n) => (n.kind === 'ruby' ? [{ base: inlineText(n.children), rt: n.rt }] : 'children' in n ? rubies(n.children) : []));
const own = (b: Block): Inline[] => (b.kind === 'paragraph' || b.kind === 'heading' ? b.content : []);

let pages: PageGeometry[];
let bytes: Uint8Array;
let blocks: Block[];

beforeAll(async () => {
  const book = transform(await readArticle(join(repoRoot, 'tests', 'fixtures', 'ruby', 'story.md')));
  blocks = [...walkBlocks(book.blocks)];
  bytes = await writePdf(book, { fonts: defaultFonts('ja'), date, pageSize: 'A4' });
  pages = await pdfGeometry(bytes);
}, 60_000);

/** Text items drawn at `size` on the body pages (after the title and contents pages). */
const items = (size: number): (TextBox & { page: number })[] =>
  pages.slice(3).flatMap((p) => p.text.filter((t) => Math.abs(t.size - size) < 0.01).map((t) => ({ ...t, page: p.page })));

describe('ruby in the PDF', () => {
  it('draws ≥ 95% of the reading characters as half-size glyphs just above their base, over it', () => {
    const want = blocks.flatMap((b) => rubies(own(b))).reduce((n, r) => n + [...r.rt.join('')].length, 0);
    expect(want).toBeGreaterThan(500);
    const small = items(SIZE / 2);
    const base = items(SIZE);
    let above = 0;
    for (const r of small) {
      const mid = r.x + r.w / 2;
      // the base line under it: its baseline 0.9–1.1 em below the reading's, a base glyph under the reading's middle
      const under = base.find(
        (b) => b.page === r.page && r.y - b.y > 0.9 * SIZE && r.y - b.y < 1.1 * SIZE && b.x - 0.6 * SIZE <= mid && mid <= b.x + b.w + 0.6 * SIZE,
      );
      if (under) above += [...r.str.replace(/\s/g, '')].length;
    }
    expect(above / want).toBeGreaterThanOrEqual(0.95);
    // and nothing small drawn anywhere else
    expect(small.reduce((n, r) => n + [...r.str.replace(/\s/g, '')].length, 0)).toBe(above);
  });

  it('keeps the line pitch of lines with ruby (the readings sit in the line gap)', () => {
    const pitch = SIZE * 1.75;
    for (const p of pages.slice(3)) {
      const ys = [...new Set(p.text.filter((t) => Math.abs(t.size - SIZE) < 0.01).map((t) => Math.round(t.y * 100) / 100))].sort((a, b) => b - a);
      const gaps = ys.slice(1).map((y, k) => (ys[k] ?? 0) - y);
      // within a run of body lines (a heading or a paragraph break adds more), every gap is one pitch
      for (const g of gaps) if (g < 1.5 * pitch) expect(g).toBeCloseTo(pitch, 1);
    }
  });

  it.skipIf(!hasPdftotext)('gives the base text in reading order, without the readings, to text extraction', () => {
    const text = pdftotext(bytes).replace(/\s+/g, '');
    let at = 0;
    for (const b of blocks) {
      const t = inlineText(own(b)).replace(/\s+/g, '');
      if (!t) continue;
      const i = text.indexOf(t, at);
      expect(i, `"${t.slice(0, 30)}" after ${at}`).toBeGreaterThanOrEqual(at);
      at = i + t.length;
    }
    // readings that are not text of their own anywhere in the story never show up
    const all = blocks.map((b) => inlineText(own(b))).join('');
    const readings = blocks.flatMap((b) => rubies(own(b))).flatMap((r) => r.rt.filter((x) => [...x].length >= 3 && !all.includes(x)));
    expect(readings.length).toBeGreaterThan(40);
    for (const r of readings) expect(text).not.toContain(r);
  });

  it.skipIf(!hasPdftotext)('gives the structure tree the base text of each paragraph, whole, without readings (pdfinfo -struct-text)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-ruby-pdf-'));
    try {
      const file = join(dir, 'x.pdf');
      writeFileSync(file, bytes);
      const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }).replace(/"\s*"|\s+/g, '');
      const first = blocks.find((b) => b.kind === 'paragraph');
      expect(tree).toContain(inlineText(first ? own(first) : []).replace(/\s+/g, ''));
      expect(tree).not.toContain('とうだい');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasPdftotext)(
    'prints a reading, or a base, wider than the measure as text, the reading after its base in brackets',
    async () => {
      const long = 'か'.repeat(200);
      const base = '長'.repeat(60);
      const book = transform(parseArticle(`---\ntitle: t\nlang: ja\n---\n\n前{字|${long}}後、前{${base}|なが}後\n`, 'long.md'));
      const text = pdftotext(await writePdf(book, { fonts: defaultFonts('ja'), date, pageSize: 'A4' })).replace(/\s+/g, '');
      expect(text).toContain(`前字（${long}）後`);
      expect(text).toContain(`前${base}（なが）後`);
    },
    60_000,
  );
});
