/**
 * Building a book file: one EPUB and one PDF of the whole volume, named after the book. The same
 * stages as an article's build (build.ts) — fonts chosen once, glyphs checked per article, images
 * loaded per article — with the volume writers.
 */
import { join } from 'node:path';
import { isPlaceholder, loadImage, loadImages, type BookImage, type ImageAsset } from '../assets/images.ts';
import { CjkpressError, type Diagnostics, inStage } from '../diagnostics.ts';
import { chooseFonts, verticalWriting, type FontChoice, type FontSet } from '../fonts/resolve.ts';
import type { Volume } from '../model.ts';
import type { Output } from '../output.ts';
import type { BookFile } from './file.ts';
import type { BuildOptions } from '../build.ts';

/** What rendering a volume takes of the build's options (src/build.ts), plus the build's glyph check. */
export interface VolumeRenderOptions
  extends Pick<
    BuildOptions,
    'formats' | 'outDir' | 'pageSize' | 'pageSizeGiven' | 'date' | 'fonts' | 'font' | 'headingFont' | 'vertical' | 'assetDirs' | 'keepGoing' | 'log' | 'pdfa'
  > {
  diagnostics: Diagnostics;
  /** build.ts's glyph check of one article with the volume's fonts */
  checkGlyphs: (book: Volume['parts'][number], fonts: FontSet) => Promise<void>;
}

/** The volume's fonts: the command line's, then the book file's `font` / `heading-font` (relative to it), then the language's. */
export function volumeFonts(volume: Volume, bookFile: BookFile, opts: Pick<VolumeRenderOptions, 'fonts' | 'font' | 'headingFont'>): Promise<FontSet> {
  if (opts.fonts) return Promise.resolve(opts.fonts);
  const choice: FontChoice = {};
  if (opts.font !== undefined) choice.font = { spec: opts.font, origin: { kind: 'cli', option: '--font' } };
  else if (bookFile.font) choice.font = { spec: bookFile.font, origin: { kind: 'article', file: volume.file, key: 'font', line: bookFile.fontLine } };
  if (opts.headingFont !== undefined) choice.headingFont = { spec: opts.headingFont, origin: { kind: 'cli', option: '--heading-font' } };
  else if (bookFile.headingFont)
    choice.headingFont = { spec: bookFile.headingFont, origin: { kind: 'article', file: volume.file, key: 'heading-font', line: bookFile.headingFontLine } };
  return chooseFonts(volume.meta.lang, choice);
}

/** E-book stores ask for covers at least this tall (Kindle recommends 2560 px). */
const MIN_COVER_HEIGHT = 1400;

async function loadCover(volume: Volume, diagnostics: Diagnostics): Promise<ImageAsset | undefined> {
  const c = volume.cover;
  if (!c) return undefined;
  const fig = { kind: 'figure' as const, src: c.src, alt: '', title: '', col: c.col, pos: c.pos };
  const image = await loadImage(volume.file, fig, [], { diagnostics });
  if (image.type === 'svg')
    throw new CjkpressError(`cover ${c.src} must be a PNG or JPEG image (e-readers show no SVG covers)`, c.pos.file, c.pos.line, c.col, 'bad-asset');
  if (image.height < MIN_COVER_HEIGHT)
    diagnostics.warn(`cover ${c.src} is ${image.height} px tall: e-book stores ask for at least ${MIN_COVER_HEIGHT}`, c.pos.file, c.pos.line, c.col, 'cover');
  return image;
}

function verticalFor(volume: Volume, bookFile: BookFile, opts: Pick<VolumeRenderOptions, 'vertical' | 'diagnostics'>): boolean {
  return verticalWriting(opts.vertical ?? bookFile.vertical ?? false, volume.meta.lang, volume.file, 'books', opts.diagnostics);
}

export async function renderVolume(volume: Volume, bookFile: BookFile, opts: VolumeRenderOptions): Promise<Output[]> {
  const { diagnostics } = opts;
  // one set of fonts for the whole book: an article's own `font` would change the faces mid-volume
  for (const part of volume.parts)
    if (part.meta.font !== undefined || part.meta.headingFont !== undefined)
      diagnostics.warn(
        "in a book, the book file's fonts set every article: this article's `font` / `heading-font` is not used",
        part.file,
        undefined,
        undefined,
        'book',
      );
  const fonts = await inStage('font loader', volume.file, () => volumeFonts(volume, bookFile, opts));
  for (const part of volume.parts) await inStage('font loader', part.file, () => opts.checkGlyphs(part, fonts));
  const images: ReadonlyMap<string, BookImage>[] = [];
  for (const part of volume.parts)
    images.push(
      await inStage('image loader', part.file, () =>
        loadImages(part.file, part.blocks, { assetDirs: opts.assetDirs ?? [], keepGoing: opts.keepGoing, diagnostics }),
      ),
    );
  const cover = await inStage('image loader', volume.file, () => loadCover(volume, diagnostics));
  const outputs: Output[] = [];
  for (const format of opts.formats) {
    const t0 = performance.now();
    let bytes: Uint8Array;
    if (format === 'epub') {
      const { writeVolumeEpub } = await import('../writers/epub/index.ts');
      const vertical = verticalFor(volume, bookFile, opts);
      bytes = await inStage('EPUB writer', volume.file, () =>
        writeVolumeEpub(volume, {
          fonts,
          date: opts.date,
          diagnostics,
          images,
          vertical,
          ...(cover && !isPlaceholder(cover) ? { cover: { data: cover.data, type: cover.type === 'png' ? 'png' : 'jpeg' } } : {}),
        }),
      );
    } else {
      const { writeVolumePdf } = await import('../writers/pdf/volume.ts');
      const pageSize = opts.pageSizeGiven ? opts.pageSize : (bookFile.pageSize ?? opts.pageSize);
      bytes = await inStage('PDF writer', volume.file, () =>
        writeVolumePdf(volume, {
          fonts,
          date: opts.date,
          pageSize,
          diagnostics,
          images,
          ...(opts.pdfa ? { pdfa: true } : {}),
          ...(cover ? { cover: { data: cover.data, width: cover.width, height: cover.height } } : {}),
        }),
      );
    }
    opts.log?.(`rendered ${volume.file} as ${format} (${bytes.length} bytes) in ${(performance.now() - t0).toFixed(0)} ms`);
    outputs.push({ path: join(opts.outDir, `${volume.meta.slug}.${format}`), bytes });
  }
  return outputs;
}
