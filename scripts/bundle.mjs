/**
 * Bundles the command (src/cli.ts) and the render worker (src/render/worker.ts) with their npm packages
 * into lib/bundle/, for start-up time: Node 20 compiles each of the ~400 modules a build loads on its
 * own and resolves every import through the file system (over a third of the seed's time). Dynamic
 * imports stay separate chunks, so a command still loads only what it needs. The library (lib/index.js)
 * is not bundled: a program importing it resolves the packages itself.
 *
 * Left out of the bundle, loaded from node_modules when needed: native and WebAssembly packages (their
 * binaries sit beside their code) and packages already loaded lazily through createRequire.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'lib', 'bundle');
rmSync(out, { recursive: true, force: true });

/**
 * pdfkit finds its own files (standard-font metrics through its package.json `imports`, the sRGB
 * profile) relative to `import.meta.url`, which in a bundle is the chunk's URL: point it at pdfkit's
 * own module instead, resolved when the command runs.
 */
const pdfkitOwnUrl = {
  name: 'pdfkit-own-url',
  setup(b) {
    b.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const patched = text.replaceAll('import.meta.url', "import.meta.resolve('pdfkit')");
      if (patched === text) throw new Error('pdfkit no longer reads import.meta.url: check scripts/bundle.mjs');
      return { contents: patched, loader: 'js' };
    });
  },
};

await build({
  entryPoints: { cli: join(root, 'src', 'cli.ts'), worker: join(root, 'src', 'render', 'worker.ts') },
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS packages inside an ES module bundle call require() for Node's built-in modules
  banner: { js: "import { createRequire as __cjkpressRequire } from 'node:module'; const require = __cjkpressRequire(import.meta.url);" },
  external: ['@resvg/resvg-js', 'fsevents'],
  // epub-gen-memory fetches remote resources with node-fetch; cjkpress never does (no network at run
  // time: remote images are placeholders), so the HTTP stack is not loaded at all
  alias: { 'node-fetch': join(root, 'scripts', 'no-fetch.cjs') },
  plugins: [pdfkitOwnUrl],
  legalComments: 'none',
  logLevel: 'warning',
});
