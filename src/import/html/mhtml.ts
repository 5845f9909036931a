/**
 * MHTML (`.mhtml`/`.mht`, "Save page as… single file" in Chromium): a MIME multipart/related message whose first
 * text/html part is the page and whose other parts are its resources, each named by `Content-Location` (the URL
 * the page refers to them by). Parts are base64, quoted-printable or plain (7bit/8bit/binary).
 * Only what the importer needs is parsed: the boundary, part headers, the two transfer encodings.
 */

export interface MhtmlPart {
  type: string;
  /** charset parameter of Content-Type, lower case */
  charset?: string;
  location?: string;
  bytes: Uint8Array;
}

export interface Mhtml {
  html: MhtmlPart;
  /** resources by absolute Content-Location URL */
  resources: Map<string, MhtmlPart>;
}

/** True when the bytes start like a MIME message with a multipart/related body. */
export function isMhtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /^(?:[\w-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*?content-type:\s*multipart\/related/im.test(head) && /^mime-version:/im.test(head);
}

function headers(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

function param(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function quotedPrintable(text: string): Uint8Array {
  const s = text.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return Uint8Array.from(out);
}

/** Parses an MHTML file; undefined when it has no text/html part. */
export function parseMhtml(bytes: Uint8Array): Mhtml | undefined {
  // latin1 keeps every byte as one char, so binary and 8bit parts survive the string handling
  const text = Buffer.from(bytes).toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  if (!split) return undefined;
  const top = headers(text.slice(0, split.index));
  const boundary = param(top.get('content-type'), 'boundary');
  if (!boundary) return undefined;
  const parts: MhtmlPart[] = [];
  for (const chunk of text.slice(split.index).split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break; // closing delimiter
    const sep = /\r?\n\r?\n/.exec(chunk);
    if (!sep) continue;
    const h = headers(chunk.slice(0, sep.index).replace(/^\r?\n/, ''));
    const body = chunk.slice(sep.index + sep[0].length).replace(/\r?\n$/, '');
    const enc = (h.get('content-transfer-encoding') ?? '').toLowerCase();
    const data =
      enc === 'base64'
        ? new Uint8Array(Buffer.from(body, 'base64'))
        : enc === 'quoted-printable'
          ? quotedPrintable(body)
          : new Uint8Array(Buffer.from(body, 'latin1'));
    const ct = h.get('content-type') ?? 'application/octet-stream';
    const part: MhtmlPart = { type: ct.split(';')[0]!.trim().toLowerCase(), bytes: data };
    const charset = param(ct, 'charset')?.toLowerCase();
    if (charset) part.charset = charset;
    const location = h.get('content-location');
    if (location) part.location = location;
    parts.push(part);
  }
  const html = parts.find((p) => p.type === 'text/html');
  if (!html) return undefined;
  const resources = new Map<string, MhtmlPart>();
  for (const p of parts) if (p !== html && p.location) resources.set(p.location, p);
  return { html, resources };
}
