/**
 * The library: the same stages the command line runs, for other programs.
 *
 *   import { build, loadBook, writeEpub, writePdf, importClipping } from 'cjkpress';
 *
 * Importing this module loads neither writer: each is loaded on first use, so a program that only
 * makes EPUBs never pays for pdfkit and its fonts (and the other way round).
 */
import type { Book } from './model.ts';
import type { EpubOptions } from './writers/epub/index.ts';
import type { PdfOptions } from './writers/pdf/index.ts';

export {
  BatchError,
  build,
  type BuildOptions,
  type BuildProgress,
  checkGlyphs,
  expandInputs,
  type Format,
  FORMATS,
  fontsFor,
  loadBook,
  renderBook,
} from './build.ts';
export { buildDate } from './clock.ts';
export { CjkpressError, Diagnostics, formatDiagnostic, type Diagnostic, type Severity } from './diagnostics.ts';
export { importArticle, importClipping, type ImportOptions, type ImportResult } from './import/index.ts';
export { DEFAULT_LIMITS, type Limits } from './limits.ts';
export type { Article, Block, Book, Inline, Meta, SourceRef, TocEntry } from './model.ts';
export { parseArticle, readArticle, type ReadOptions } from './reader/index.ts';
export { transform, type TransformContext } from './transforms/index.ts';
export { writeOutputs, type Output } from './output.ts';
export { PAGE_SIZES, type PageSize } from './writers/pdf/style.ts';
export type { EpubOptions, PdfOptions };

/** The EPUB 3 of a transformed article (see `loadBook`), as bytes. */
export async function writeEpub(book: Book, opts: EpubOptions): Promise<Uint8Array> {
  const m = await import('./writers/epub/index.ts');
  return m.writeEpub(book, opts);
}

/** The PDF of a transformed article (see `loadBook`), as bytes. */
export async function writePdf(book: Book, opts: PdfOptions): Promise<Uint8Array> {
  const m = await import('./writers/pdf/index.ts');
  return m.writePdf(book, opts);
}
