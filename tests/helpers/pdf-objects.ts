// A PDF's objects as qpdf sees them (`qpdf --json=2`): for checks a text extractor cannot make (the
// catalog, fonts, annotations, output intents, graphics states). Streams come back as their dictionaries.
import { execFileSync } from 'node:child_process';

export type PdfValue = string | number | boolean | null | PdfValue[] | { [key: string]: PdfValue };
export type PdfDict = { [key: string]: PdfValue };

export interface PdfObjects {
  trailer: PdfDict;
  /** every object by its reference ("12 0 R"): a dictionary, or a stream's dictionary */
  objects: Map<string, PdfDict>;
  /** follows a reference (`"12 0 R"`) to its dictionary; any other value comes back as it is */
  get(v: PdfValue | undefined): PdfDict;
  /** follows a reference to whatever value it names (a string, a number …) */
  resolve(v: PdfValue | undefined): PdfValue | undefined;
  catalog: PdfDict;
}

export function readObjects(file: string): PdfObjects {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 256 << 20 })) as {
    qpdf: [unknown, Record<string, { value?: PdfValue; stream?: { dict: PdfDict } }>];
  };
  const raw = json.qpdf[1];
  const objects = new Map<string, PdfDict>();
  const values = new Map<string, PdfValue>();
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith('obj:')) continue;
    const d = v.stream?.dict ?? v.value;
    if (d !== undefined) values.set(k.slice(4), d);
    if (d && typeof d === 'object' && !Array.isArray(d)) objects.set(k.slice(4), d);
  }
  const resolve = (v: PdfValue | undefined): PdfValue | undefined => (typeof v === 'string' && / \d+ R$/.test(v) ? values.get(v) : v);
  const trailer = raw.trailer?.value as PdfDict;
  const get = (v: PdfValue | undefined): PdfDict => {
    if (typeof v === 'string' && / \d+ R$/.test(v)) return objects.get(v) ?? {};
    return (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as PdfDict;
  };
  return { trailer, objects, get, resolve, catalog: get(trailer['/Root']) };
}

/** A stream's decoded bytes (`qpdf --show-object N --filtered-stream-data`). */
export function streamData(file: string, ref: string): Buffer {
  const id = ref.split(' ')[0] as string;
  return execFileSync('qpdf', [`--show-object=${id}`, '--filtered-stream-data', file], { maxBuffer: 64 << 20 });
}

/** A PDF text string as qpdf writes it in JSON (`u:…` Unicode, `b:…` bytes in hex). */
export function pdfText(v: PdfValue | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  return v;
}
