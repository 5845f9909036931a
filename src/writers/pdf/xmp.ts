/**
 * The PDF's XMP metadata (the body of the packet pdfkit wraps in `<x:xmpmeta><rdf:RDF>`): the same title,
 * author, tool and dates as the Info dictionary (PDF/A asks them to agree), the language, and with
 * `pdfa` the PDF/A-2a identification. Only schemas PDF/A predefines (dc, xmp, pdf, pdfaid): any other would
 * need an extension schema description. Dates come from the build's clock (SOURCE_DATE_EPOCH), so the
 * packet is the same on every run.
 */

export interface XmpFields {
  title: string;
  author?: string;
  lang: string;
  date: Date;
  creator: string;
  producer: string;
  pdfa?: boolean;
}

/** XML text: `&`, `<`, `>` escaped. */
function esc(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** An XMP date: ISO 8601 in UTC to the second, as the Info dictionary's `D:YYYYMMDDHHmmssZ`. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function xmpPacket(f: XmpFields): string {
  const date = xmpDate(f.date);
  const lines = [
    '<rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    `    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"${f.pdfa ? '' : '>'}`,
    ...(f.pdfa ? ['    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'] : []),
    '  <dc:format>application/pdf</dc:format>',
    `  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(f.title)}</rdf:li></rdf:Alt></dc:title>`,
    ...(f.author ? [`  <dc:creator><rdf:Seq><rdf:li>${esc(f.author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    `  <dc:language><rdf:Bag><rdf:li>${esc(f.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `  <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `  <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `  <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `  <xmp:CreatorTool>${esc(f.creator)}</xmp:CreatorTool>`,
    `  <pdf:Producer>${esc(f.producer)}</pdf:Producer>`,
    ...(f.pdfa ? ['  <pdfaid:part>2</pdfaid:part>', '  <pdfaid:conformance>A</pdfaid:conformance>'] : []),
    '</rdf:Description>',
  ];
  return lines.join('\n');
}
