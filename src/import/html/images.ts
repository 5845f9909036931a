/**
 * Images of a saved page. "Save page as… (complete)" writes PAGE_files/ beside PAGE.html and rewrites the
 * `src` of what it saved to `PAGE_files/x.jpg`; what it did not save keeps its absolute URL.
 * - A relative `src` (also lazy-loading `data-src`/`data-original`) that names a file inside the page's folder
 *   is copied into the Markdown's assets folder (`NAME.assets/`, names made unique) and referenced there.
 * - Anything else with an http(s) URL (relative ones resolved against the page URL) stays a remote reference:
 *   the build shows it as a placeholder with a warning; nothing is fetched, here or there.
 * - In an MHTML file, an image whose URL names one of its parts is taken from that part.
 * - `data:` URIs and paths leaving the page's folder are dropped, with a warning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { DomElement } from './dom.ts';
import type { MhtmlPart } from './mhtml.ts';

export interface Asset {
  /** path relative to the Markdown file, `/`-separated */
  path: string;
  bytes: Uint8Array;
}

const EXT: Readonly<Record<string, string>> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/svg+xml': '.svg',
  'image/gif': '.gif',
  'image/webp': '.webp',
};

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
    private readonly resources: ReadonlyMap<string, MhtmlPart> = new Map(),
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
        const u = new URL(src, this.base ?? 'https://x.invalid/');
        return this.part(src, u.href) ?? (u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined);
      } catch {
        return undefined;
      }
    }
    const local = this.local(src);
    if (local !== undefined) return local;
    if (this.base !== undefined) {
      try {
        const href = new URL(src, this.base).href;
        return this.part(src, href) ?? href;
      } catch {}
    }
    this.warn(`image "${src}" is neither in the saved page's folder nor resolvable against a page URL; left out`);
    return undefined;
  };

  /** An MHTML part named by `src` (as written or resolved), copied as an asset. */
  private part(src: string, href: string): string | undefined {
    const p = this.resources.get(src) ?? this.resources.get(href);
    if (!p) return undefined;
    const key = `mhtml:${href}`;
    const known = this.byFile.get(key);
    if (known) return known;
    let name = basename(decodeURIComponent(new URL(href).pathname)) || 'image';
    if (!/\.[a-z0-9]{2,4}$/i.test(name)) name += EXT[p.type] ?? '';
    const path = this.add(name, p.bytes);
    this.byFile.set(key, path);
    return path;
  }

  private add(file: string, bytes: Uint8Array): string {
    let name = file.replace(/[\s()<>[\]]+/g, '-');
    const taken = new Set(this.assets.map((a) => a.path));
    for (let i = 2; taken.has(`${this.assetsDir}/${name}`); i++) name = file.replace(/[\s()<>[\]]+/g, '-').replace(/(\.[^.]*)?$/, `-${i}$1`);
    const path = `${this.assetsDir}/${name}`;
    this.assets.push({ path, bytes });
    return path;
  }

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
    const asset = this.add(basename(abs), readFileSync(abs));
    this.byFile.set(abs, asset);
    return asset;
  }
}
