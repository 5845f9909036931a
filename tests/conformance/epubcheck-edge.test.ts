/**
 * CommonMark examples that built an EPUB epubcheck did not accept (found by running all 612 image-free
 * examples through writeEpub and epubcheck: 5 failed): a first paragraph without visible text gave an
 * empty dc:description (RSC-005: 336 `` `\u00a0` ``, 486 `[](./target.md)`, 489 `[]()`), and autolinks whose
 * host is no host name were kept (RSC-023: 348 `<https://foo.bar.\`baz>`, 602 `<https://../>`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { blockText } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { hasValidHost } from '../../src/transforms/links.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { epubcheckMany, haveEpubcheck } from '../fuzz/epubcheck.ts';
import { openEpub } from '../writers/epub/helpers.ts';

const CASES: Record<number, string> = {
  336: '`\u00a0`\n`  `\n',
  348: '<https://foo.bar.`baz>`\n',
  486: '[](./target.md)\n',
  489: '[]()\n',
  602: '<https://../>\n',
};

const build = async (n: number, diags?: Diagnostics) => {
  const text = `---\ntitle: 例${n}\nlang: en\n---\n${CASES[n] ?? ''}`;
  const book = transform(parseArticle(text, `ex-${n}.md`, { diagnostics: diags }), { diagnostics: diags, lines: text.split('\n') });
  return { book, epub: await writeEpub(book, { fonts: defaultFonts('en'), date: new Date(Date.UTC(2026, 0, 1)) }) };
};

describe('EPUB edge cases from the CommonMark examples', () => {
  it('a first paragraph without text: dc:description is the title', async () => {
    for (const n of [336, 486, 489]) {
      const opf = await (await openEpub((await build(n)).epub)).text('OEBPS/content.opf');
      expect(opf, `example ${n}`).toContain(`<dc:description>例${n}</dc:description>`);
    }
  });

  it('an http(s) link whose host is no host name is dropped with a located warning; its text stays', async () => {
    const d = new Diagnostics();
    const { book } = await build(602, d);
    expect(book.blocks.map(blockText)).toEqual(['https://../']);
    expect(d.warnings.map((w) => `${w.line}:${w.col} ${w.message} [${w.rule}]`)).toEqual([
      '5:1 link to https://../ dropped: not a valid web address (the text stays) [link-url]',
    ]);
    expect(
      ['https://example.com/a', 'http://例子.中国', 'https://a.b.', 'https://user@host:8080/x', 'https://[::1]/', 'mailto:a@b'].filter((h) => !hasValidHost(h)),
    ).toEqual([]);
    expect(['https://../', 'https://foo.bar.%60baz', 'https://', 'https://a..b/', 'https://a b/'].filter((h) => hasValidHost(h))).toEqual([]);
  });

  it.skipIf(!haveEpubcheck)(
    'all five pass epubcheck with 0 errors and 0 warnings',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cjkpress-cm-'));
      const files: string[] = [];
      for (const n of Object.keys(CASES).map(Number)) {
        const f = join(dir, `ex-${n}.epub`);
        writeFileSync(f, (await build(n)).epub);
        files.push(f);
      }
      const { results, output } = await epubcheckMany(files);
      expect(
        results.filter((r) => r.errors || r.warnings),
        output,
      ).toEqual([]);
      expect(results.length).toBe(5);
    },
    120_000,
  );
});
