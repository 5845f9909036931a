/**
 * The document model every stage shares: the reader produces it, transforms enrich it,
 * writers render it. Nothing here depends on a third-party package.
 */

/** 1-based line in the source file (front matter included), for diagnostics. */
export interface Pos {
  file: string;
  line: number;
}

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'emph'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'break' };

export type Block =
  | { kind: 'heading'; level: number; id: string; content: Inline[]; pos: Pos }
  | { kind: 'paragraph'; content: Inline[]; pos: Pos };

export interface SourceRef {
  title: string;
  url: string;
}

export interface ReadingStats {
  chars: number;
  minutes: number;
}

export interface Meta {
  title: string;
  /** BCP 47, e.g. zh-CN */
  lang: string;
  /** file-name stem for dist/<slug>.epub|pdf */
  slug: string;
  reading?: ReadingStats;
  column?: string;
  origin?: string;
  author?: string;
  sources: SourceRef[];
}

/** What the reader returns. Heading ids are empty until transforms fill them. */
export interface Article {
  file: string;
  meta: Meta;
  blocks: Block[];
}

export interface TocEntry {
  id: string;
  title: string;
  level: number;
  children: TocEntry[];
}

/** What writers take: the article after transforms. */
export interface Book extends Article {
  toc: TocEntry[];
  /** Appendix entries, in order: front-matter sources first. */
  appendix: SourceRef[];
}

/** Plain text of inline content, as a reader would see it. */
export function inlineText(content: readonly Inline[]): string {
  let s = '';
  for (const n of content) {
    if (n.kind === 'text' || n.kind === 'code') s += n.text;
    else if (n.kind === 'break') s += '\n';
    else s += inlineText(n.children);
  }
  return s;
}
