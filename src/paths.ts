/**
 * Where the package's own files are (templates/, fonts/), wherever this code runs from: the sources
 * (src/), the compiled library (lib/) or the command's bundle (lib/bundle/). Each sits at another depth,
 * so the root is found by walking up to the package's package.json rather than by a fixed `..` count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'templates'))) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cjkpress') return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`cjkpress: cannot find the package folder above ${from}`);
  }
}

let root: string | undefined;

/** The package folder (the one holding package.json, templates/ and fonts/). */
export function packageRoot(): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return root;
}

/** A file or folder of the package, by its path from the package folder. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
