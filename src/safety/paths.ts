/**
 * The path guard for files an article refers to (images, fonts — features to come): a reference may only
 * resolve inside the article's folder or an explicitly allowed asset folder. No `../../etc/passwd`, no
 * absolute paths, no URLs (nothing is fetched), no symlink leading out of the folder.
 *
 *   const path = await resolveAsset('content/a.md', 'img/fig%201.png', { assetDirs: [] });
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CjkpressError } from '../diagnostics.ts';
import { schemeOf } from './urls.ts';

export interface AssetOptions {
  /** further folders references may resolve into (`--asset-dir`) */
  assetDirs?: readonly string[];
  /** for the message: where the reference is */
  line?: number;
  col?: number;
}

/** Whether `path` is `root` itself or inside it (both absolute, normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Checks a reference's text, without touching the file system: returns the decoded relative path,
 * or throws `[unsafe-path]` / `[remote-resource]`.
 */
export function checkReference(ref: string, file: string, opts: AssetOptions = {}): string {
  const fail = (why: string, rule = 'unsafe-path'): never => {
    throw new CjkpressError(why, file, opts.line, opts.col, rule);
  };
  const scheme = schemeOf(ref);
  if (/^[a-zA-Z]:[\\/]/.test(ref)) fail(`${ref}: absolute paths are not allowed; use a path relative to the article`);
  if (scheme === 'http' || scheme === 'https' || ref.startsWith('//')) {
    fail(`${ref}: remote resources are not fetched; download it next to the article and refer to it by a relative path`, 'remote-resource');
  }
  if (scheme) fail(`${ref}: only relative paths are allowed (not ${scheme}:)`);
  let path: string;
  try {
    path = decodeURIComponent(ref.replace(/[?#].*$/, ''));
  } catch {
    return fail(`${ref}: not a valid path (bad %-escape)`);
  }
  if (path.includes('\0')) fail(`${ref}: not a valid path (NUL)`);
  if (path === '') fail('empty path');
  if (isAbsolute(path) || path.startsWith('\\') || /^[a-zA-Z]:/.test(path)) fail(`${ref}: absolute paths are not allowed; use a path relative to the article`);
  return path;
}

/**
 * Resolves a reference from the article `file` to an absolute path inside the article's folder or one
 * of `assetDirs`, following symlinks (a link inside the folder pointing out of it is refused).
 * The file need not exist: a missing file resolves lexically and the caller reports it.
 */
export async function resolveAsset(file: string, ref: string, opts: AssetOptions = {}): Promise<string> {
  const path = checkReference(ref, file, opts);
  const roots = [dirname(resolve(file)), ...(opts.assetDirs ?? []).map((d) => resolve(d))];
  let missing: string | undefined;
  for (const root of roots) {
    const candidate = resolve(root, path);
    if (!isInside(root, candidate)) continue;
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      missing ??= candidate; // not there (or unreadable): the caller reports it; try the next folder
      continue;
    }
    const realRoot = await realpath(root).catch(() => root);
    if (isInside(realRoot, real)) return real;
    throw new CjkpressError(`${ref}: resolves to ${real}, outside ${root} (a symbolic link?)`, file, opts.line, opts.col, 'unsafe-path');
  }
  if (missing) return missing;
  throw new CjkpressError(
    `${ref}: points outside the article's folder${opts.assetDirs?.length ? ' and the asset folders' : ''}`,
    file,
    opts.line,
    opts.col,
    'unsafe-path',
  );
}
