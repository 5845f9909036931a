// One vitest test for one shard of the fuzz documents (harness.ts), with the epubcheck sample.
import { describe, expect, it } from 'vitest';
import { epubcheckMany, haveEpubcheck } from './epubcheck.ts';
import { EPUBCHECK_SAMPLE, RUNS, runShard, SEED, shrinkFirst, summary } from './harness.ts';

export function fuzzShard(shard: number, shards: number): void {
  describe('fuzz: random Markdown with every construct → valid EPUB and PDF with the text intact', () => {
    it(`documents ${shard}, ${shard + shards}, … of ${RUNS} (seed ${SEED}): 0 failures; epubcheck on ${Math.ceil(EPUBCHECK_SAMPLE / shards)}`, async () => {
      if (process.env.FUZZ_SHRINK === '1') {
        if (shard === 0) await shrinkFirst();
        return;
      }
      const r = await runShard(shard, shards);
      const failed = [...r.failures.values()].reduce((a, f) => a + f.count, 0);
      console.log(`fuzz shard ${shard}/${shards}: ${r.n} documents in ${r.secs.toFixed(1)} s, ${failed} failed in ${r.failures.size} kinds`);
      if (r.failures.size > 0) console.log(summary(r));
      expect(r.n).toBeGreaterThan(0);

      if (!haveEpubcheck) throw new Error('epubcheck is not installed (apt-get install epubcheck; .ci/run does)');
      const { results, output } = await epubcheckMany(r.sample);
      const bad = results.filter((x) => x.errors > 0);
      console.log(`fuzz shard ${shard}: epubcheck on ${results.length} EPUBs: ${bad.length} with errors, ${results.reduce((a, x) => a + x.warnings, 0)} warnings`);
      expect(results.length).toBeGreaterThan(0);
      expect.soft(bad, output).toEqual([]);
      expect(failed, summary(r)).toBe(0);
    }, 900_000);
  });
}
