/**
 * The few words cjkpress adds to a book itself (contents, sources, notes, the title page), per language,
 * so that both editions say the same thing in the article's language and script.
 */
import type { CalloutType } from './model.ts';

export type LabelledCallout = Exclude<CalloutType, 'plain'>;

export interface Labels {
  toc: string;
  bodymatter: string;
  /** the cover, in the landmarks and the PDF's page labels */
  cover: string;
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
  /** the label printed on a callout (GitHub alert, `:::` container) without a title of its own */
  callout: Record<LabelledCallout, string>;
  /** the same for a book with images (their text alternative is the alt text) */
  accessibilitySummaryImages: string;
  /** the same for a book with an image that has no alt text ([alt-text]) */
  accessibilitySummaryUndescribed: string;
}

const zh: Labels = {
  toc: '目录',
  bodymatter: '正文',
  cover: '封面',
  sources: '参考来源',
  reading: (c, m) => `本篇文章${c}字，读完约${m}分钟`,
  column: '本文专栏',
  origin: '本文来源',
  author: '作者',
  colon: '：',
  ellipsis: '……',
  notes: '注释',
  citedAt: '正文引用处',
  callout: { note: '注意', tip: '提示', important: '重要', warning: '警告', caution: '小心', info: '信息', danger: '危险', details: '详情' },
  accessibilitySummary: '纯文字出版物：标题有层级结构，附两级目录；无图片、音频或视频内容。',
  accessibilitySummaryImages: '以文字为主的出版物：标题有层级结构，附两级目录；图片附有替代文字；无音频或视频内容。',
  accessibilitySummaryUndescribed: '以文字为主的出版物：标题有层级结构，附两级目录；部分图片缺少替代文字；无音频或视频内容。',
};

const zhHant: Labels = {
  toc: '目錄',
  bodymatter: '正文',
  cover: '封面',
  sources: '參考來源',
  reading: (c, m) => `本篇文章${c}字，讀完約${m}分鐘`,
  column: '本文專欄',
  origin: '本文來源',
  author: '作者',
  colon: '：',
  ellipsis: '……',
  notes: '註釋',
  citedAt: '正文引用處',
  callout: { note: '注意', tip: '提示', important: '重要', warning: '警告', caution: '小心', info: '資訊', danger: '危險', details: '詳情' },
  accessibilitySummary: '純文字出版物：標題有層級結構，附兩級目錄；無圖片、音訊或影片內容。',
  accessibilitySummaryImages: '以文字為主的出版物：標題有層級結構，附兩級目錄；圖片附有替代文字；無音訊或影片內容。',
  accessibilitySummaryUndescribed: '以文字為主的出版物：標題有層級結構，附兩級目錄；部分圖片缺少替代文字；無音訊或影片內容。',
};

const ja: Labels = {
  toc: '目次',
  bodymatter: '本文',
  cover: '表紙',
  sources: '参考資料',
  reading: (c, m) => `${c}字・約${m}分で読めます`,
  column: '連載',
  origin: '出典',
  author: '著者',
  colon: '：',
  ellipsis: '……',
  notes: '注',
  citedAt: '本文の引用箇所',
  callout: { note: '注記', tip: 'ヒント', important: '重要', warning: '警告', caution: '注意', info: '情報', danger: '危険', details: '詳細' },
  accessibilitySummary: 'テキストのみの出版物：見出しは階層構造で、二階層の目次があります。画像・音声・動画はありません。',
  accessibilitySummaryImages: 'テキスト中心の出版物：見出しは階層構造で、二階層の目次があります。画像には代替テキストがあります。音声・動画はありません。',
  accessibilitySummaryUndescribed:
    'テキスト中心の出版物：見出しは階層構造で、二階層の目次があります。一部の画像には代替テキストがありません。音声・動画はありません。',
};

const ko: Labels = {
  toc: '차례',
  bodymatter: '본문',
  cover: '표지',
  sources: '참고 자료',
  reading: (c, m) => `${c}자, 약 ${m}분 분량`,
  column: '칼럼',
  origin: '출처',
  author: '저자',
  colon: ': ',
  ellipsis: '…',
  notes: '주석',
  citedAt: '본문 인용 위치',
  callout: { note: '참고', tip: '팁', important: '중요', warning: '경고', caution: '주의', info: '정보', danger: '위험', details: '자세히' },
  accessibilitySummary: '텍스트 전용 출판물: 제목은 계층 구조이며 2단계 목차가 있습니다. 이미지, 오디오, 비디오가 없습니다.',
  accessibilitySummaryImages: '텍스트 중심 출판물: 제목은 계층 구조이며 2단계 목차가 있습니다. 이미지에는 대체 텍스트가 있습니다. 오디오나 비디오는 없습니다.',
  accessibilitySummaryUndescribed:
    '텍스트 중심 출판물: 제목은 계층 구조이며 2단계 목차가 있습니다. 일부 이미지에는 대체 텍스트가 없습니다. 오디오나 비디오는 없습니다.',
};

const en: Labels = {
  toc: 'Contents',
  bodymatter: 'Start of content',
  cover: 'Cover',
  sources: 'Sources',
  reading: (c, m) => `${c} characters, about ${m} min to read`,
  column: 'Column',
  origin: 'Source',
  author: 'Author',
  colon: ': ',
  ellipsis: '…',
  notes: 'Notes',
  citedAt: 'Cited at',
  callout: { note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution', info: 'Info', danger: 'Danger', details: 'Details' },
  accessibilitySummary: 'Text-only publication with structured headings and a two-level table of contents; no images, audio or video.',
  accessibilitySummaryImages: 'Text publication with structured headings, a two-level table of contents and images with text alternatives; no audio or video.',
  accessibilitySummaryUndescribed:
    'Text publication with structured headings and a two-level table of contents; some images have no text alternative; no audio or video.',
};

const HANT_REGIONS = new Set(['tw', 'hk', 'mo']);

export function labelsFor(lang: string): Labels {
  const parts = lang.toLowerCase().split('-');
  switch (parts[0]) {
    case 'zh':
      return parts.includes('hant') || parts.some((p) => HANT_REGIONS.has(p)) ? zhHant : zh;
    case 'ja':
      return ja;
    case 'ko':
      return ko;
    default:
      return en;
  }
}

/** Every character the labels can put on a page, for the font-coverage check. */
export function labelChars(l: Labels): string {
  return [l.toc, l.sources, l.reading(1234567890, 1234567890), l.column, l.origin, l.author, l.colon, l.notes, ...Object.values(l.callout), '. '].join('');
}
