/**
 * Images an article shows: resolved relative to the article (never outside its folder, see
 * safety/paths.ts), read once, typed by their bytes and measured from their headers. Both writers
 * use this; a missing or unreadable image is `file:line:col: error: image not found: PATH [missing-asset]`.
 *
 * - A remote image (`https://…`, `//host/…`) is never fetched: it becomes a placeholder (its alt text in
 *   a frame, the URL in the sources appendix) with a `[remote-resource]` warning.
 * - `keepGoing` (`--keep-going`): an image that is missing or unreadable (`[missing-asset]`), not a
 *   usable image (`[bad-asset]`: unknown format, image bomb, dangerous SVG) or outside the allowed
 *   folders (`[unsafe-path]`) becomes the same placeholder with a warning instead of stopping the
 *   build. The path guard still holds: such a file is never read.
 * - Image bombs: a file over MAX_IMAGE_BYTES, or a PNG/JPEG header claiming more than MAX_IMAGE_PIXELS,
 *   is refused before anything decodes it (pdfkit inflates a PNG whole; jpeg-js allocates w × h × 4).
 * - JPEG EXIF orientation is read (exif.ts): `width`/`height` are the displayed size.
 * - SVG is parsed, checked against an allowlist and cleaned (svg.ts): `data` is the checked markup.
 */
import { readFile, stat } from 'node:fs/promises';
import { CjkpressError, type Diagnostics } from '../diagnostics.ts';
import { formatSize } from '../limits.ts';
import { walkBlocks, type Block } from '../model.ts';
import { resolveAsset } from '../safety/paths.ts';
import { exifOrientation, swapsSides, uprightJpeg } from './exif.ts';
import { checkSvg, SvgProblem } from './svg.ts';

/** 50 megapixels: an 8000 × 6000 camera picture passes; a 60000 × 60000 bomb does not. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** 50 MB per image file. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export type ImageType = 'png' | 'jpeg' | 'svg';

export interface ImageAsset {
  /** the reference as the article wrote it (the key) */
  src: string;
  path: string;
  type: ImageType;
  /** the file's bytes (SVG: the checked, re-serialised markup) */
  data: Uint8Array;
  /** intrinsic size in px as displayed (JPEG: after EXIF orientation; SVG: from width/height or viewBox, 0 when unknown) */
  width: number;
  height: number;
  /** JPEG EXIF orientation 2–8 (absent: 1). pdfkit applies it when drawing; the EPUB takes `uprightData` */
  orientation?: number;
}

/**
 * An image shown as its alt text in a frame: a remote one (never fetched), or with `keepGoing` one that
 * could not be used. `why` is the warning's text.
 */
export interface ImagePlaceholder {
  src: string;
  type: 'placeholder';
  why: string;
}

export type BookImage = ImageAsset | ImagePlaceholder;

export const isPlaceholder = (i: BookImage | undefined): i is ImagePlaceholder => i?.type === 'placeholder';

export const MEDIA_TYPES: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' };
export const EXTENSIONS: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', svg: 'svg' };

/** Rules `keepGoing` turns into warnings (with a placeholder); any other error still stops the build. */
export const KEEP_GOING_RULES: ReadonlySet<string> = new Set(['missing-asset', 'bad-asset', 'unsafe-path']);

type Figure = Extract<Block, { kind: 'figure' }>;

/** `https://…`, `http://…` or `//host/…`: never fetched. */
export function isRemoteImage(src: string): boolean {
  return /^(https?:)?\/\//i.test(src.trim());
}

/** The URL a remote image is listed under in the sources (`//host/x` → `https://host/x`). */
export function remoteImageUrl(src: string): string {
  const s = src.trim();
  return s.startsWith('//') ? `https:${s}` : s;
}

export interface ImageLoadOptions {
  /** `--asset-dir`: further folders an image may come from besides the article's own */
  assetDirs?: readonly string[];
  /** `--keep-going`: asset errors (KEEP_GOING_RULES) become warnings and placeholders */
  keepGoing?: boolean | undefined;
  /** where warnings go (remote images, cleaned SVGs, --keep-going) */
  diagnostics?: Diagnostics | undefined;
  /** limits (default MAX_IMAGE_PIXELS / MAX_IMAGE_BYTES) */
  maxPixels?: number;
  maxBytes?: number;
}

