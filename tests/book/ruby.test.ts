// A book of articles with ruby (issue 14): the volume writers render each part's ruby like the article writers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBook } from '../../src/build.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { pdfGeometry } from '../helpers/pdf-geometry.ts';
import { openEpub } from '../writers/epub/helpers.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ruby');

describe('a book with ruby', () => {
  it('sets every part’s ruby in the EPUB (<ruby> with the ruby CSS) and the PDF (half-size readings)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-ruby-book-'));
    try {
      const book = join(dir, 'book.yaml');
      writeFileSync(book, `title: 注音和拼音\nlang: zh-TW\nslug: ruby-book\narticles:\n  - zhuyin.md\n  - pinyin.md\n`);
      for (const f of ['zhuyin.md', 'pinyin.md']) writeFileSync(join(dir, f), readFileSync(join(FIXTURES, f)));
      const outputs = await buildBook(book, {
        formats: ['epub', 'pdf'],
        outDir: join(dir, 'out'),
        pageSize: 'A5',
        date: new Date(0),
        diagnostics: new Diagnostics(),
      });
      const epub = await openEpub(outputs[0]?.bytes as Uint8Array);
      const xhtml = (await Promise.all(epub.files.filter((f) => /chapter-\d+\.xhtml$/.test(f)).map((f) => epub.text(f)))).join('');
      // zhuyin.md: 152 ruby; pinyin.md: 158
      expect((xhtml.match(/<ruby[ >]/g) ?? []).length).toBe(310);
      expect(xhtml).toContain('<ruby class="zhuyin">春<rp>（</rp><rt>ㄔㄨㄣ</rt><rp>）</rp></ruby>');
      expect(await epub.text(epub.files.find((f) => f.endsWith('style.css')) ?? '')).toContain('ruby.zhuyin');
      const pages = await pdfGeometry(outputs[1]?.bytes as Uint8Array);
      const small = pages.flatMap((p) => p.text.filter((t) => t.str.trim() && Math.abs(t.size - 4.75) < 0.01));
      expect(small.map((t) => t.str).join('')).toContain('ㄔㄨㄣ');
      expect(small.map((t) => t.str).join('')).toContain('Chángchéng');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
