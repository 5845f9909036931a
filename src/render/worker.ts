/**
 * A render worker thread: takes jobs from the pool (pool.ts), one at a time, and answers each with the
 * bytes or the error, plus the warnings. It keeps its loaded writers and parsed fonts between jobs.
 */
import { parentPort } from 'node:worker_threads';
import { CjkpressError, InternalError } from '../diagnostics.ts';
import type { Format } from '../formats.ts';
import { loadWriters, RenderFailure, type RenderJob, renderJob, serializeError } from './job.ts';
import type { WorkerReply } from './pool.ts';

const port = parentPort;
if (!port) throw new Error('render/worker.ts runs as a worker thread');

port.on('message', async (m: { id: number; job: RenderJob; last?: boolean } | { warm: Format[] }) => {
  if ('warm' in m) {
    // loading only: a failure here shows again, located, when a job needs the writer
    await loadWriters(m.warm).catch(() => undefined);
    return;
  }
  let reply: WorkerReply;
  try {
    const r = await renderJob(m.job);
    reply = { id: m.id, ok: true, bytes: r.bytes, warnings: r.warnings };
  } catch (e) {
    const failure =
      e instanceof RenderFailure
        ? e
        : new RenderFailure(e instanceof CjkpressError ? e : new InternalError('render worker', m.job.book.file, e), { warnings: [], counts: [] });
    reply = { id: m.id, ok: false, error: serializeError(failure.error), warnings: failure.warnings };
  }
  port.postMessage(reply);
  // the answer is already in the main thread's queue: it is delivered before the thread's exit event
  if (m.last) process.exit(0);
});
