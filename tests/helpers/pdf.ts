// Reads a PDF back with pdf.js (what browsers use) into plain digests: text per page, outline, links.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfDigest {
  pages: number;
  /** text per page, items joined in drawing order, whitespace removed; furniture (footer) excluded */
  text: string[];
  outline: OutlineDigest[];
  links: { page: number; uri?: string; dest?: string }[];
  /** named destinations that exist */
  dests: string[];
}

export interface OutlineDigest {
  title: string;
  children: OutlineDigest[];
}

interface RawOutline {
  title: string;
  items: RawOutline[];
}

/** `footerBand`: items whose baseline is below this many pt from the page bottom are furniture. */
export async function readPdf(bytes: Uint8Array, footerBand = 60): Promise<PdfDigest> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const text: string[] = [];
  const links: PdfDigest['links'] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    let s = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const y = item.transform[5] as number;
      if (y < footerBand) continue;
      s += item.str;
    }
    text.push(s.replace(/\s+/g, ''));
    for (const a of await page.getAnnotations()) {
      if (a.subtype !== 'Link') continue;
      links.push({ page: p, ...(a.url ? { uri: a.url as string } : {}), ...(typeof a.dest === 'string' ? { dest: a.dest } : {}) });
    }
  }
  const conv = (items: RawOutline[] | null): OutlineDigest[] => (items ?? []).map((o) => ({ title: o.title, children: conv(o.items) }));
  const outline = conv((await doc.getOutline()) as RawOutline[] | null);
  const dests = Object.keys((await doc.getDestinations()) as Record<string, unknown>).sort();
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text, outline, links, dests };
}
