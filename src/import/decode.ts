/**
 * Stage 1 of `cjkpress import`: bytes → text.
 *
 * Detection order (first match wins):
 *  1. Byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16 LE, FE FF → UTF-16 BE. The BOM is dropped.
 *     (FF FE 00 00 is UTF-32 LE, which we do not support: error.)
 *  2. Binary check on the raw bytes: a NUL byte (text without a UTF-16 BOM never contains one) → error.
 *  3. Strict UTF-8 (`TextDecoder('utf-8', { fatal: true })`) → UTF-8.
 *  4. The legacy encodings GB18030 (a superset of GBK and GB2312), Big5, Shift_JIS and EUC-KR, each decoded
 *     strictly (Node 20 ships them with full ICU); of those that succeed, the one whose text is most plausible
 *     wins (guess.ts), with a warning so the user knows a legacy encoding was guessed.
 *  5. Otherwise: error (none of these — most likely not a text file).
 * After decoding, text with many control characters (other than tab, newline, carriage return, form feed)
 * is rejected as binary too.
 */
import { TextDecoder } from 'node:util';
import { CjkpressError } from '../diagnostics.ts';
import { LEGACY_ENCODINGS, type LegacyEncoding, pickLegacy } from './guess.ts';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;

/** How the warning names an encoding. */
export const ENCODING_NAMES: Readonly<Record<Encoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030 (GBK)',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'euc-kr': 'EUC-KR',
};

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** true when the input started with a byte-order mark */
  bom: boolean;
}

/** Share of control characters above which decoded text is treated as binary. */
export const MAX_CONTROL_RATIO = 0.01;

function strict(label: string, bytes: Uint8Array, file: string): string | undefined {
  let decoder: TextDecoder;
  try {
    // ignoreBOM: the BOM (if any) was already sliced off by the caller, keep any later U+FEFF as is.
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    // Node built with small-icu has no GB18030 decoder; say so rather than calling the file binary.
    throw new CjkpressError(`this Node.js has no ${label} decoder (it needs full ICU, the default in official builds)`, file, undefined, undefined, 'encoding');
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function binaryError(file: string, why: string): CjkpressError {
  return new CjkpressError(
    `not a text file (${why}); expected a UTF-8, UTF-16 (with BOM), GB18030/GBK, Big5, Shift_JIS or EUC-KR text clipping`,
    file,
    undefined,
    undefined,
    'binary-input',
  );
}

/** Counts C0 controls other than \t \n \v \f \r, plus DEL and U+FFFD. */
function controlCount(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) || c === 0x7f || c === 0xfffd) n++;
  }
  return n;
}

/** Decodes a clipping; throws CjkpressError for binary or undecodable input. */
export function decode(bytes: Uint8Array, file: string): Decoded {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];
  let result: Decoded | undefined;

  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    const text = strict('utf-8', bytes.subarray(3), file);
    if (text === undefined) throw binaryError(file, 'UTF-8 byte-order mark but invalid UTF-8');
    result = { text, encoding: 'utf-8', bom: true };
  } else if (b0 === 0xff && b1 === 0xfe) {
    if (b2 === 0 && bytes[3] === 0) throw binaryError(file, 'UTF-32 is not supported');
    const text = strict('utf-16le', bytes.subarray(2), file);
    if (text === undefined) throw binaryError(file, 'UTF-16 LE byte-order mark but invalid UTF-16');
    result = { text, encoding: 'utf-16le', bom: true };
  } else if (b0 === 0xfe && b1 === 0xff) {
    const text = strict('utf-16be', bytes.subarray(2), file);
    if (text === undefined) throw binaryError(file, 'UTF-16 BE byte-order mark but invalid UTF-16');
    result = { text, encoding: 'utf-16be', bom: true };
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw binaryError(file, `NUL byte at offset ${nul}`);
    const utf8 = strict('utf-8', bytes, file);
    if (utf8 !== undefined) result = { text: utf8, encoding: 'utf-8', bom: false };
    else {
      const decoded = new Map<LegacyEncoding, string>();
      for (const enc of LEGACY_ENCODINGS) {
        const text = strict(enc, bytes, file);
        if (text !== undefined) decoded.set(enc, text);
      }
      const enc = pickLegacy(decoded);
      if (enc === undefined) throw binaryError(file, 'not valid UTF-8, GB18030, Big5, Shift_JIS or EUC-KR');
      result = { text: decoded.get(enc)!, encoding: enc, bom: false };
    }
  }

  const chars = [...result.text].length;
  const controls = controlCount(result.text);
  if (result.text.includes('\0') || (chars > 0 && controls / chars > MAX_CONTROL_RATIO)) {
    throw binaryError(file, `${controls} control characters in ${chars}`);
  }
  return result;
}