function typeOf(data: Uint8Array): ImageType | undefined {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpeg';
  const head = new TextDecoder()
    .decode(data.subarray(0, 1024))
    .replace(/^\ufeff/, '')
    .trimStart();
  // a DOCTYPE (with an internal subset) is recognised here so that svg.ts can refuse it by name
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^[>]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

function pngSize(d: Uint8Array): [number, number] {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return d.length >= 24 ? [v.getUint32(16), v.getUint32(20)] : [0, 0];
}

function jpegSize(d: Uint8Array): [number, number] {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let i = 2;
  while (i + 9 < d.length) {
    if (d[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = d[i + 1] ?? 0;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = v.getUint16(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return [v.getUint16(i + 7), v.getUint16(i + 5)];
    i += 2 + len;
  }
  return [0, 0];
}

export async function loadImage(
  file: string,
  fig: Figure,
  assetDirs: readonly string[] = [],
  opts: Pick<ImageLoadOptions, 'maxPixels' | 'maxBytes' | 'diagnostics'> = {},
): Promise<ImageAsset> {
  const path = await resolveAsset(file, fig.src, { line: fig.pos.line, col: fig.col, assetDirs });
  const fail = (why: string): never => {
    throw new CjkpressError(why, fig.pos.file, fig.pos.line, fig.col, 'bad-asset');
  };
  const name = safeDecode(fig.src);
  const maxBytes = opts.maxBytes ?? MAX_IMAGE_BYTES;
  const maxPixels = opts.maxPixels ?? MAX_IMAGE_PIXELS;
  let data: Uint8Array;
  try {
    const st = await stat(path);
    // refused before reading: a 2 GB "photo" is not loaded into memory to find out
    if (st.isFile() && st.size > maxBytes) fail(`image ${name} is ${formatSize(st.size)}, over the ${formatSize(maxBytes)} limit for one image`);
    data = new Uint8Array(await readFile(path));
  } catch (e) {
    if (e instanceof CjkpressError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'image not found' : code === 'EISDIR' ? 'image is a folder' : 'cannot read image';
    throw new CjkpressError(`${why}: ${name}`, fig.pos.file, fig.pos.line, fig.col, 'missing-asset');
  }
  const type = typeOf(data);
  if (!type) return fail(`not a PNG, JPEG or SVG image: ${name}`);
  if (type === 'svg') {
    let checked: ReturnType<typeof checkSvg>;
    try {
      checked = checkSvg(new TextDecoder().decode(data));
    } catch (e) {
      if (e instanceof SvgProblem) return fail(`SVG image ${name} ${e.message}`);
      throw e;
    }
    const { text, width, height, removed } = checked;
    if (removed.length > 0) {
      const list = removed.slice(0, 6).join(', ') + (removed.length > 6 ? ` and ${removed.length - 6} more` : '');
      opts.diagnostics?.warn(`SVG image ${name}: removed what a static picture does not use: ${list}`, fig.pos.file, fig.pos.line, fig.col, 'svg-cleaned');
    }
    return { src: fig.src, path, type, data: new TextEncoder().encode(text), width, height };
  }
  const [w, h] = type === 'png' ? pngSize(data) : jpegSize(data);
  if (!w || !h) fail(`${type === 'png' ? 'PNG' : 'JPEG'} image ${name} has no readable size in its header (a damaged file?)`);
  if (w * h > maxPixels) {
    fail(`image ${name} claims ${w} × ${h} pixels (${+((w * h) / 1e6).toFixed(1)} megapixels), over the ${maxPixels / 1e6} megapixel limit: not decoded`);
  }
  const orientation = type === 'jpeg' ? exifOrientation(data) : 1;
  const [width, height] = swapsSides(orientation) ? [h, w] : [w, h];
  return { src: fig.src, path, type, data, width, height, ...(orientation !== 1 ? { orientation } : {}) };
}

const upright = new WeakMap<ImageAsset, Uint8Array>();

/**
 * The bytes an EPUB should carry: a JPEG with an EXIF orientation other than 1 re-encoded upright
 * (quality 90, no EXIF), since not every e-reader honours the tag or CSS `image-orientation`.
 * Computed once per image, and only when an EPUB asks.
 */
export function uprightData(a: ImageAsset): Uint8Array {
  if (a.type !== 'jpeg' || !a.orientation || a.orientation === 1) return a.data;
  let d = upright.get(a);
  if (!d) {
    try {
      d = uprightJpeg(a.data, a.orientation, MAX_IMAGE_PIXELS);
    } catch (e) {
      // the header was fine but the pixels are not (a truncated download): name the file, not a stack trace
      throw new CjkpressError(
        `JPEG image ${safeDecode(a.src)} cannot be decoded to turn it upright: ${e instanceof Error ? e.message : String(e)}`,
        a.path,
        undefined,
        undefined,
        'bad-asset',
      );
    }
    upright.set(a, d);
  }
  return d;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * Every image of the book, keyed by its `src`, in the order they appear; each file read once.
 * Remote images (and, with `keepGoing`, images that fail) are placeholders, each with a warning.
 * The third argument may be the `--asset-dir` folders alone (older callers).
 */
export async function loadImages(file: string, blocks: readonly Block[], options: readonly string[] | ImageLoadOptions = {}): Promise<Map<string, BookImage>> {
  const opts: ImageLoadOptions = isDirList(options) ? { assetDirs: options } : options;
  const out = new Map<string, BookImage>();
  for (const b of walkBlocks(blocks)) {
    if (b.kind !== 'figure') continue;
    // the alt text is all a screen reader, a text-only reader or a failed download shows of the picture
    if (!b.alt.trim())
      opts.diagnostics?.warn(`image ${b.src} has no alt text: describe it in ![…](…) for readers who cannot see it`, b.pos.file, b.pos.line, b.col, 'alt-text');
    if (out.has(b.src)) continue;
    if (isRemoteImage(b.src)) {
      const why = `remote image not fetched: ${b.src}: shown as its alt text, URL in the sources`;
      opts.diagnostics?.warn(why, b.pos.file, b.pos.line, b.col, 'remote-resource');
      out.set(b.src, { src: b.src, type: 'placeholder', why });
      continue;
    }
    try {
      out.set(b.src, await loadImage(file, b, opts.assetDirs ?? [], opts));
    } catch (e) {
      if (!(opts.keepGoing && e instanceof CjkpressError && e.rule && KEEP_GOING_RULES.has(e.rule))) throw e;
      const why = `${e.message}: shown as its alt text (--keep-going)`;
      opts.diagnostics?.warn(why, e.file, e.line, e.col, e.rule);
      out.set(b.src, { src: b.src, type: 'placeholder', why });
    }
  }
  return out;
}

function isDirList(o: readonly string[] | ImageLoadOptions): o is readonly string[] {
  return Array.isArray(o);
}
