/**
 * One edition of one book, as plain data: what a writer needs, nothing that cannot cross to a worker
 * thread (structured clone). The main thread and the workers render a job with the same function.
 */
import type { BookImage } from '../assets/images.ts';
import { CjkpressError, Diagnostics, type DiagnosticsRecord, InternalError, inStage } from '../diagnostics.ts';
import type { FontSet } from '../fonts/resolve.ts';
import type { Format } from '../formats.ts';
import type { Book } from '../model.ts';
import type { PageSize } from '../writers/pdf/style.ts';

export interface RenderJob {
  book: Book;
  format: Format;
  fonts: FontSet;
  date: Date;
  pageSize: PageSize;
  /** PDF/A-2a (the PDF writer) */
  pdfa?: boolean;
  vertical: boolean;
  images?: ReadonlyMap<string, BookImage>;
  /** characters the build has already warned no font has (the warning is once per build) */
  reported?: readonly string[];
}

export interface RenderResult {
  bytes: Uint8Array;
  /** the writer's warnings, replayed into the build's sink in job order */
  warnings: DiagnosticsRecord;
}

/** An error as plain data, so a worker's failure is the same one line the main thread would print. */
export type SerializedError =
  | { kind: 'cjkpress'; message: string; file?: string | undefined; line?: number | undefined; col?: number | undefined; rule?: string | undefined }
  | { kind: 'internal'; stage: string; file?: string | undefined; cause: { name: string; message: string; stack?: string | undefined } };

/** The failure of a job, with the warnings the writer gave before it failed. */
export class RenderFailure extends Error {
  constructor(
    readonly error: CjkpressError,
    readonly warnings: DiagnosticsRecord,
  ) {
    super(error.message);
  }
}

const stageOf = (format: Format): string => (format === 'epub' ? 'EPUB writer' : 'PDF writer');

/** Loads the writers of these formats, so a job that comes later finds them ready (worker warm-up). */
export async function loadWriters(formats: readonly Format[]): Promise<void> {
  await Promise.all(formats.map((f) => (f === 'epub' ? import('../writers/epub/index.ts') : import('../writers/pdf/index.ts'))));
}

/** Renders a job in this thread. Writers load on demand: a PDF-only build never loads the EPUB writer. */
export async function renderJob(job: RenderJob): Promise<RenderResult> {
  const diagnostics = new Diagnostics();
  const shared = { diagnostics, ...(job.images ? { images: job.images } : {}) };
  // loaded here, not with this module: the command starts its threads (pool.ts, run.ts) before loading fonts
  if (job.reported) (await import('../fonts/chain.ts')).chainFor(job.fonts).markReported(job.reported);
  try {
    let bytes: Uint8Array;
    if (job.format === 'epub') {
      const { writeEpub } = await import('../writers/epub/index.ts');
      bytes = await inStage(stageOf(job.format), job.book.file, () =>
        writeEpub(job.book, { fonts: job.fonts, date: job.date, vertical: job.vertical, ...shared }),
      );
    } else {
      const { writePdf } = await import('../writers/pdf/index.ts');
      bytes = await inStage(stageOf(job.format), job.book.file, () =>
        writePdf(job.book, { fonts: job.fonts, date: job.date, pageSize: job.pageSize, ...(job.pdfa ? { pdfa: true } : {}), ...shared }),
      );
    }
    return { bytes, warnings: diagnostics.record() };
  } catch (e) {
    const err = e instanceof CjkpressError ? e : new InternalError(stageOf(job.format), job.book.file, e);
    throw new RenderFailure(err, diagnostics.record());
  }
}

export function serializeError(e: CjkpressError): SerializedError {
  if (e instanceof InternalError) {
    const c = e.cause;
    const cause = c instanceof Error ? { name: c.name, message: c.message, stack: c.stack } : { name: typeof c, message: String(c) };
    return { kind: 'internal', stage: e.stage, file: e.file, cause };
  }
  return { kind: 'cjkpress', message: e.message, file: e.file, line: e.line, col: e.col, rule: e.rule };
}

export function deserializeError(s: SerializedError): CjkpressError {
  if (s.kind === 'cjkpress') return new CjkpressError(s.message, s.file, s.line, s.col, s.rule);
  const cause = new Error(s.cause.message);
  cause.name = s.cause.name;
  if (s.cause.stack !== undefined) cause.stack = s.cause.stack;
  return new InternalError(s.stage, s.file, cause);
}
