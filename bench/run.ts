/**
 * `npm run bench`: speed and memory of whole commands, next to Typst (typst.ts, the npm build of the
 * Typst compiler) on the same text in the same font. Prints figures and ratios; never fails on a number
 * (the targets are in the issues and the README, not in tests).
 *
 * - Typst is installed from npm into a temporary folder (reused by later runs), never a dependency.
 * - Each case runs both tools as whole new processes, alternating, BENCH_RUNS times (default 5): medians.
 * - "cold": the first run after the OS file cache was emptied (needs root; otherwise marked "warm OS
 *   cache"). cjkpress keeps no cache of its own across runs, so warm and cold differ by the OS cache only.
 * - Peak memory is the process's maximum resident set (GNU time), threads included.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadBook } from '../src/build.ts';
import { defaultFonts } from '../src/fonts/resolve.ts';
import { generateNovel } from './novel.ts';
import { RUNNER, toTypst } from './typst.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TYPST_VERSION = '0.7.0';
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'cjkpress.js');
const work = mkdtempSync(join(tmpdir(), 'cjkpress-bench-'));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const hasGnuTime = existsSync('/usr/bin/time');

interface Run {
  ms: number;
  /** peak resident set, MiB (undefined without GNU time) */
  rss?: number;
  /** user + system CPU seconds (undefined without GNU time) */
  cpu?: number;
  stderr: string;
}

function runCmd(cmd: string, args: readonly string[], status = 0): Run {
  const statsFile = join(work, 'stats.txt');
  const [c, a] = hasGnuTime ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', statsFile, cmd, ...args]] : [cmd, [...args]];
  const t0 = performance.now();
  const r = spawnSync(c, a as string[], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' }, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== status) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}, not ${status}: ${r.stderr}`);
  if (!hasGnuTime) return { ms, stderr: r.stderr };
  const [rss, user, sys] = (readFileSync(statsFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { ms, rss: (rss ?? 0) / 1024, cpu: (user ?? 0) + (sys ?? 0), stderr: r.stderr };
}

function dropOsCache(): boolean {
  try {
    spawnSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

// Typst, installed once into a temporary folder
const typstDir = join(tmpdir(), `cjkpress-bench-typst-${TYPST_VERSION}`);
if (!existsSync(join(typstDir, 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler'))) {
  console.log(`installing @myriaddreamin/typst-ts-node-compiler@${TYPST_VERSION} into ${typstDir} …`);
  mkdirSync(typstDir, { recursive: true });
  writeFileSync(join(typstDir, 'package.json'), '{"name":"bench-typst","private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', `@myriaddreamin/typst-ts-node-compiler@${TYPST_VERSION}`], {
    cwd: typstDir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm install failed: ${r.stderr}`);
}
const runner = join(typstDir, 'run-typst.mjs');
writeFileSync(runner, RUNNER);
// the same font files cjkpress uses for zh-CN
const fontDir = join(work, 'fonts');
mkdirSync(fontDir);
const zh = defaultFonts('zh-CN');
copyFileSync(zh.regular.path, join(fontDir, 'regular.ttf'));
copyFileSync(zh.bold.path, join(fontDir, 'bold.ttf'));

// the books
const seedMd = join(root, 'content', 'jingmen-crisis.md');
const novelMd = join(work, 'novel.md');
writeFileSync(novelMd, generateNovel(1_000_000));
const cases: { name: string; md: string; typ: string; chars: number }[] = [];
for (const [name, md] of [
  ['seed article', seedMd],
  ['1,000,000-character novel', novelMd],
] as const) {
  const book = await loadBook(md, {});
  const typ = join(work, `${name.replace(/\W+/g, '-')}.typ`);
  writeFileSync(typ, toTypst(book));
  const chars = readFileSync(md, 'utf8').length;
  cases.push({ name, md, typ, chars });
}

const fmt = (x: number, unit: string, w = 8): string => `${x.toFixed(unit === 's' ? 2 : 0).padStart(w)} ${unit}`;
const ours = (md: string, extra: string[] = []): Run => runCmd(process.execPath, [bin, 'build', md, '--out', join(work, 'out'), '--quiet', ...extra]);
const typst = (typ: string): Run => runCmd(process.execPath, [runner, typ, join(work, 'typst.pdf'), fontDir]);

console.log(
  `cjkpress ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} vs typst.ts ${TYPST_VERSION}; node ${process.version}; ${availableParallelism()} cores; ${RUNS} runs each, alternating`,
);
console.log('');

// --help
const help: number[] = [];
for (let i = 0; i < RUNS; i++) help.push(runCmd(process.execPath, [bin, '--help']).ms);
console.log(`${'cjkpress --help'.padEnd(52)} median ${fmt(median(help) / 1000, 's')}`);

for (const c of cases) {
  console.log('');
  console.log(`${c.name} (${c.chars.toLocaleString('en')} characters of Markdown)`);
  const cold = dropOsCache();
  const coldOurs = ours(c.md);
  if (cold) dropOsCache();
  const coldTypst = typst(c.typ);
  const a: Run[] = [];
  const p: Run[] = [];
  const t: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(ours(c.md));
    p.push(ours(c.md, ['--format', 'pdf']));
    t.push(typst(c.typ));
  }
  const mt = median(t.map((r) => r.ms));
  const row = (label: string, runs: Run[], ratio: boolean): void => {
    const m = median(runs.map((r) => r.ms));
    const rss = runs[0]?.rss === undefined ? '' : `   peak ${fmt(Math.max(...runs.map((r) => r.rss ?? 0)), 'MiB', 5)}`;
    console.log(`  ${label.padEnd(50)} median ${fmt(m / 1000, 's')}${ratio ? `   ${(m / mt).toFixed(2)}× Typst` : ''}${rss}`);
  };
  row('cjkpress build, EPUB + PDF', a, true);
  row('cjkpress build --format pdf', p, true);
  row('Typst (typst.ts), PDF', t, false);
  const tag = cold ? 'cold (OS file cache emptied)' : 'first run (warm OS cache: no root to empty it)';
  console.log(`  ${tag}: cjkpress EPUB + PDF ${fmt(coldOurs.ms / 1000, 's', 5)}, Typst ${fmt(coldTypst.ms / 1000, 's', 5)}`);
}

// a batch: a folder of 120 articles, one of them broken, built with --keep-going on every core
{
  const dir = join(work, 'batch');
  mkdirSync(dir);
  for (let i = 1; i <= 120; i++)
    writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.md`), generateNovel(2000 + ((i * 733) % 4000), 3, i).replace('title: 长篇小说', `title: 第${i}篇`));
  writeFileSync(join(dir, 'zz-broken.md'), '---\ntitle: [unclosed\n---\n\n正文。\n');
  const out = join(work, 'batch-out');
  const r = runCmd(process.execPath, [bin, 'build', dir, '--out', out, '--keep-going', '--quiet'], 1);
  const summary = r.stderr.trim().split('\n').at(-1) ?? '';
  console.log('');
  console.log(`batch: 121 articles (2,000–6,000 characters each), one broken, --keep-going, ${availableParallelism()} threads`);
  const ratio = r.cpu === undefined ? '' : `, CPU ${fmt(r.cpu, 's', 5)}, CPU/wall ${(r.cpu / (r.ms / 1000)).toFixed(2)}`;
  console.log(`  wall ${fmt(r.ms / 1000, 's', 5)}${ratio}, written ${readdirSync(out).length} files; "${summary}"`);
}
