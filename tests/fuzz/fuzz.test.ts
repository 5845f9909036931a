/**
 * Property: whatever Markdown comes in (generators.ts: every construct), the book is valid and says what
 * the author wrote, or the build stops with the located error the document calls for (harness.ts).
 * CI: FUZZ_RUNS (default 1,000) documents with a fixed FUZZ_SEED (default 20261124), split between this
 * file and fuzz-2.test.ts (vitest runs the two on the two cores); epubcheck checks FUZZ_EPUBCHECK (20)
 * of the EPUBs in one JVM. `npm run fuzz` runs more; FUZZ_SHRINK=1 shrinks the first failing document.
 */
import { fuzzShard } from './shard.ts';

fuzzShard(0, 2);
