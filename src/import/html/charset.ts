/**
 * Bytes of a saved page → text, the way a browser picks the encoding (WHATWG "encoding sniffing", simplified):
 *  1. a byte-order mark (UTF-8, UTF-16 LE/BE);
 *  2. valid UTF-8 with non-ASCII bytes is UTF-8, whatever the page declares: legacy CJK text is practically never
 *     valid UTF-8, while a page re-saved as UTF-8 often keeps its old `charset=gb2312` (and UTF-8 bytes are
 *     frequently valid GB18030 too, so trying the declaration first would give mojibake without an error);
 *  3. the charset the page declares in its first 4096 bytes: `<meta charset="gbk">` or
 *     `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`. The label is looked up as
 *     TextDecoder does (gb2312, gbk, x-gbk → GBK; big5; shift_jis, sjis; euc-jp; euc-kr …); GBK and GB2312 are
 *     decoded as GB18030, their superset, because pages labelled gb2312 often hold GBK-only characters;
 *  4. no usable declaration, or one the bytes contradict — invalid in it, or valid but implausible (GBK bytes
 *     declared big5 decode without error into rare characters; guess.ts scores that) while another legacy
 *     encoding reads them plausibly: the plain-text detection (decode.ts), with a warning.
 */
import { TextDecoder } from 'node:util';
import { decode, ENCODING_NAMES } from '../decode.ts';
import { type LegacyEncoding, plausibility } from '../guess.ts';

/** How plausibility is judged for a declared encoding (EUC-JP is Japanese like Shift_JIS). */
const JUDGED_AS: Readonly<Record<string, LegacyEncoding>> = {
  gb18030: 'gb18030',
  big5: 'big5',
  shift_jis: 'shift_jis',
  'euc-jp': 'shift_jis',
  'euc-kr': 'euc-kr',
};

export interface DecodedPage {
  text: string;
  /** the encoding the text was decoded with, as a WHATWG label */
  encoding: string;
  warnings: string[];
}

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The charset label the page declares in its head, if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps bytes 1:1, so ASCII markup is readable whatever the real encoding
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return META_CHARSET.exec(head)?.[1]?.toLowerCase();
}

function decoderFor(label: string): TextDecoder | undefined {
  try {
    const d = new TextDecoder(label, { fatal: true });
    // GBK is GB18030 without its four-byte sequences: decode with the superset
    return d.encoding === 'gbk' ? new TextDecoder('gb18030', { fatal: true }) : d;
  } catch {
    return undefined;
  }
}

function tryDecode(bytes: Uint8Array, file: string): ReturnType<typeof decode> | undefined {
  try {
    return decode(bytes, file);
  } catch {
    return undefined;
  }
}

/** `charset`: a label declared outside the bytes (an MHTML part's Content-Type), which wins over the meta. */
export function decodePage(bytes: Uint8Array, file: string, charset?: string): DecodedPage {
  const warnings: string[] = [];
  const bom = bytes[0] === 0xef || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const label = bom ? undefined : (charset ?? declaredCharset(bytes));
  if (!bom && bytes.some((b) => b >= 0x80)) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      if (label !== undefined && decoderFor(label)?.encoding !== 'utf-8') {
        warnings.push(`${file}: warning: the page declares charset "${label}" but is UTF-8; read as UTF-8 [encoding]`);
      }
      return { text, encoding: 'utf-8', warnings };
    } catch {}
  }
  if (label !== undefined) {
    const decoder = decoderFor(label);
    if (decoder === undefined) warnings.push(`${file}: warning: the page declares an unknown charset "${label}"; guessing [encoding]`);
    else {
      try {
        // utf-16 in a meta is a lie by definition (the meta itself was readable as ASCII): WHATWG says UTF-8
        const d = decoder.encoding.startsWith('utf-16') ? new TextDecoder('utf-8', { fatal: true }) : decoder;
        const text = d.decode(bytes);
        const judged = JUDGED_AS[d.encoding];
        if (judged === undefined) return { text, encoding: d.encoding, warnings };
        const declared = plausibility(text, judged);
        const guess = tryDecode(bytes, file);
        if (guess === undefined || guess.encoding === judged || plausibility(guess.text, guess.encoding as LegacyEncoding) <= 2 * declared) {
          return { text, encoding: d.encoding, warnings };
        }
        warnings.push(`${file}: warning: the page declares charset "${label}" but reads as ${ENCODING_NAMES[guess.encoding]} [encoding]`);
        return { text: guess.text, encoding: guess.encoding, warnings };
      } catch {
        warnings.push(`${file}: warning: the page declares charset "${label}" but is not valid ${label}; guessing [encoding]`);
      }
    }
  }
  const d = decode(bytes, file);
  if (!bom && d.encoding !== 'utf-8') warnings.push(`${file}: warning: no usable charset declaration; decoded as ${ENCODING_NAMES[d.encoding]} [encoding]`);
  return { text: d.text, encoding: d.encoding, warnings };
}
