/**
 * Size limits: an article over 20 MB or a single paragraph over 1 MB is refused with a message rather
 * than typeset for minutes (the line breaker is total-fit per paragraph). Both are configurable:
 * `--max-size` / `--max-paragraph-size`, or `limits` in the build options.
 */
import { CjkpressError } from './diagnostics.ts';
import { blockText, childBlocks, walkBlocks, type Article } from './model.ts';

export interface Limits {
  /** bytes of the article file */
  maxFileBytes: number;
  /** UTF-8 bytes of one block's text (paragraph or heading) */
  maxParagraphBytes: number;
}

export const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: Limits = { maxFileBytes: 20 * MiB, maxParagraphBytes: 1 * MiB };

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MiB, mb: MiB, mib: MiB, g: 1024 * MiB, gb: 1024 * MiB, gib: 1024 * MiB };

/** `20MB`, `512k`, `1.5MiB`, `1048576` → bytes (KB/MB are binary: 1 MB = 1,048,576 bytes). */
export function parseSize(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function formatSize(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

export function checkFileSize(file: string, size: number, limits: Limits): void {
  if (size > limits.maxFileBytes) {
    throw new CjkpressError(
      `the file is ${formatSize(size)}, over the ${formatSize(limits.maxFileBytes)} limit for one article (raise it with --max-size)`,
      file,
      undefined,
      undefined,
      'too-large',
    );
  }
}

const utf8 = new TextEncoder();

/** Refuses the first block whose text is over the paragraph limit. */
export function checkBlockSizes(article: Article, limits: Limits): void {
  for (const b of walkBlocks(article.blocks)) {
    if (childBlocks(b).length > 0) continue; // containers: their blocks are checked one by one
    const text = blockText(b);
    // cheap bound first: a UTF-16 code unit is at most 3 UTF-8 bytes
    if (text.length * 3 <= limits.maxParagraphBytes) continue;
    const bytes = utf8.encode(text).length;
    if (bytes > limits.maxParagraphBytes) {
      throw new CjkpressError(
        `this ${b.kind} is ${formatSize(bytes)}, over the ${formatSize(limits.maxParagraphBytes)} limit for one paragraph (split it, or raise the limit with --max-paragraph-size)`,
        b.pos.file,
        b.pos.line,
        1,
        'paragraph-too-large',
      );
    }
  }
}
