/**
 * Images of a saved page. "Save page as… (complete)" writes PAGE_files/ beside PAGE.html and rewrites the
 * `src` of what it saved to `PAGE_files/x.jpg`; what it did not save keeps its absolute URL.
 * - A relative `src` (also lazy-loading `data-src`/`data-original`) that names a file inside the page's folder
 *   is copied into the Markdown's assets folder (`NAME.assets/`, names made unique) and referenced there.
 * - Anything else with an http(s) URL (relative ones resolved against the page URL) stays a remote reference:
 *   the build shows it as a placeholder with a warning; nothing is fetched, here or there.
 * - `data:` URIs and paths leaving the page's folder are dropped, with a warning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { DomElement } from './dom.ts';

export interface Asset {
  /** path relative to the Markdown file, `/`-separated */
  path: string;
  bytes: Uint8Array;
}

const LAZY = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'src'];

export class PageImages {
  readonly assets: Asset[] = [];
  readonly warnings: string[] = [];
  private readonly byFile = new Map<string, string>();
  private readonly pageDir: string;

  constructor(
    private readonly file: string,
    private readonly assetsDir: string,
    private readonly base: string | undefined,
  ) {
    this.pageDir = resolve(dirname(file));
  }

  private warn(message: string): void {
    this.warnings.push(`${this.file}: warning: ${message} [image]`);
  }

  /** The Markdown destination of `img`, or undefined to drop it. */
  readonly resolve = (img: DomElement): string | undefined => {
    const src = LAZY.map((a) => img.getAttribute(a)?.trim()).find((s) => s && !s.startsWith('data:image/gif;base64,R0lGOD')) ?? img.getAttribute('src')?.trim();
    if (!src) return undefined;
    if (/^data:/i.test(src)) {
      this.warn('an inline data: image was left out');
      return undefined;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      try {
        const u = new URL(src, 'https://x.invalid/');
        return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
      } catch {
        return undefined;
      }
    }
    const local = this.local(src);
    if (local !== undefined) return local;
    if (this.base !== undefined) {
      try {
        return new URL(src, this.base).href;
      } catch {}
    }
    this.warn(`image "${src}" is neither in the saved page's folder nor resolvable against a page URL; left out`);
    return undefined;
  };

  private local(src: string): string | undefined {
    let path: string;
    try {
      path = decodeURIComponent(src.replace(/[?#].*$/s, ''));
    } catch {
      path = src;
    }
    const abs = resolve(this.pageDir, path);
    const rel = relative(this.pageDir, abs);
    if (rel.startsWith('..') || rel === '' || rel.startsWith(sep)) {
      if (rel.startsWith('..')) this.warn(`image "${src}" lies outside the page's folder; left out`);
      return undefined;
    }
    if (!existsSync(abs) || !statSync(abs).isFile()) return undefined;
    const known = this.byFile.get(abs);
    if (known) return known;
    let name = basename(abs).replace(/[\s()<>[\]]+/g, '-');
    const taken = new Set(this.assets.map((a) => a.path));
    for (let i = 2; taken.has(`${this.assetsDir}/${name}`); i++) name = basename(abs).replace(/(\.[^.]*)?$/, `-${i}$1`);
    const path2 = `${this.assetsDir}/${name}`;
    this.assets.push({ path: path2, bytes: readFileSync(abs) });
    this.byFile.set(abs, path2);
    return path2;
  }
}
