/**
 * The one diagnostics module. Every message the tool prints about input has the shape compilers use,
 * so editors can jump to it:
 *
 *   content/a.md:12:3: error: front matter has no `title` [front-matter]
 *   content/a.md:40:7: warning: removed 2 characters XML forbids (U+0007, U+0000) [invalid-char]
 *
 * Errors are thrown as `CjkpressError` (the first one stops the build); warnings go to a `Diagnostics`
 * sink passed through the build (reader, transforms, writers) and never stop it unless `--strict`.
 * Lines and columns are 1-based; columns count Unicode code points.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  /** short kebab-case id of the check, e.g. `front-matter`, `invalid-char` */
  rule?: string | undefined;
}

export interface FormatOptions {
  /** ANSI colours for the severity (only when stderr is a TTY and NO_COLOR is unset) */
  color?: boolean;
}

/** `file:line:col: severity: text [rule]` — parts that are unknown are left out. */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  let where = '';
  if (d.file) {
    where = d.file;
    if (d.line !== undefined) where += `:${d.line}`;
    if (d.line !== undefined && d.col !== undefined) where += `:${d.col}`;
    where += ': ';
  }
  let sev: string = d.severity;
  if (opts.color) sev = d.severity === 'error' ? `\x1b[1;31m${sev}\x1b[0m` : `\x1b[1;35m${sev}\x1b[0m`;
  return `${where}${sev}: ${d.message}${d.rule ? ` [${d.rule}]` : ''}`;
}

/** One error type for everything the user can fix: it knows where in which file. */
export class CjkpressError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly col?: number,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'CjkpressError';
  }

  get diagnostic(): Diagnostic {
    return { severity: 'error', message: this.message, file: this.file, line: this.line, col: this.col, rule: this.rule };
  }

  /** `file:line:col: error: text [rule]` — the shape compilers use, so editors can jump to it. */
  format(opts: FormatOptions = {}): string {
    return formatDiagnostic(this.diagnostic, opts);
  }
}

/** The build was interrupted (SIGINT): exit status 130. */
export class InterruptedError extends CjkpressError {
  constructor() {
    super('interrupted: temporary files removed, no partial output left', undefined, undefined, undefined, 'interrupted');
    this.name = 'InterruptedError';
  }
}

/**
 * A failure that is not the author's: an exception from a third-party package or a bug of ours inside
 * a stage. It is still one located line (`a.md: error: internal error in the PDF writer: RangeError: …
 * (please report it) [internal]`), never a stack trace; the original is `cause` (`--verbose` prints
 * its stack). This is the last line of defence: the bugs behind it are fixed where they are.
 */
export class InternalError extends CjkpressError {
  constructor(
    readonly stage: string,
    file: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`internal error in the ${stage}: ${describeCause(cause)} (please report it)`, file, undefined, undefined, 'internal');
    this.name = 'InternalError';
  }
}

/** `RangeError: Offset is outside the bounds of the DataView` — one line, whatever was thrown. */
function describeCause(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : `${typeof e}: ${String(e)}`;
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Runs one stage for one file: our own errors pass through; anything else becomes an InternalError
 * naming the stage and the file.
 */
export async function inStage<T>(stage: string, file: string | undefined, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CjkpressError) throw e;
    throw new InternalError(stage, file, e);
  }
}

/** A Diagnostics sink's content as plain data (see `Diagnostics.record`). */
export interface DiagnosticsRecord {
  warnings: Diagnostic[];
  /** `file\0rule` → how many were warned, the suppressed ones included */
  counts: [string, number][];
}

/** At most this many warnings of one rule per file are kept; the rest are counted in a summary line. */
export const MAX_WARNINGS_PER_RULE = 20;

/**
 * Collects warnings (and lets a listener print them as they come). Stages take it as an optional
 * argument: library callers that pass none get no warnings and the same output.
 */
export class Diagnostics {
  readonly warnings: Diagnostic[] = [];
  private readonly perRule = new Map<string, number>();

  constructor(private readonly listener?: (d: Diagnostic) => void) {}

  warn(message: string, file?: string, line?: number, col?: number, rule?: string): void {
    const key = `${file ?? ''}\0${rule ?? ''}`;
    const n = (this.perRule.get(key) ?? 0) + 1;
    this.perRule.set(key, n);
    if (n > MAX_WARNINGS_PER_RULE) return;
    const d: Diagnostic = { severity: 'warning', message, file, line, col, rule };
    this.warnings.push(d);
    this.listener?.(d);
  }

  /** Summary lines for warnings that were over the per-rule limit (call once, at the end). */
  flushSuppressed(): void {
    for (const [key, n] of this.perRule) {
      if (n <= MAX_WARNINGS_PER_RULE) continue;
      const [file, rule] = key.split('\0');
      const d: Diagnostic = {
        severity: 'warning',
        message: `${n - MAX_WARNINGS_PER_RULE} more like this not shown`,
        file: file || undefined,
        rule: rule || undefined,
      };
      this.listener?.(d);
    }
  }

  /** What this sink holds, as plain data (it crosses from a worker thread to the main one). */
  record(): DiagnosticsRecord {
    return { warnings: [...this.warnings], counts: [...this.perRule] };
  }

  /**
   * Takes over another sink's warnings (a writer's, rendered in a worker): each kept one is warned here
   * (listener, per-rule limit), and the ones it had suppressed still count.
   */
  absorb(r: DiagnosticsRecord): void {
    const kept = new Map<string, number>();
    for (const d of r.warnings) {
      const key = `${d.file ?? ''}\0${d.rule ?? ''}`;
      kept.set(key, (kept.get(key) ?? 0) + 1);
      this.warn(d.message, d.file, d.line, d.col, d.rule);
    }
    for (const [key, n] of r.counts) {
      const extra = n - (kept.get(key) ?? 0);
      if (extra > 0) this.perRule.set(key, (this.perRule.get(key) ?? 0) + extra);
    }
  }

  /** All warnings, the suppressed ones included. */
  get count(): number {
    let n = 0;
    for (const v of this.perRule.values()) n += v;
    return n;
  }
}
