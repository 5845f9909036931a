import { describe, expect, it } from 'vitest';
import { labelChars, labelsFor } from '../src/labels.ts';

describe('labels', () => {
  it.each([
    ['zh-CN', '目录', '参考来源'],
    ['zh-Hans', '目录', '参考来源'],
    ['zh-SG', '目录', '参考来源'],
    ['zh-TW', '目錄', '參考來源'],
    ['zh-Hant-HK', '目錄', '參考來源'],
    ['zh-MO', '目錄', '參考來源'],
    ['ja', '目次', '参考資料'],
    ['ko-KR', '차례', '참고 자료'],
    ['en', 'Contents', 'Sources'],
  ])('%s → %s, %s', (lang, toc, sources) => {
    const l = labelsFor(lang);
    expect([l.toc, l.sources]).toEqual([toc, sources]);
  });

  it('lists every character the labels can print, for the font check', () => {
    const l = labelsFor('zh-TW');
    const chars = labelChars(l);
    for (const c of `${l.toc}${l.sources}${l.reading(3797, 10)}${l.column}${l.origin}${l.notes}`) expect(chars).toContain(c);
  });
});
