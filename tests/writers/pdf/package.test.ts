import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { random } from '../../helpers/random.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { createCanvas } from '../../../src/writers/pdf/package.ts';

const require = createRequire(import.meta.url);
const MONO = '@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf';

// what a book's lines hold: ideographs, kana, hangul, punctuation, Latin words, digits, and what must be
// shaped (combining marks, variation selectors, a ligature the features turn off)
const PIECES = [
  '中文排版',
  '日本語の',
  'かな',
  '한국어',
  '，',
  '。',
  '「',
  '」',
  '——',
  '……',
  'Hello',
  'fi',
  'ffl',
  '2026',
  'e\u0301',
  'か\u3099',
  '葛\u{e0100}',
  ' ',
  'JD.com',
  '（',
  '）',
  '“',
  '”',
];

function draw(shortcuts: boolean): Promise<Uint8Array> {
  const zh = defaultFonts('zh-CN');
  const canvas = createCanvas({
    size: [420, 595],
    date: new Date(Date.UTC(2024, 0, 2)),
    title: '测试',
    lang: 'zh-CN',
    // JetBrains Mono has composite glyphs (accented Latin: a base and a mark, by glyph id), Noto Serif SC none
    fonts: { regular: readFileSync(zh.regular.path), bold: readFileSync(zh.bold.path), mono: readFileSync(require.resolve(MONO)) },
    shortcuts,
  });
  const rnd = random(11);
  for (let page = 0; page < 3; page++) {
    canvas.addPage();
    for (let n = 0; n < 120; n++) {
      let s = '';
      const k = 1 + Math.floor(rnd() * 6);
      for (let i = 0; i < k; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
      const r = rnd();
      const font = r < 0.6 ? 'regular' : r < 0.8 ? 'bold' : 'mono';
      const size = [10.5, 9, 14, 7.35][n % 4] as number;
      const spacing = rnd() < 0.5 ? 0 : rnd() * 0.8 - 0.2;
      canvas.text(font, size, s, 20 + rnd() * 200, 20 + rnd() * 500, spacing, rnd() < 0.8 ? '#000000' : '#555555');
    }
  }
  return canvas.end();
}

describe('PDF canvas', () => {
  it("draws and subsets with exactly the bytes of pdfkit's own code (text(), content stream, fontkit's subsetting)", async () => {
    const [direct, reference] = await Promise.all([draw(true), draw(false)]);
    expect(direct.length).toBeGreaterThan(10_000);
    expect(Buffer.compare(Buffer.from(direct), Buffer.from(reference))).toBe(0);
  }, 60_000);
});
