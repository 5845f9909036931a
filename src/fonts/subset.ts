/**
 * The one module that loads subset-font (HarfBuzz compiled to WebAssembly): the EPUB writer subsets its
 * fonts with it, and font choice (load.ts) tries it on a face before using it. Loaded on first use, so a
 * PDF-only build or `--help` never pays for it.
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

type SubsetFont = (font: Buffer, text: string, options?: { targetFormat?: 'truetype' }) => Promise<Buffer>;
let subsetFont: SubsetFont | undefined;

/**
 * HarfBuzz with V8's baseline compiler only. By default V8 also recompiles the hot wasm functions with
 * its optimising compiler on a background thread, and the main thread then waited on that thread for
 * ≈ 400 ms of a 0.75 s EPUB build (seen with strace: a futex wait right after the first subset;
 * `--liftoff-only` removes it). The subsets are the same bytes either way, and the optimised code never
 * paid back: a 870,000-character novel's EPUB took 3.1–3.5 s with it, 2.9–3.4 s without. The flag
 * concerns WebAssembly compiled from then on; nothing else of ours uses any.
 */
function load(): SubsetFont {
  if (!subsetFont) {
    setFlagsFromString('--liftoff-only');
    // subset-font ships no types; this is the one function we use
    subsetFont = createRequire(import.meta.url)('subset-font') as SubsetFont;
  }
  return subsetFont;
}

/** A TrueType font of the face with only the glyphs of `chars`. */
export function subsetTrueType(font: Buffer, chars: string): Promise<Buffer> {
  return load()(font, chars, { targetFormat: 'truetype' });
}
