import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import type { Book } from '../../../src/model.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writeEpub } from '../../../src/writers/epub/index.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const seedFile = join(repoRoot, 'content', 'jingmen-crisis.md');
export const DATE = new Date(Date.UTC(2026, 10, 1, 8, 30, 0));

let seed: Promise<Book> | undefined;
export function seedBook(): Promise<Book> {
  seed ??= readArticle(seedFile).then(transform);
  return seed;
}

const builds = new Map<number, Promise<Uint8Array>>();
export function buildSeed(date: Date = DATE): Promise<Uint8Array> {
  let p = builds.get(date.getTime());
  if (!p) {
    p = seedBook().then((book) => writeEpub(book, { fonts: defaultFonts(book.meta.lang), date }));
    builds.set(date.getTime(), p);
  }
  return p;
}

export interface Epub {
  zip: JSZip;
  /** entry names in zip order (directories included) */
  names: string[];
  files: string[];
  text(name: string): Promise<string>;
  bytes(name: string): Promise<Uint8Array>;
}

export async function openEpub(bytes: Uint8Array): Promise<Epub> {
  const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  const names = Object.keys(zip.files);
  const get = (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`no ${name} in the EPUB`);
    return f;
  };
  return {
    zip,
    names,
    files: names.filter((n) => !zip.files[n]?.dir),
    text: (name) => get(name).async('string'),
    bytes: (name) => get(name).async('uint8array'),
  };
}

/** Parses XML strictly: any error or warning of the parser throws, naming the document. */
export function parseXml(text: string, name: string): Document {
  // xmldom accepts characters XML 1.0 forbids; check them first.
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (bad) throw new Error(`${name}: not well-formed XML: U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}`);
  const parser = new DOMParser({
    onError: (level, msg) => {
      throw new Error(`${name}: not well-formed XML (${level}): ${msg}`);
    },
  });
  return parser.parseFromString(text, 'application/xml');
}

export function elements(node: Node, localName?: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        const e = c as Element;
        if (!localName || e.localName === localName) out.push(e);
        walk(e);
      }
    }
  };
  walk(node);
  return out;
}

export type { Document, Element, Node };

export function root(doc: Document | undefined): Element {
  const el = doc?.documentElement;
  if (!el) throw new Error('document without a root element');
  return el;
}

export const OPS_NS = 'http://www.idpf.org/2007/ops';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
  characterSet: number[];
}
const fontkit = createRequire(import.meta.url)('fontkit') as { create(data: Buffer): FontkitFont };
export function openFont(data: Uint8Array): FontkitFont {
  return fontkit.create(Buffer.from(data));
}
