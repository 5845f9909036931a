/**
 * The one module that runs HarfBuzz's subsetter (harfbuzzjs's harfbuzz-subset.wasm): the EPUB writer
 * subsets its fonts with it, and font choice (load.ts) tries it on a face before using it. Loaded on
 * first use, so a PDF-only build or `--help` never pays for it.
 *
 * The calls are subset-font's (the package this replaces; the tests compare the bytes with it) for a
 * TrueType/OpenType input and output: every layout feature kept, the characters' code points as the
 * unicode set, nothing else changed. One difference: each face is kept in HarfBuzz's memory for the
 * next subset of the same font (the most recently used ones, up to 32 MiB). subset-font copied the whole font file into
 * WebAssembly memory and parsed it again for every subset: ≈ 20 ms a call for a CJK face, paid by every
 * EPUB of a batch build and by the fallback probes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

/** The functions of harfbuzz-subset.wasm used here (C ABI: pointers are numbers). */
interface HarfBuzz {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

/** Node's WebAssembly global (the TypeScript libraries of this project declare no DOM, hence no types for it). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: unknown } };
  }
).WebAssembly;

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

let harfbuzz: HarfBuzz | undefined;

/**
 * HarfBuzz with V8's baseline compiler only. By default V8 also recompiles the hot wasm functions with
 * its optimising compiler on a background thread, and the main thread then waited on that thread for
 * ≈ 400 ms of a 0.75 s EPUB build (seen with strace: a futex wait right after the first subset;
 * `--liftoff-only` removes it). The subsets are the same bytes either way, and the optimised code never
 * paid back: a 870,000-character novel's EPUB took 3.1–3.5 s with it, 2.9–3.4 s without. The flag
 * concerns WebAssembly compiled from then on; nothing else of ours uses any.
 */
function load(): HarfBuzz {
  if (!harfbuzz) {
    setFlagsFromString('--liftoff-only');
    const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const instance = new wasmApi.Instance(new wasmApi.Module(wasm), {});
    const hb = instance.exports as unknown as HarfBuzz;
    hb._initialize();
    harfbuzz = hb;
  }
  return harfbuzz;
}

interface Face {
  face: number;
  data: number;
}
/** Faces kept for the next subset, most recently used last: a batch sets each article in the same few. */
const faces = new Map<Buffer, Face>();
/**
 * harfbuzz-subset.wasm's memory cannot grow past 64 MiB: the faces kept stay within half of it (a CJK
 * regular and bold), the rest is for the subsetting itself and for a face not kept.
 */
const KEEP_BYTES = 32 * 1024 * 1024;
let keptBytes = 0;

function drop(hb: HarfBuzz, font: Buffer): void {
  const f = faces.get(font);
  if (!f) return;
  faces.delete(font);
  keptBytes -= font.byteLength;
  hb.hb_face_destroy(f.face);
  hb.free(f.data);
}

function faceOf(hb: HarfBuzz, font: Buffer): Face {
  const kept = faces.get(font);
  if (kept) {
    faces.delete(font);
    faces.set(font, kept);
    return kept;
  }
  for (const old of faces.keys()) if (keptBytes + font.byteLength > KEEP_BYTES) drop(hb, old);
  let data = hb.malloc(font.byteLength);
  if (data === 0) {
    for (const old of [...faces.keys()]) drop(hb, old);
    data = hb.malloc(font.byteLength);
    if (data === 0) throw new Error(`HarfBuzz has no memory left for a font of ${font.byteLength} bytes`);
  }
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const f = { face, data };
  faces.set(font, f);
  keptBytes += font.byteLength;
  return f;
}

/** A TrueType (or CFF OpenType) font of the face with only the glyphs of `chars`, every layout feature kept. */
export async function subsetTrueType(font: Buffer, chars: string): Promise<Buffer> {
  const signature = font.toString('latin1', 0, 4);
  if (signature !== '\x00\x01\x00\x00' && signature !== 'true' && signature !== 'OTTO') throw new Error(`Unrecognized font signature: ${signature}`);
  const hb = load();
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('hb_subset_input_create_or_fail (harfbuzz) returned zero, indicating failure');
  let subset: number;
  try {
    const { face } = faceOf(hb, font);
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const c of chars) hb.hb_set_add(unicodes, c.codePointAt(0) as number);
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (subset === 0) {
    forget(hb, font);
    throw new Error('hb_subset_or_fail (harfbuzz) returned zero, indicating failure. Maybe the input file is corrupted?');
  }
  const blob = hb.hb_face_reference_blob(subset);
  const length = hb.hb_blob_get_length(blob);
  const at = hb.hb_blob_get_data(blob, 0);
  // a copy: the view's memory may be detached when the wasm memory grows
  const out = length > 0 ? Buffer.from(new Uint8Array(hb.memory.buffer, at, length)) : undefined;
  hb.hb_blob_destroy(blob);
  hb.hb_face_destroy(subset);
  if (!out) {
    forget(hb, font);
    throw new Error('Failed to create subset font, maybe the input file is corrupted?');
  }
  return out;
}

/** A face that failed is not kept: the next try starts from the file's bytes, as subset-font's did. */
function forget(hb: HarfBuzz, font: Buffer): void {
  drop(hb, font);
}
