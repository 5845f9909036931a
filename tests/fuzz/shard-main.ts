// One shard of the fuzz documents in a process of its own (started by fuzz.test.ts, so the shards run on
// different cores whatever vitest's worker count): `node --import tsx shard-main.ts SHARD SHARDS OUT.json`.
import { writeFileSync } from 'node:fs';
import { runShard, toJson } from './harness.ts';

const [shard, shards, out] = process.argv.slice(2);
const r = await runShard(Number(shard), Number(shards));
writeFileSync(out as string, JSON.stringify(toJson(r)));
