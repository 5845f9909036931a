/**
 * Our HarfBuzz subsetter (src/fonts/subset.ts) against subset-font, whose calls it makes: the same
 * bytes for every face we ship and for an installed CFF face, on repeated calls with the face kept and
 * after it was dropped, and the same failures on damaged fonts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadFace } from '../../src/fonts/load.ts';
import { subsetTrueType } from '../../src/fonts/subset.ts';
import { damage, type Damage } from './damage.ts';
import { notoPath } from './helpers.ts';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font') as (font: Buffer, text: string, opts?: { targetFormat?: string }) => Promise<Buffer>;
const reference = (font: Buffer, chars: string): Promise<Buffer> => subsetFont(font, chars, { targetFormat: 'truetype' });

const CJK_CFF = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const TEXTS = ['中文排版，标点。', '日本語のかなとカナ「」', '한국어 문장입니다', 'Latin ﬁ ffl 123 — “quotes”', '😀⌘①', ''];

describe('HarfBuzz subsets', () => {
  it("gives subset-font's bytes for every face, with the face kept between calls and after it was dropped", async () => {
    const files = [
      notoPath('sc'),
      notoPath('sc', '700Bold'),
      notoPath('tc'),
      notoPath('jp'),
      notoPath('kr'),
      require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
      require.resolve('@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf'),
    ];
    const fonts: Buffer[] = files.map((f) => readFileSync(f));
    // an installed CFF face, out of a collection (what the fallback chain takes for missing characters)
    fonts.push((await loadFace({ path: CJK_CFF, family: 'Noto Serif CJK SC', postscriptName: 'NotoSerifCJKsc-Regular' } as never)).data);
    let compared = 0;
    // two rounds over eight faces: more than the six kept, so faces are dropped and made again
    for (let round = 0; round < 2; round++) {
      for (const font of fonts) {
        for (const text of TEXTS) {
          const ours = await subsetTrueType(font, text);
          expect(ours.equals(await reference(font, text)), `${font.length} bytes, ${JSON.stringify(text)}`).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(2 * fonts.length * TEXTS.length);
  }, 120_000);

  it('fails where subset-font fails on damaged fonts, and a good face still subsets afterwards', async () => {
    const good = readFileSync(notoPath('jp'));
    const kinds: Damage[] = ['truncated', 'cmap-count', 'cmap-offset', 'magic', 'table-offset', 'empty', 'loca'];
    let failures = 0;
    for (const kind of kinds) {
      const bad = damage(good, kind);
      const ours = await subsetTrueType(bad, '日本語').then(
        (b) => b,
        (e: Error) => e,
      );
      const theirs = await reference(bad, '日本語').then(
        (b) => b,
        (e: Error) => e,
      );
      if (theirs instanceof Error) {
        failures++;
        expect(ours, kind).toBeInstanceOf(Error);
        expect((ours as Error).message, kind).toBe(theirs.message);
      } else expect(ours instanceof Error ? ours.message : ours.equals(theirs), kind).toBe(true);
    }
    expect(failures).toBeGreaterThan(0);
    expect((await subsetTrueType(good, '日本語')).equals(await reference(good, '日本語'))).toBe(true);
  }, 120_000);
});
