/**
 * Issue 10: a damaged font is a located `[font]` error (exit 1, nothing written), never a RangeError
 * with a stack trace. The fonts are damaged at test time from a real bundled TTF (a small HarfBuzz
 * subset of Noto Serif SC, so its tables are the real thing): truncated, cmap count or offsets wrong,
 * magic flipped, a table past the end, empty, loca pointing outside glyf.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { probeGlyphs, probeSubset } from '../../src/fonts/load.ts';
import { openFace, SfntError } from '../../src/fonts/sfnt.ts';
import { damage, tableDirectory, type Damage } from './damage.ts';
import { tinyFont } from './helpers.ts';

let dir: string;
let good: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cjkpress-damaged-'));
  good = await tinyFont('sc', 'ABC中文字体。');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: [Damage, RegExp][] = [
  ['truncated', /the \w+ table runs past the end of the file/],
  ['cmap-count', /the cmap table's list of 65520 subtables runs past the end of the cmap table/],
  ['cmap-offset', /cmap subtable 1 runs past the end of the cmap table/],
  ['magic', /not a TrueType\/OpenType font \(no sfnt or ttcf header\)/],
  ['table-offset', /the cmap table starts past the end of the file/],
  ['empty', /the file is empty/],
  ['loca', /the loca table puts glyph 1 outside the glyf table/],
];

describe('sfnt reader on damaged fonts', () => {
  it.each(CASES)('%s: an SfntError that says what is wrong', (kind, message) => {
    expect(() => openFace(damage(good, kind))).toThrow(message);
    try {
      openFace(damage(good, kind));
    } catch (e) {
      expect(e).toBeInstanceOf(SfntError);
    }
  });

  it('random damage to the tables: the reader and the probes either accept the font or throw SfntError, never anything else', async () => {
    // a fixed linear congruential sequence: the same 600 fonts every run
    let seed = 20261201;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const others: string[] = [];
    let accepted = 0;
    const dirTables = tableDirectory(good);
    for (let i = 0; i < 600; i++) {
      const b = Buffer.from(good);
      // aim at one table each time (cmap and name most often: the reader parses those itself)
      const t = i % 3 === 0 ? dirTables[i % dirTables.length] : dirTables.find((x) => x.tag === (i % 3 === 1 ? 'cmap' : 'name'));
      const [from, len] = t ? [t.offset, Math.min(t.length, 64)] : [0, 600];
      for (let j = 0; j < 2; j++) b.writeUInt16BE(Math.floor(rnd() * 0x10000), from + 2 * Math.floor((rnd() * len) / 2));
      try {
        const f = openFace(b);
        // what the font chain asks of every face
        for (const ch of 'ABC中文字体\u{20BB7}') f.has(ch.codePointAt(0) ?? 0);
        probeGlyphs(f, 'ABC中文字体');
        await probeSubset(f, 'ABC中文字体');
        accepted++;
      } catch (e) {
        if (!(e instanceof SfntError)) others.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    expect(others).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('a damaged font given to a build', () => {
  it.each(CASES)(
    '--font (%s): `--font: error: font … is damaged: …`, exit 1, nothing written',
    async (kind, message) => {
      const sub = mkdtempSync(join(dir, `cli-${kind}-`));
      const font = join(sub, 'x.ttf');
      writeFileSync(font, damage(good, kind));
      const md = join(sub, 'a.md');
      writeFileSync(md, '---\ntitle: 中文\nlang: zh-CN\n---\n\n中文字体。\n');
      const out = join(sub, 'out');
      const c = capture();
      expect(await run(['build', md, '--out', out, '--font', font], c.io)).toBe(1);
      expect(c.err).toHaveLength(1);
      expect(c.err[0]).toMatch(new RegExp(`^--font: error: font ${font.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged: ${message.source} \\[font\\]$`));
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    },
    30_000,
  );

  it('front matter `font`: located at the key, the path as written', async () => {
    const sub = mkdtempSync(join(dir, 'fm-'));
    mkdirSync(join(sub, 'fonts'));
    writeFileSync(join(sub, 'fonts', 'x.ttf'), damage(good, 'cmap-count'));
    const md = join(sub, 'a.md');
    writeFileSync(md, '---\ntitle: 中文\nlang: zh-CN\nfont: fonts/x.ttf\n---\n\n中文字体。\n');
    const c = capture();
    expect(await run(['build', md, '--out', join(sub, 'out')], c.io)).toBe(1);
    expect(c.err).toEqual([
      `${md}:4:1: error: font fonts/x.ttf is damaged: the cmap table's list of 65520 subtables runs past the end of the cmap table [font]`,
    ]);
    expect(existsSync(join(sub, 'out'))).toBe(false);
  }, 30_000);

  it('--heading-font too, and an undamaged copy of the same font builds', async () => {
    const sub = mkdtempSync(join(dir, 'heading-'));
    writeFileSync(join(sub, 'bad.ttf'), damage(good, 'truncated'));
    writeFileSync(join(sub, 'good.ttf'), good);
    const md = join(sub, 'a.md');
    writeFileSync(md, '---\ntitle: 中文\nlang: zh-CN\n---\n\n中文字体。\n');
    const c = capture();
    expect(await run(['build', md, '--out', join(sub, 'out'), '--heading-font', join(sub, 'bad.ttf')], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/^--heading-font: error: font .*bad\.ttf is damaged: the \w+ table runs past the end of the file \[font\]$/);
    const ok = capture();
    expect(await run(['build', md, '--out', join(sub, 'out'), '--font', join(sub, 'good.ttf')], ok.io)).toBe(0);
    expect(readdirSync(join(sub, 'out')).sort()).toEqual(['a.epub', 'a.pdf']);
  }, 60_000);
});
