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
  accessibilitySummary: string;
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
  accessibilitySummary: '纯文字出版物：标题有层级结构，附两级目录；无图片、音频或视频内容。',
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
  accessibilitySummary: 'Text-only publication with structured headings and a two-level table of contents; no images, audio or video.',
};

export function labelsFor(lang: string): Labels {
  return lang.toLowerCase().split('-')[0] === 'zh' ? zh : en;
}
