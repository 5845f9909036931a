/**
 * The library: the same stages the command line runs, for other programs.
 *
 *   import { build, loadBook, writeEpub, writePdf, importClipping } from 'cjkpress';
 *
 * Importing this module loads neither writer: each is loaded on first use, so a program that only
 * makes EPUBs never pays for pdfkit and its fonts (and the other way round).
 */
import type { Book, Volume } from './model.ts';
import type { EpubOptions, VolumeEpubOptions } from './writers/epub/index.ts';
import type { PdfOptions } from './writers/pdf/index.ts';
import type { VolumePdfOptions } from './writers/pdf/volume.ts';

export {
  BatchError,
  build,
  buildBook,
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
export type { Article, Block, Book, Inline, Meta, SourceRef, TocEntry, Volume, VolumeMeta } from './model.ts';
export { isBookFile, readBookFile, type BookFile } from './book/file.ts';
export { loadVolume } from './book/load.ts';
export { parseArticle, readArticle, type ReadOptions } from './reader/index.ts';
export { transform, type TransformContext } from './transforms/index.ts';
export { writeOutputs, type Output } from './output.ts';
export { PAGE_SIZES, type PageSize } from './writers/pdf/style.ts';
export type { EpubOptions, PdfOptions, VolumeEpubOptions, VolumePdfOptions };

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

/** The EPUB 3 of a volume (a book file's articles, see `loadVolume`), as bytes. */
export async function writeVolumeEpub(volume: Volume, opts: VolumeEpubOptions): Promise<Uint8Array> {
  const m = await import('./writers/epub/index.ts');
  return m.writeVolumeEpub(volume, opts);
}

/** The PDF of a volume, as bytes. */
export async function writeVolumePdf(volume: Volume, opts: VolumePdfOptions): Promise<Uint8Array> {
  const m = await import('./writers/pdf/volume.ts');
  return m.writeVolumePdf(volume, opts);
}
