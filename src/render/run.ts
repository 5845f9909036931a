/**
 * Renders a list of jobs on every core: the main thread and worker threads (pool.ts) each take the next
 * job when they are free. Jobs are prepared lazily (fonts checked, images loaded) just before they run,
 * so a batch of a thousand articles never holds more than a few books' images at once.
 */
import { CjkpressError, InternalError } from '../diagnostics.ts';
import { RenderFailure, type RenderJob, type RenderResult, renderJob } from './job.ts';
import type { Format } from '../formats.ts';
import { RenderWorker } from './pool.ts';
import { isBookFile } from '../inputs.ts';

export interface RenderTask {
  /** the article, for errors outside the writer */
  file: string;
  prepare: () => Promise<RenderJob>;
}

export interface RunOptions {
  /** threads to render on, the main one included (1: everything in this thread, as a library call expects) */
  jobs: number;
  /** stop starting tasks after the first failure (the build is all or nothing) */
  stopOnFailure: boolean;
  /** each task as it ends, in completion order */
  onDone?: (index: number, outcome: RenderResult | RenderFailure) => void;
  /** the task an executor starts (progress display) */
  onStart?: (index: number) => void;
  /** threads started beforehand (`startWorkers`) to use first */
  workers?: RenderWorker[];
}

/** How many worker threads `runTasks` uses for this many tasks, and whether the main thread renders too. */
export function threadPlan(taskCount: number, jobs: number): { workers: number; mainRenders: boolean } {
  const threads = Math.max(1, Math.min(jobs, taskCount));
  const mainRenders = threads === 1 || taskCount <= threads;
  return { workers: mainRenders ? threads - 1 : threads, mainRenders };
}

/** How many editions a build of these files renders: each article in each format (book files on their own, after). */
export const renderTaskCount = (files: readonly string[], formats: readonly Format[]): number => files.filter((f) => !isBookFile(f)).length * formats.length;

/**
 * Starts the worker threads a run of `taskCount` tasks will use, each loading the writers it will need
 * (the formats of the tasks it takes: the front ones), before the tasks are known in full.
 */
export function startWorkers(taskCount: number, jobs: number, formats: readonly Format[]): RenderWorker[] {
  const plan = threadPlan(taskCount, jobs);
  const warmFormats = plan.mainRenders ? formats.slice(0, Math.max(1, formats.length - 1)) : formats;
  return Array.from({ length: plan.workers }, () => {
    const w = new RenderWorker();
    w.warm(warmFormats);
    return w;
  });
}

const asFailure = (e: unknown, file: string): RenderFailure =>
  e instanceof RenderFailure ? e : new RenderFailure(e instanceof CjkpressError ? e : new InternalError('render', file, e), { warnings: [], counts: [] });

/**
 * Runs every task and returns the outcomes in task order. With `jobs` ≥ 2: when there are no more tasks
 * than threads, the main thread renders one itself (a single article's PDF while a worker makes its
 * EPUB); with more, only workers render and the main thread hands out tasks, so a finished worker never
 * waits for the main thread to come back from a long synchronous layout.
 */
export async function runTasks(tasks: readonly RenderTask[], opts: RunOptions): Promise<(RenderResult | RenderFailure | undefined)[]> {
  const outcomes: (RenderResult | RenderFailure | undefined)[] = new Array(tasks.length).fill(undefined);
  const plan = threadPlan(tasks.length, opts.jobs);
  const mainRenders = plan.mainRenders;
  const started = opts.workers ?? [];
  const workers = Array.from({ length: plan.workers }, (_, i) => started[i] ?? new RenderWorker());
  // started for more tasks than there turned out to be (an article failed to load)
  await Promise.all(started.slice(plan.workers).map((w) => w.close()));
  // workers take tasks from the front, the main thread from the back
  let lo = 0;
  let hi = tasks.length - 1;
  let failed = false;

  const executor = async (render: (job: RenderJob, last: boolean) => Promise<RenderResult>, takeLast: boolean): Promise<void> => {
    for (;;) {
      if (failed && opts.stopOnFailure) return;
      if (lo > hi) return;
      // the main thread takes the last task (the PDF of a single article): workers start on the others at once
      const i = takeLast ? hi-- : lo++;
      const task = tasks[i] as RenderTask;
      opts.onStart?.(i);
      let outcome: RenderResult | RenderFailure;
      try {
        const job = await task.prepare();
        // taken after the await: by then the main thread has taken its task too (a single article)
        outcome = await render(job, lo > hi);
      } catch (e) {
        outcome = asFailure(e, task.file);
        failed = true;
      }
      outcomes[i] = outcome;
      opts.onDone?.(i, outcome);
    }
  };

  try {
    await Promise.all([
      // a worker with nothing left to take is stopped at once: its heap (fonts, parsed tables) is given
      // back while the others finish (a novel's EPUB is done long before its PDF)
      ...workers.map((w) => executor((job, last) => w.run(job, last), false).then(() => w.close())),
      ...(mainRenders ? [executor(renderJob, workers.length > 0)] : []),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
  return outcomes;
}
