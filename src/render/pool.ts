/**
 * Render workers: one worker thread per executor, each rendering the jobs it is handed one at a time.
 * The worker's entry sits beside this module's code: lib/bundle/worker.js for the command (the bundle
 * keeps entries and chunks in one folder), lib/render/worker.js for the library; from the TypeScript
 * sources (tests, tsx) it runs worker.ts through tsx, which is then installed as a development dependency.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiagnosticsRecord } from '../diagnostics.ts';
import type { Format } from '../formats.ts';
import { InternalError } from '../diagnostics.ts';
import { deserializeError, RenderFailure, type RenderJob, type RenderResult, type SerializedError } from './job.ts';

export type WorkerReply =
  | { id: number; ok: true; bytes: Uint8Array; warnings: DiagnosticsRecord }
  | { id: number; ok: false; error: SerializedError; warnings: DiagnosticsRecord };

const here = import.meta.url;
const fromSource = here.endsWith('.ts');
const entry = new URL(fromSource ? './worker.ts' : './worker.js', here);

/**
 * From the sources, the worker first registers tsx's loader and then imports worker.ts: `--import tsx`
 * in a worker's execArgv does not apply to the worker's own entry in Node 20.
 */
function sourceWorker(): Worker {
  const tsx = dirname(createRequire(here).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsx, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true });
}

/** A worker thread that renders jobs; it is started on first use and stopped by `close`. */
export class RenderWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private current: { id: number; job: RenderJob; resolve: (r: RenderResult) => void; reject: (e: unknown) => void } | undefined;

  private start(): Worker {
    const w = fromSource ? sourceWorker() : new Worker(entry);
    w.on('message', (reply: WorkerReply) => {
      const c = this.current;
      if (!c || c.id !== reply.id) return;
      this.current = undefined;
      if (reply.ok) c.resolve({ bytes: reply.bytes, warnings: reply.warnings });
      else c.reject(new RenderFailure(deserializeError(reply.error), reply.warnings));
    });
    // the thread died (out of memory, a crash outside the job's promise): the job fails, the next job gets a new thread
    const lost = (e: unknown): void => {
      this.worker = undefined;
      const c = this.current;
      this.current = undefined;
      c?.reject(new RenderFailure(new InternalError('render worker', c.job.book.file, e), { warnings: [], counts: [] }));
    };
    w.on('error', lost);
    w.on('exit', (code) => {
      if (this.worker === w) lost(new Error(`worker thread exited with code ${code}`));
    });
    return w;
  }

  /**
   * Starts the thread now and has it load these writers, while the main thread is still reading the
   * articles: a worker's start and its module loading (≈ 0.3 s for the EPUB writer) overlap that work.
   */
  warm(formats: readonly Format[]): void {
    this.worker ??= this.start();
    this.worker.postMessage({ warm: [...formats] });
  }

  /**
   * Renders a job on the thread. `last`: no job will follow, so the thread ends itself as soon as it
   * has answered, giving its heap back at once: the main thread, busy with a long synchronous layout
   * (a novel's PDF), would only hear of the answer, and stop the thread, when its own work is done.
   */
  run(job: RenderJob, last = false): Promise<RenderResult> {
    if (this.current) return Promise.reject(new Error('RenderWorker runs one job at a time'));
    this.worker ??= this.start();
    const id = this.nextId++;
    const w = this.worker;
    return new Promise((resolve, reject) => {
      this.current = { id, job, resolve, reject };
      w.postMessage({ id, job, last });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
