/**
 * The one module that knows epub-gen-memory (and jszip, which it uses): it renders our templates
 * and documents into an EPUB zip, then fixes what the library gets wrong:
 * - a random identifier → ours (derived from the content);
 * - every non-ASCII character serialised as `&#x4E00;` → real characters again;
 * - no way to embed a font without fetching a URL → we add the subsets to the zip ourselves;
 * - no Apple Books display options for EPUB 3 → added;
 * - zip entry dates = now → the build date, so equal input gives equal bytes; the container is
 *   written by zip.ts (native deflate, mimetype first and stored, no directory entries).
 */
import { EPub } from 'epub-gen-memory';
import type JSZip from 'jszip';
import { posix } from 'node:path';
import { writeZip } from './zip.ts';

/** Where things live in the zip: everything the package lists sits in CONTENT_DIR. */
export const CONTENT_DIR = 'OEBPS';
export const STYLESHEET = 'style.css';
export const FONT_DIR = 'fonts';
export const NAV_FILE = 'toc.xhtml';
export const NCX_FILE = 'toc.ncx';

/** Path of a font file as the stylesheet must reference it (relative to the stylesheet). */
export function fontUrlFromStylesheet(filename: string): string {
  const css = posix.join(CONTENT_DIR, STYLESHEET);
  return posix.relative(posix.dirname(css), posix.join(CONTENT_DIR, FONT_DIR, filename));
}

export interface PackageDocument {
  /** ASCII file name (no folders), ending in .xhtml */
  filename: string;
  title: string;
  /** serialised body content (well-formed XHTML fragment) */
  body: string;
  /** extra data for the chapter template */
  bodyClass?: string;
  /** the stylesheet's path relative to the document */
  stylesheet: string;
}

export interface PackageInput {
  title: string;
  lang: string;
  /** full identifier, e.g. urn:uuid:… */
  identifier: string;
  date: Date;
  description: string;
  documents: PackageDocument[];
  css: string;
  templates: { contentOPF: string; tocXHTML: string; tocNCX: string; chapterXHTML: string };
  /** handed to the templates as `pkg` */
  templateData: Record<string, unknown>;
  /** files added to the content folder: fonts/NAME */
  fonts: { filename: string; data: Uint8Array }[];
  /** files added to the content folder: images/NAME (the documents refer to them as images/NAME) */
  images?: { filename: string; data: Uint8Array }[];
}

/**
 * The library rewrites document bodies (drops attributes it does not know, such as `start` on <ol>;
 * downloads every <img>): it gets a marker per document instead, replaced by our body afterwards.
 */
const bodyMarker = (i: number): string => `CJKPRESS-BODY-${i}-MARKER`;

const APPLE_DISPLAY_OPTIONS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<display_options><platform name="*"><option name="specified-fonts">true</option></platform></display_options>\n';

/** Numeric character references the library's serialiser wrote, back to characters (never & < >). */
export function decodeCharRefs(s: string): string {
  return s.replace(/&#(?:x([0-9a-fA-F]+)|([0-9]+));/g, (ref, hex: string | undefined, dec: string | undefined) => {
    const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    if (cp === 0x26 || cp === 0x3c || cp === 0x3e || cp < 0x20 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return ref;
    return String.fromCodePoint(cp);
  });
}

type Chapter = { filename: string; content: string; title: string };

class ReproducibleEPub extends EPub {
  constructor(options: ConstructorParameters<typeof EPub>[0], content: ConstructorParameters<typeof EPub>[1], identifier: string) {
    super(options, content);
    this.uuid = identifier;
    for (const ch of this.content as unknown as Chapter[]) ch.content = decodeCharRefs(ch.content);
  }

  chapterFilenames(): string[] {
    return (this.content as unknown as Chapter[]).map((c) => c.filename);
  }

  imageCount(): number {
    return this.images.length;
  }

  archive(): JSZip {
    return this.zip as unknown as JSZip;
  }
}

export async function packageEpub(input: PackageInput): Promise<Uint8Array> {
  const epub = new ReproducibleEPub(
    {
      title: input.title,
      lang: input.lang,
      description: input.description,
      date: input.date.toISOString(),
      css: input.css,
      contentOPF: input.templates.contentOPF,
      tocXHTML: input.templates.tocXHTML,
      tocNCX: input.templates.tocNCX,
      chapterXHTML: input.templates.chapterXHTML,
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      fonts: [],
      version: 3,
      verbose: false,
      ignoreFailedDownloads: false,
      // extra option: the library passes all options to the templates
      pkg: input.templateData,
    } as ConstructorParameters<typeof EPub>[0],
    input.documents.map((d, i) => ({
      title: d.title,
      filename: d.filename,
      content: `<div>${bodyMarker(i)}</div>`,
      bodyClass: d.bodyClass ?? '',
      stylesheet: d.stylesheet,
    })),
    input.identifier,
  );
  const names = epub.chapterFilenames();
  input.documents.forEach((d, i) => {
    if (names[i] !== d.filename) throw new Error(`epub-gen-memory renamed ${d.filename} to ${names[i]}`);
  });
  // It would download images (and fail the no-network rule): it never sees our bodies, only a marker.
  if (epub.imageCount() > 0) throw new Error('the EPUB writer does not fetch images');
  await epub.render();

  // Take the library's files out of its jszip archive and write the container ourselves.
  const zip = epub.archive();
  const files = new Map<string, Uint8Array>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) files.set(name, await f.async('uint8array'));
  for (const f of input.fonts) files.set(`${CONTENT_DIR}/${FONT_DIR}/${f.filename}`, f.data);
  for (const f of input.images ?? []) files.set(`${CONTENT_DIR}/images/${f.filename}`, f.data);
  input.documents.forEach((d, i) => {
    const name = `${CONTENT_DIR}/${d.filename}`;
    const data = files.get(name);
    const text = data ? new TextDecoder().decode(data) : '';
    const marker = `<div>${bodyMarker(i)}</div>`;
    if (!text.includes(marker)) throw new Error(`epub-gen-memory did not keep the body of ${d.filename}`);
    files.set(name, new TextEncoder().encode(text.replace(marker, () => d.body)));
  });
  files.set('META-INF/com.apple.ibooks.display-options.xml', new TextEncoder().encode(APPLE_DISPLAY_OPTIONS));
  const mimetype = files.get('mimetype');
  if (!mimetype || new TextDecoder().decode(mimetype) !== 'application/epub+zip') throw new Error('epub-gen-memory wrote no mimetype');
  // OCF: mimetype first and stored; then the container, the package document, the rest in the library's order.
  const first = ['mimetype', 'META-INF/container.xml', 'META-INF/com.apple.ibooks.display-options.xml', `${CONTENT_DIR}/content.opf`];
  const order = [...first.filter((n) => files.has(n)), ...[...files.keys()].filter((n) => !first.includes(n))];
  return writeZip(
    order.map((name) => ({ name, data: files.get(name) as Uint8Array, store: name === 'mimetype' })),
    input.date,
  );
}
