import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { CjkpressError } from '../diagnostics.ts';

export interface FontFace {
  family: string;
  /** absolute path of a TrueType file */
  path: string;
}

export interface FontSet {
  regular: FontFace;
  bold: FontFace;
}

interface FontEntry {
  package: string;
  family: string;
  regular: string;
  bold: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const manifestPath = join(here, '..', '..', 'fonts', 'fonts.json');
const require = createRequire(import.meta.url);

/** The default font set for a language, from the npm packages listed in fonts/fonts.json. */
export function defaultFonts(lang: string): FontSet {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, FontEntry>;
  const entry = manifest[lang] ?? manifest[lang.split('-')[0] ?? ''] ?? manifest['zh-CN'];
  if (!entry) throw new CjkpressError(`no default font for language ${lang} in ${manifestPath}`);
  let root: string;
  try {
    root = dirname(require.resolve(`${entry.package}/package.json`));
  } catch {
    throw new CjkpressError(`the font package ${entry.package} is not installed: run \`npm ci\` (or \`npm install ${entry.package}\`)`, undefined, undefined, undefined, 'font');
  }
  return {
    regular: { family: entry.family, path: join(root, entry.regular) },
    bold: { family: entry.family, path: join(root, entry.bold) },
  };
}
