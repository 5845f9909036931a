/** Test fonts for the layout: the real Noto Serif SC through fontkit, and an exact monospace fake. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FontMetrics, StyledRun } from '../../src/layout/types.ts';

interface FkFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}
interface Fontkit {
  openSync(path: string): FkFont;
}

const require = createRequire(import.meta.url);
export const NOTO_PATH = fileURLToPath(new URL('../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', import.meta.url));

let noto: FontMetrics | undefined;
/** Noto Serif SC Regular measured with fontkit's layout (what pdfkit's widthOfString does). */
export function notoMetrics(): FontMetrics {
  if (!noto) {
    const fontkit = require('fontkit') as Fontkit;
    const font = fontkit.openSync(NOTO_PATH);
    const upm = font.unitsPerEm;
    noto = { advance: (text, size) => (font.layout(text).advanceWidth * size) / upm };
  }
  return noto;
}

/** Every CJK character or full-width mark 1 em, everything else ½ em (except dashes: 1 em). */
export const mono: FontMetrics = {
  advance(text, size) {
    let w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      w += cp >= 0x2e80 || cp === 0x2014 || cp === 0x2026 || (cp >= 0x2018 && cp <= 0x201d) ? size : size / 2;
    }
    return w;
  },
};

export function run(text: string, font: FontMetrics = mono, size = 10, extra: Partial<StyledRun> = {}): StyledRun {
  return { text, font, fontKey: font === mono ? 'mono' : 'noto', size, ...extra };
}

/** Body paragraphs of the seed article (lines 3–27 of the file). */
export function seedBody(): string[] {
  const p = fileURLToPath(new URL('../../../shared/seeds/000_9e82caae25369654.txt', import.meta.url));
  return readFileSync(p, 'utf8')
    .split('\n')
    .slice(2, 27)
    .filter((l) => l.trim().length > 0);
}

/** Offsets in the source where lines start (after the first). */
export function lineStarts(texts: string[], source: string): number[] {
  const res: number[] = [];
  let ptr = 0;
  texts.forEach((t, i) => {
    if (i > 0) res.push(ptr);
    ptr += t.length;
    while (source[ptr] === ' ') ptr++;
  });
  return res;
}

/** Tokens (occurrences in source) that a line boundary falls inside. */
export function splitTokens(tokens: string[], texts: string[], source: string): string[] {
  const starts = lineStarts(texts, source);
  const bad: string[] = [];
  for (const tok of tokens) {
    for (let at = source.indexOf(tok); at >= 0; at = source.indexOf(tok, at + 1)) {
      if (starts.some((b) => b > at && b < at + tok.length)) bad.push(`${tok}@${at}`);
    }
  }
  return bad;
}
