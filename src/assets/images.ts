/**
 * Images an article shows: resolved relative to the article (never outside its folder, see
 * safety/paths.ts), read once, typed by their bytes and measured from their headers. Both writers
 * use this; a missing or unreadable image is `file:line:col: error: image not found: PATH [missing-asset]`.
 */
import { readFile } from 'node:fs/promises';
import { CjkpressError } from '../diagnostics.ts';
import { walkBlocks, type Block } from '../model.ts';
import { resolveAsset } from '../safety/paths.ts';

export type ImageType = 'png' | 'jpeg' | 'svg';

export interface ImageAsset {
  /** the reference as the article wrote it (the key) */
  src: string;
  path: string;
  type: ImageType;
  data: Uint8Array;
  /** intrinsic size in px (SVG: from width/height or viewBox; 0 when unknown) */
  width: number;
  height: number;
}

export const MEDIA_TYPES: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' };
export const EXTENSIONS: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', svg: 'svg' };

type Figure = Extract<Block, { kind: 'figure' }>;

function typeOf(data: Uint8Array): ImageType | undefined {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpeg';
  const head = new TextDecoder().decode(data.subarray(0, 1024)).replace(/^\ufeff/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
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

function svgSize(d: Uint8Array): [number, number] {
  const text = new TextDecoder().decode(d.subarray(0, 4096));
  const tag = /<svg[^>]*>/i.exec(text)?.[0] ?? '';
  const num = (name: string): number => Number(/^[\d.]+/.exec(new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)`).exec(tag)?.[1] ?? '')?.[0] ?? 0);
  const vb = /viewBox\s*=\s*["']([^"']*)/.exec(tag)?.[1]?.trim().split(/[\s,]+/).map(Number);
  const w = num('width') || (vb?.[2] ?? 0);
  const h = num('height') || (vb?.[3] ?? 0);
  return [w, h];
}

export async function loadImage(file: string, fig: Figure, assetDirs: readonly string[] = []): Promise<ImageAsset> {
  const path = await resolveAsset(file, fig.src, { line: fig.pos.line, col: fig.col, assetDirs });
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'image not found' : code === 'EISDIR' ? 'image is a folder' : 'cannot read image';
    throw new CjkpressError(`${why}: ${safeDecode(fig.src)}`, fig.pos.file, fig.pos.line, fig.col, 'missing-asset');
  }
  const type = typeOf(data);
  if (!type) throw new CjkpressError(`not a PNG, JPEG or SVG image: ${safeDecode(fig.src)}`, fig.pos.file, fig.pos.line, fig.col, 'bad-asset');
  if (type === 'svg') {
    const why = svgProblem(new TextDecoder().decode(data));
    if (why) throw new CjkpressError(`SVG image ${safeDecode(fig.src)} ${why}`, fig.pos.file, fig.pos.line, fig.col, 'bad-asset');
  }
  const [width, height] = type === 'png' ? pngSize(data) : type === 'jpeg' ? jpegSize(data) : svgSize(data);
  return { src: fig.src, path, type, data, width, height };
}

/**
 * An SVG goes into the book as it is (EPUB) or is drawn from its markup (PDF): it must be a picture and
 * nothing more — no script, no event handler, no embedded HTML, no reference to another file or URL
 * (a reader would fetch it; our PDF writer would read a local file). `#id` and data: images are fine.
 */
export function svgProblem(text: string): string | undefined {
  if (/<script[\s>/]/i.test(text)) return 'contains a <script>: only plain pictures are allowed';
  if (/<foreignObject[\s>/]/i.test(text)) return 'contains a <foreignObject>: only plain pictures are allowed';
  if (/\son[a-z]+\s*=/i.test(text)) return 'has an event handler attribute (on…=): only plain pictures are allowed';
  const ref = /\b(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/(?:png|jpe?g|gif|svg\+xml)[;,])([^"']*)/i.exec(text) ?? /url\(\s*['"]?\s*(?!#|data:)([^)'"]*)/i.exec(text);
  if (ref) return `refers to ${ref[1] || '(empty)'}: an SVG in a book may only refer to #ids and embed data: images`;
  return undefined;
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
 * `assetDirs` (`--asset-dir`): further folders an image may come from besides the article's own.
 */
export async function loadImages(file: string, blocks: readonly Block[], assetDirs: readonly string[] = []): Promise<Map<string, ImageAsset>> {
  const out = new Map<string, ImageAsset>();
  for (const b of walkBlocks(blocks)) {
    if (b.kind !== 'figure' || out.has(b.src)) continue;
    out.set(b.src, await loadImage(file, b, assetDirs));
  }
  return out;
}
