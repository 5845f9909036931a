// Tiny JPEGs for tests: pixels encoded with jpeg-js, plus a hand-made APP1 Exif segment holding one
// orientation tag (0x0112), in either byte order — what a phone writes for a photo taken upright.
import jpeg from 'jpeg-js';

/** A width × height JPEG (quality 95); `pixel(x, y)` gives [r, g, b]. */
export function makeJpeg(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return new Uint8Array(jpeg.encode({ width, height, data }, 95).data);
}

/** The APP1 Exif segment (marker included) with IFD0 = { Orientation: orientation }. */
export function exifSegment(orientation: number, order: 'II' | 'MM' = 'MM'): Uint8Array {
  const le = order === 'II';
  const tiff = new DataView(new ArrayBuffer(8 + 2 + 12 + 4));
  tiff.setUint8(0, order.charCodeAt(0));
  tiff.setUint8(1, order.charCodeAt(1));
  tiff.setUint16(2, 42, le);
  tiff.setUint32(4, 8, le); // IFD0 right after the header
  tiff.setUint16(8, 1, le); // one entry
  tiff.setUint16(10, 0x0112, le); // Orientation
  tiff.setUint16(12, 3, le); // SHORT
  tiff.setUint32(14, 1, le); // count
  tiff.setUint16(18, orientation, le); // value, left-justified
  tiff.setUint32(22, 0, le); // no next IFD
  const body = new Uint8Array([...new TextEncoder().encode('Exif\0\0'), ...new Uint8Array(tiff.buffer)]);
  const len = body.length + 2;
  return new Uint8Array([0xff, 0xe1, len >> 8, len & 0xff, ...body]);
}

/** `jpeg` with an Exif orientation segment inserted right after SOI. */
export function withOrientation(jpegBytes: Uint8Array, orientation: number, order: 'II' | 'MM' = 'MM'): Uint8Array {
  const seg = exifSegment(orientation, order);
  return new Uint8Array([...jpegBytes.subarray(0, 2), ...seg, ...jpegBytes.subarray(2)]);
}

/** A phone-style photo: stored landscape (w × h), left half red, right half blue. */
export function sidewaysPhoto(orientation: number, order: 'II' | 'MM' = 'MM', w = 40, h = 20): Uint8Array {
  return withOrientation(
    makeJpeg(w, h, (x) => (x < w / 2 ? [220, 20, 20] : [20, 20, 220])),
    orientation,
    order,
  );
}
