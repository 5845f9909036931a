/**
 * Property: whatever Markdown comes in (generators.ts: every construct), the book is valid and says what
 * the author wrote, or the build stops with the located error the document calls for (harness.ts).
 * CI: FUZZ_RUNS (default 1,000) documents with a fixed FUZZ_SEED (default 20261124), split into
 * FUZZ_SHARDS (default 2: one per core) — shard 0 here, the others in child processes (vitest may run
 * its files one at a time on a 2-core machine) — and epubcheck on FUZZ_EPUBCHECK (20) of the EPUBs in one
 * JVM, with the ruby fixtures (the Japanese story set vertically, zhuyin, pinyin: one JVM start for all).
 * `npm run fuzz` runs more; FUZZ_SHRINK=1 lets fast-check shrink the first failing document.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { epubcheckMany, haveEpubcheck } from './epubcheck.ts';
import { EPUBCHECK_SAMPLE, merge, RUNS, runShard, SEED, shrinkFirst, summary, type ReportJson } from './harness.ts';

const SHARDS = Math.max(1, Number(process.env.FUZZ_SHARDS ?? 2));

/** The ruby fixtures' EPUBs (tests/fixtures/ruby), for the same epubcheck run: the story set vertically. */
async function rubyEpubs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [name, vertical] of [
    ['story', true],
    ['zhuyin', true],
    ['pinyin', false],
  ] as const) {
    const book = transform(await readArticle(join(import.meta.dirname, '..', 'fixtures', 'ruby', `${name}.md`)));
    const file = join(dir, `ruby-${name}.epub`);
    writeFileSync(file, await writeEpub(book, { fonts: defaultFonts(book.meta.lang), date: new Date(0), vertical }));
    out.push(file);
  }
  return out;
}

function childShard(shard: number, dir: string): Promise<ReportJson> {
  const out = join(dir, `shard-${shard}.json`);
  const script = join(import.meta.dirname, 'shard-main.ts');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, String(shard), String(SHARDS), out], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`fuzz shard ${shard}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')) as ReportJson);
    });
  });
}

describe('fuzz: random Markdown with every construct → valid EPUB and PDF with the text intact', () => {
  it(`${RUNS} documents (seed ${SEED}) in ${SHARDS} processes: 0 failures; epubcheck on ${EPUBCHECK_SAMPLE}`, async () => {
    if (process.env.FUZZ_SHRINK === '1') {
      await shrinkFirst();
      return;
    }
    const t0 = performance.now();
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-fuzz-shards-'));
    const children = Array.from({ length: SHARDS - 1 }, (_, k) => childShard(k + 1, dir));
    const r = await runShard(0, SHARDS);
    for (const c of await Promise.all(children)) merge(r, c);
    const failed = [...r.failures.values()].reduce((a, f) => a + f.count, 0);
    console.log(
      `fuzz: ${r.n} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s (${SHARDS} processes), ${failed} failed in ${r.failures.size} kinds`,
    );
    if (r.failures.size > 0) console.log(summary(r));
    expect(r.n).toBe(RUNS);

    if (!haveEpubcheck) throw new Error('epubcheck is not installed (apt-get install epubcheck; .ci/run does)');
    const { results, output } = await epubcheckMany([...r.sample, ...(await rubyEpubs(dir))]);
    const bad = results.filter((x) => x.errors > 0);
    console.log(`fuzz: epubcheck on ${results.length} EPUBs: ${bad.length} with errors, ${results.reduce((a, x) => a + x.warnings, 0)} warnings`);
    expect(results.length).toBeGreaterThan(0);
    expect.soft(bad, output).toEqual([]);
    expect(failed, summary(r)).toBe(0);
  }, 1_800_000);
});
