/**
 * A realistic technical article (tests/fixtures/code/code.md: a Chinese Rust/TypeScript walkthrough with
 * code spans and blocks full of operator sequences, long URLs in text and in a table, a long shell
 * command) builds in both editions; the PDF gives back exactly the characters of every piece of code,
 * and nothing is drawn past the text block.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../../src/diagnostics.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { ownInlines, walkBlocks, type Book, type Inline } from '../../../src/model.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writeEpub } from '../../../src/writers/epub/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { readPdf } from '../../helpers/pdf.ts';
import { outsideTextBlock } from '../../helpers/pdf-geometry.ts';
import { openEpub } from '../epub/helpers.ts';

const FIXTURE = 'tests/fixtures/code/code.md';
const date = new Date(Date.UTC(2026, 10, 1));
const fonts = defaultFonts('zh-CN');
const strip = (s: string): string => s.replace(/\s+/g, '');

let book: Book;
const diagnostics = new Diagnostics();

/** Every code span and code block of the article, in order. */
function codeTexts(b: Book): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 'code') out.push(n.text);
      else if (n.kind === 'strong' || n.kind === 'emph' || n.kind === 'link') walk(n.children);
    }
  };
  for (const blk of walkBlocks(b.blocks)) {
    if (blk.kind === 'code') out.push(blk.text);
    for (const content of ownInlines(blk)) walk(content);
  }
  return out;
}

beforeAll(async () => {
  book = transform(await readArticle(FIXTURE));
});

describe('the code fixture', () => {
  it('has the code it is meant to test', () => {
    const all = codeTexts(book).join('\n');
    for (const op of ['==', '===', '!==', '=>', '->', '...', '&&', '||', '??', '<!--', '</', '://', '***', '..=', '<=>']) expect(all, op).toContain(op);
    expect(codeTexts(book).length).toBeGreaterThan(30);
  });

  for (const pageSize of ['A4', 'A5'] as const) {
    it(`builds a PDF (${pageSize}) that gives back every piece of code exactly and keeps to the text block`, async () => {
      const bytes = await writePdf(book, { fonts, date, pageSize, diagnostics });
      const text = (await readPdf(bytes)).text.join('');
      let from = 0;
      for (const code of codeTexts(book)) {
        // in reading order: each piece after the one before it
        const at = text.indexOf(strip(code), from);
        expect(at, `code not found in order: ${code.slice(0, 60)}`).toBeGreaterThanOrEqual(0);
        from = at;
      }
      expect(await outsideTextBlock(bytes, pageSize)).toEqual([]);
      expect(diagnostics.warnings).toEqual([]);
    }, 60_000);
  }

  it('builds the EPUB with every code block in a pre', async () => {
    const epub = await openEpub(await writeEpub(book, { fonts, date }));
    const xhtml = (await Promise.all(epub.files.filter((f) => f.endsWith('.xhtml')).map((f) => epub.text(f)))).join('\n');
    const unescapeXml = (s: string): string =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const pres = [...xhtml.matchAll(/<pre[^>]*><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => unescapeXml(m[1] ?? ''));
    const blocks = [...walkBlocks(book.blocks)].filter((b) => b.kind === 'code').map((b) => (b.kind === 'code' ? b.text : ''));
    expect(pres.map((p) => p.replace(/\n$/, ''))).toEqual(blocks.map((b) => b.replace(/\n$/, '')));
  }, 60_000);
});
