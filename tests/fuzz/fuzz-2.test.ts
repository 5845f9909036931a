// The second half of the fuzz documents (see fuzz.test.ts): a file of its own so it runs on the other core.
import { fuzzShard } from './shard.ts';

fuzzShard(1, 2);
