/**
 * What the command's arguments name: Markdown files, folders of them, book files. Kept apart from the
 * build's packages so the command can count its work (and start its render threads) before loading them.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CjkpressError } from './diagnostics.ts';

/** File name endings of book files (YAML: a list of articles that make one volume). */
export const BOOK_EXTENSIONS = ['.yaml', '.yml'] as const;

export const isBookFile = (file: string): boolean => BOOK_EXTENSIONS.some((e) => file.toLowerCase().endsWith(e));

/** Files and folders → the files to build, in order: a folder gives its .md files, sorted. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(input);
    } catch {
      throw new CjkpressError('cannot read: no such file or folder', input, undefined, undefined, 'io');
    }
    if (s.isDirectory()) {
      const md = (await readdir(input)).filter((f) => extname(f) === '.md' && !f.startsWith('.')).sort();
      if (md.length === 0) throw new CjkpressError('no .md files in this folder', input, undefined, undefined, 'no-input');
      files.push(...md.map((f) => join(input, f)));
    } else {
      files.push(input);
    }
  }
  return files;
}
