// Speed and size figures on the seed article. Prints medians; never fails on a number (targets are in README/issues).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFontFile } from '../src/fonts/load.ts';
import { defaultFonts } from '../src/fonts/resolve.ts';
import { layoutParagraph } from '../src/layout/index.ts';
import type { FontMetrics } from '../src/layout/types.ts';
import { readArticle } from '../src/reader/index.ts';
import { transform } from '../src/transforms/index.ts';
import { writeEpub } from '../src/writers/epub/index.ts';
import { writePdf } from '../src/writers/pdf/index.ts';
import { createCanvas } from '../src/writers/pdf/package.ts';
import { inlineText } from '../src/model.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const article = 'content/jingmen-crisis.md';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function row(name: string, xs: number[], unit = 'ms'): void {
  const s = [...xs].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} median ${median(xs).toFixed(1).padStart(8)} ${unit}   min ${s[0]?.toFixed(1)}   max ${s.at(-1)?.toFixed(1)}   (n=${xs.length})`,
  );
}

async function timeIt(n: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return xs;
}

// 1. whole export as a user runs it: a new process, both formats
const out = mkdtempSync(join(tmpdir(), 'cjkpress-bench-'));
const whole = await timeIt(RUNS, () => {
  const r = spawnSync(process.execPath, ['bin/cjkpress.js', 'build', article, '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
});
row('whole export, epub+pdf (new process)', whole);

// 2. stages in one warm process
const date = new Date(0);
const book = transform(await readArticle(article));
const fonts = defaultFonts(book.meta.lang);
row('read + transform', await timeIt(RUNS, async () => transform(await readArticle(article))));
row('EPUB writer', await timeIt(RUNS, () => writeEpub(book, { fonts, date })));
row('PDF writer (A4)', await timeIt(RUNS, () => writePdf(book, { fonts, date, pageSize: 'A4' })));

// 3. paragraph layout of the whole body, fonts already loaded
const canvas = createCanvas({ size: [595.28, 841.89], date, title: 'bench', lang: 'zh-CN', fonts: { regular: await readFontFile(fonts.regular) } });
const metrics: FontMetrics = { advance: (t, s) => canvas.measure('regular', t, s) };
const paragraphs = book.blocks.filter((b) => b.kind === 'paragraph').map((b) => inlineText(b.content));
let lines = 0;
const layoutTimes = await timeIt(RUNS, () => {
  lines = 0;
  for (const text of paragraphs) {
    lines += layoutParagraph([{ text, font: metrics, fontKey: 'regular', size: 10.5 }], { width: 420, firstIndent: 21, justify: true }).length;
  }
});
row(`layout of the seed body (${lines} lines, A4)`, layoutTimes);

// 4. sizes
for (const f of ['epub', 'pdf']) {
  const p = join(out, `jingmen-crisis.${f}`);
  console.log(`${`${f.toUpperCase()} size`.padEnd(44)} ${(statSync(p).size / 1024).toFixed(1)} KiB`);
}
console.log(`${'peak RSS of this process'.padEnd(44)} ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
