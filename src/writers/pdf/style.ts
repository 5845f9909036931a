import { packagePath } from '../../paths.ts';
import { readFileSync } from 'node:fs';

export const PAGE_SIZES = ['A4', 'A5', 'B5', 'Letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

interface PageStyle {
  size: [number, number];
  bodySize: number;
  measureEm: number;
  top: number;
  bottom: number;
}

interface HeadingStyle {
  scale: number;
  spaceBeforeEm: number;
  spaceAfterEm: number;
}

interface StyleFile {
  pages: Record<PageSize, PageStyle>;
  leading: number;
  paragraphIndentEm: number;
  headings: Record<string, HeadingStyle>;
  title: { scale: number };
  toc: { entryPitchEm: number };
  footer: { scale: number; offsetEm: number };
  colors: { text: string; muted: string; link: string; rule: string; codeBackground?: string; tableHead?: string };
}

/** A resolved print style: the page geometry in pt plus the typographic settings. */
export interface PrintStyle extends Omit<StyleFile, 'pages'> {
  page: PageStyle;
  /** left edge of the text block */
  left: number;
  width: number;
  bottomY: number;
  heading(level: number): HeadingStyle;
}

export function loadStyle(pageSize: PageSize): PrintStyle {
  const file = JSON.parse(readFileSync(packagePath('templates', 'pdf', 'style.json'), 'utf8')) as StyleFile;
  const page = file.pages[pageSize];
  const width = page.bodySize * page.measureEm;
  const fallback = file.headings['3'] ?? { scale: 1.2, spaceBeforeEm: 1.4, spaceAfterEm: 0.6 };
  return {
    ...file,
    page,
    width,
    left: (page.size[0] - width) / 2,
    bottomY: page.size[1] - page.bottom,
    heading: (level) => file.headings[String(level)] ?? fallback,
  };
}
