/** The few words the EPUB writer adds to a book itself, per language (BCP 47 primary subtag). */
export interface Labels {
  toc: string;
  bodymatter: string;
  sources: string;
  reading: (chars: number, minutes: number) => string;
  column: string;
  origin: string;
  author: string;
  /** Between a label and its value, e.g. "本文专栏：舆论监督". */
  colon: string;
  ellipsis: string;
  /** the footnotes section's label */
  notes: string;
  /** before the appendix's back-links to the places a source is cited */
  citedAt: string;
  accessibilitySummary: string;
  /** the same for a book with images (their text alternative is the alt text) */
  accessibilitySummaryImages: string;
}

const zh: Labels = {
  toc: '目录',
  bodymatter: '正文',
  sources: '资料来源',
  reading: (c, m) => `本篇文章${c}字，读完约${m}分钟`,
  column: '本文专栏',
  origin: '本文来源',
  author: '作者',
  colon: '：',
  ellipsis: '……',
  notes: '注释',
  citedAt: '正文引用处',
  accessibilitySummary: '纯文字出版物：标题有层级结构，附两级目录；无图片、音频或视频内容。',
  accessibilitySummaryImages: '以文字为主的出版物：标题有层级结构，附两级目录；图片附有替代文字；无音频或视频内容。',
};

const en: Labels = {
  toc: 'Contents',
  bodymatter: 'Start of content',
  sources: 'Sources',
  reading: (c, m) => `${c} characters, about ${m} min to read`,
  column: 'Column',
  origin: 'Source',
  author: 'Author',
  colon: ': ',
  ellipsis: '…',
  notes: 'Notes',
  citedAt: 'Cited at',
  accessibilitySummary: 'Text-only publication with structured headings and a two-level table of contents; no images, audio or video.',
  accessibilitySummaryImages: 'Text publication with structured headings, a two-level table of contents and images with text alternatives; no audio or video.',
};

export function labelsFor(lang: string): Labels {
  return lang.toLowerCase().split('-')[0] === 'zh' ? zh : en;
}
