/**
 * A book file → a Volume: every article read and transformed as on its own (same checks, same
 * messages at the article's own lines), then ids made unique across the articles.
 */
import type { Diagnostics } from '../diagnostics.ts';
import type { Limits } from '../limits.ts';
import type { Book, Volume } from '../model.ts';
import { uniqueVolumeIds } from '../transforms/volume-ids.ts';
import { type BookFile, readBookFile } from './file.ts';

export interface VolumeLoadOptions {
  diagnostics?: Diagnostics | undefined;
  limits?: Limits | undefined;
  log?: ((line: string) => void) | undefined;
  /** reads one article (build.ts's loadBook: reader, checks, transforms) */
  loadArticle: (file: string) => Promise<Book>;
}

export async function loadVolume(file: string, opts: VolumeLoadOptions): Promise<{ volume: Volume; bookFile: BookFile }> {
  const bookFile = await readBookFile(file, opts.diagnostics);
  const parts: Book[] = [];
  for (const article of bookFile.articles) parts.push(await opts.loadArticle(article));
  const first = parts[0] as Book; // readBookFile refuses a book without articles
  const volume: Volume = {
    file,
    meta: {
      title: bookFile.title,
      lang: bookFile.lang ?? first.meta.lang,
      slug: bookFile.slug,
      ...(bookFile.subtitle ? { subtitle: bookFile.subtitle } : {}),
      ...(bookFile.author ? { author: bookFile.author } : {}),
    },
    parts: uniqueVolumeIds(parts),
    ...(bookFile.cover ? { cover: bookFile.cover } : {}),
  };
  opts.log?.(`book ${file}: ${parts.length} articles`);
  return { volume, bookFile };
}
