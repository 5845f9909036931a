/**
 * `lang` (front matter) and `import --lang`: judged by Intl.getCanonicalLocales, not a regex of ours.
 * Case-only canonicalisation is applied (zh-cn → zh-CN); anything more keeps the author's spelling.
 */
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { importClipping } from '../../src/import/index.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { languageTag } from '../../src/reader/meta.ts';

const article = (lang: string) => `---\ntitle: t\nlang: ${lang}\n---\n\n正文。\n`;

function errorOf(f: () => unknown): CjkpressError {
  try {
    f();
  } catch (e) {
    if (e instanceof CjkpressError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('lang: a BCP 47 tag, as the platform judges it', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-Hans-CN'],
    ['en-u-ca-gregory', 'en-u-ca-gregory'],
    ['ja-JP-u-ca-japanese', 'ja-JP-u-ca-japanese'],
    ['zh-Latn-pinyin', 'zh-Latn-pinyin'],
    ['en-US-x-twain', 'en-US-x-twain'],
    // only the case differs: the canonical form
    ['zh-cn', 'zh-CN'],
    ['ZH-HANT-tw', 'zh-Hant-TW'],
    // canonicalisation would change the tag itself: the author's spelling stays
    ['iw', 'iw'],
    ['cmn', 'cmn'],
  ])('accepts %s as %s', (written, kept) => {
    expect(languageTag(written)).toBe(kept);
    expect(parseArticle(article(written), 'a.md').meta.lang).toBe(kept);
  });

  it.each(['zh-CN-CN', '中文', 'zh_CN', 'zh-cmn-Hans', 'i-klingon', '1234', 'de-DE-1996-1996', 'en-a-bbb-a-ccc', 'x'])('rejects %s at the lang line', (bad) => {
    expect(languageTag(bad)).toBeUndefined();
    const e = errorOf(() => parseArticle(article(bad), 'a.md'));
    expect(e.format()).toBe(`a.md:3:1: error: \`lang: ${bad}\` is not a BCP 47 language tag (e.g. zh-CN) [front-matter]`);
  });

  it('import --lang: the same judge; the front matter gets the case-canonical form', () => {
    const clip = new TextEncoder().encode('标题\n\n正文第一段。\n');
    expect(importClipping(clip, { file: 'c.txt', lang: 'zh-tw' }).markdown).toMatch(/\nlang: zh-TW\n/);
    expect(importClipping(clip, { file: 'c.txt', lang: 'en-u-ca-gregory' }).markdown).toMatch(/\nlang: en-u-ca-gregory\n/);
    const e = errorOf(() => importClipping(clip, { file: 'c.txt', lang: 'zh-CN-CN' }));
    expect(e.format()).toBe('c.txt: error: invalid language tag "zh-CN-CN" (expected BCP 47, e.g. zh-CN) [bad-lang]');
  });
});
