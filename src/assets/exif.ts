/**
 * JPEG EXIF orientation (tag 0x0112 in IFD0 of the APP1 "Exif" segment). A phone stores an upright
 * portrait photo as landscape pixels plus orientation 6 ("rotate 90° clockwise to show"); a reader that
 * ignores the tag shows it sideways, and a box sized from the stored pixels squashes it.
 *
 * - `exifOrientation` reads the tag (both byte orders); 1 when absent or unreadable.
 * - `uprightJpeg` re-encodes the pixels as displayed, without EXIF (for the EPUB: CSS
 *   `image-orientation` is not honoured by every e-reader, upright pixels are).
 * The PDF keeps the original bytes: pdfkit 0.20 reads the same tag and rotates the drawing itself.
 */
import { createRequire } from 'node:module';
import type JpegJs from 'jpeg-js';

// jpeg-js is loaded only when a photo needs turning (most books have none)
let jpegModule: typeof JpegJs | undefined;
const jpegJs = (): typeof JpegJs => (jpegModule ??= createRequire(import.meta.url)('jpeg-js') as typeof JpegJs);

/** Orientation 1–8 from a JPEG's Exif APP1 segment; 1 when there is none or it is malformed. */
export function exifOrientation(d: Uint8Array): number {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let i = 2;
  while (i + 4 <= d.length) {
    if (d[i] !== 0xff) return 1;
    const marker = d[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return 1; // image data starts: no Exif before it
    const len = v.getUint16(i + 2);
    const start = i + 4;
    const end = Math.min(d.length, i + 2 + len);
    if (marker === 0xe1 && end - start >= 14 && String.fromCharCode(...d.subarray(start, start + 6)) === 'Exif\0\0') {
      return orientationInTiff(v, start + 6, end);
    }
    i += 2 + len;
  }
  return 1;
}

function orientationInTiff(v: DataView, tiff: number, end: number): number {
  const order = v.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return 1; // "II" little-endian, "MM" big-endian
  const le = order === 0x4949;
  const u16 = (o: number): number => (o + 2 <= end ? v.getUint16(o, le) : -1);
  const u32 = (o: number): number => (o + 4 <= end ? v.getUint32(o, le) : -1);
  if (u16(tiff + 2) !== 42) return 1;
  const ifd = tiff + u32(tiff + 4);
  const n = u16(ifd);
  for (let k = 0; k < n; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) return 1;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8); // SHORT, left-justified in the value field
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Orientations 5–8 turn the picture by 90°: its displayed width is the stored height. */
export const swapsSides = (orientation: number): boolean => orientation >= 5 && orientation <= 8;

/**
 * The pixels as they are meant to be seen, re-encoded (quality 90) without Exif. `maxPixels` is the
 * decoder's own limit as well (the caller has checked the header already; this is a second fence).
 */
export function uprightJpeg(data: Uint8Array, orientation: number, maxPixels: number): Uint8Array {
  const img = jpegJs().decode(data, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: Math.ceil((maxPixels * 4 * 2.5) / 1e6),
  });
  const { width: w, height: h } = img;
  const swap = swapsSides(orientation);
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8Array(W * H * 4);
  const src = img.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // where stored pixel (x, y) lands in the displayed picture (EXIF 2.3, tag 0x0112)
      let X: number;
      let Y: number;
      switch (orientation) {
        case 2:
          X = w - 1 - x;
          Y = y;
          break; // mirrored
        case 3:
          X = w - 1 - x;
          Y = h - 1 - y;
          break; // 180°
        case 4:
          X = x;
          Y = h - 1 - y;
          break; // mirrored vertically
        case 5:
          X = y;
          Y = x;
          break; // transposed
        case 6:
          X = h - 1 - y;
          Y = x;
          break; // 90° clockwise
        case 7:
          X = h - 1 - y;
          Y = w - 1 - x;
          break; // transversed
        case 8:
          X = y;
          Y = w - 1 - x;
          break; // 90° counter-clockwise
        default:
          X = x;
          Y = y;
      }
      const s = (y * w + x) * 4;
      const t = (Y * W + X) * 4;
      out[t] = src[s] ?? 0;
      out[t + 1] = src[s + 1] ?? 0;
      out[t + 2] = src[s + 2] ?? 0;
      out[t + 3] = 255;
    }
  }
  return new Uint8Array(jpegJs().encode({ width: W, height: H, data: out }, 90).data);
}
