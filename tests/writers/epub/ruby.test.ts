/**
 * Ruby in the EPUB (issue 14): real `<ruby>`/`<rt>` with `<rp>（</rp>`/`<rp>）</rp>` fallbacks, one element per
 * annotation and no markup shown as text; ruby CSS only in books that have ruby (the others keep their
 * bytes), zhuyin marked for inter-character placement in Traditional Chinese, and a vertical Japanese book
 * (epubcheck passes these books in tests/fuzz, which starts one JVM for all of its EPUBs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writeEpub } from '../../../src/writers/epub/index.ts';
import { DATE, elements, openEpub, parseXml, repoRoot } from './helpers.ts';

const fixture = (name: string): string => join(repoRoot, 'tests', 'fixtures', 'ruby', name);

async function build(name: string, vertical = false) {
  const book = transform(await readArticle(fixture(name)));
  const bytes = await writeEpub(book, { fonts: defaultFonts(book.meta.lang), date: DATE, vertical });
  const epub = await openEpub(bytes);
  const chapters = epub.files.filter((f) => /chapter-\d+\.xhtml$/.test(f));
  const docs = await Promise.all(chapters.map(async (f) => ({ f, text: await epub.text(f) })));
  const css = await epub.text(epub.files.find((f) => f.endsWith('style.css')) ?? '');
  return { bytes, docs, css };
}

/** annotations in the source: `<ruby>` elements, `{…|…}` and (Japanese) `｜…《…》` / `…《…》` */
function annotations(md: string, aozora: boolean): number {
  const body = md.slice(md.indexOf('\n---\n') + 5);
  return (
    (body.match(/<ruby>/g) ?? []).length + (body.match(/\{[^{}|\n]+\|[^{}\n]*\}/g) ?? []).length + (aozora ? (body.match(/《[^《》\n]+》/g) ?? []).length : 0)
  );
}

describe('ruby in the EPUB', () => {
  it('gives each annotation of the story one <ruby> with <rt> and <rp>（ ）</rp> fallbacks, and shows no markup as text', async () => {
    const { docs } = await build('story.md');
    const md = readFileSync(fixture('story.md'), 'utf8');
    let ruby = 0;
    for (const { f, text } of docs) {
      const doc = parseXml(text, f);
      const rubies = elements(doc, 'ruby');
      ruby += rubies.length;
      for (const r of rubies) {
        const kids = elements(r).filter((e) => e.parentNode === r);
        const rts = kids.filter((e) => e.localName === 'rt');
        expect(rts.length).toBeGreaterThan(0);
        // every <rt> sits between <rp>（</rp> and <rp>）</rp>
        for (const rt of rts) {
          const i = kids.indexOf(rt);
          expect([kids[i - 1]?.localName, kids[i - 1]?.textContent, kids[i + 1]?.localName, kids[i + 1]?.textContent]).toEqual(['rp', '（', 'rp', '）']);
        }
      }
      // no tag, brace or Aozora notation shown as text
      const textOnly = (doc.documentElement?.textContent ?? '').replace(/（[^（）]*）/g, '');
      expect(textOnly).not.toMatch(/<\/?r[bpt]|<\/?ruby|[{}｜《》]/);
    }
    expect(ruby).toBe(annotations(md, true));
    expect(ruby).toBeGreaterThan(250);
  }, 60_000);

  it('sets mono ruby one <rt> per character', async () => {
    const { docs } = await build('pinyin.md');
    const all = docs.map((d) => d.text).join('');
    expect(all).toContain('<ruby>北<rp>（</rp><rt>běi</rt><rp>）</rp>京<rp>（</rp><rt>jīng</rt><rp>）</rp></ruby>');
    expect(all).toContain('<ruby>长城<rp>（</rp><rt>Chángchéng</rt><rp>）</rp></ruby>');
    // 《》 are title marks in Chinese
    expect(all).toContain('《西游记》');
  }, 60_000);

  it('marks zhuyin of a Traditional Chinese book for inter-character placement', async () => {
    const { docs, css } = await build('zhuyin.md');
    const all = docs.map((d) => d.text).join('');
    expect(all).toContain('<ruby class="zhuyin">春<rp>（</rp><rt>ㄔㄨㄣ</rt><rp>）</rp></ruby>');
    expect(all).not.toMatch(/<ruby>/);
    expect(css).toMatch(/ruby\.zhuyin \{[^}]*ruby-position: inter-character/);
    expect(css).toMatch(/-epub-ruby-position: inter-character/);
  }, 60_000);

  it('adds the ruby CSS only to books with ruby', async () => {
    const { css } = await build('story.md');
    expect(css).toMatch(/ruby \{[^}]*-epub-ruby-position: over;[^}]*ruby-position: over/);
    const seed = transform(await readArticle(join(repoRoot, 'content', 'jingmen-crisis.md')));
    const epub = await openEpub(await writeEpub(seed, { fonts: defaultFonts('zh-CN'), date: DATE }));
    expect(await epub.text(epub.files.find((f) => f.endsWith('style.css')) ?? '')).not.toContain('ruby');
  }, 60_000);

  // epubcheck (0 errors, 0 warnings) runs on these books set vertically in tests/fuzz (one JVM for all)
  it('a vertical Japanese book with ruby: vertical-rl, readings over the base (at the right of the lines)', async () => {
    const { css, docs } = await build('story.md', true);
    expect(css).toMatch(/writing-mode: vertical-rl/);
    expect(css).toMatch(/ruby \{[^}]*ruby-position: over/);
    for (const { f, text } of docs) expect(elements(parseXml(text, f), 'ruby').length).toBeGreaterThan(0);
  }, 60_000);
});
