import { describe, expect, it } from 'vitest';
import { layoutParagraph } from '../../src/layout/index.ts';
import { checkLayout } from '../../src/layout/check.ts';
import type { Line, ParagraphStyle, StyledRun } from '../../src/layout/types.ts';
import { lineStarts, mono, run, splitTokens } from './helpers.ts';

// mono: CJK 10 pt, ASCII 5 pt at size 10. W = 100 holds exactly ten CJK characters.
const body = (width = 100, firstIndent = 0): ParagraphStyle => ({ width, firstIndent, justify: true });
const texts = (lines: Line[]): string[] => lines.map((l) => l.items.map((i) => i.text).join(''));
const CJK20 = '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸';

function lay(text: string, style: ParagraphStyle = body(), runs?: StyledRun[]) {
  const rs = runs ?? [run(text)];
  const lines = layoutParagraph(rs, style);
  const report = checkLayout(rs, style, lines);
  return { lines, report, t: texts(lines) };
}

/** x of the character at source offset `at` (single-run paragraphs). */
function xOf(lines: Line[], lineNo: number, at: string, occurrence = 0): number {
  const line = lines[lineNo];
  if (!line) throw new Error('no line');
  let seen = 0;
  for (const it of line.items) {
    let dx = 0;
    for (const ch of it.text) {
      if (ch === at && seen++ === occurrence) return it.x + dx;
      dx += mono.advance(ch, it.size) + it.charSpacing;
    }
  }
  throw new Error(`${at} not on line ${lineNo}`);
}

describe('line-start prohibitions (clreq basic level)', () => {
  const marks = [...'、，。：；！？）》」』】〕’”', ...',.:;?!)'];
  for (const mk of marks) {
    it(`never starts a line with ${mk}`, () => {
      // the mark falls exactly at the start of line 2 with a naive fill
      const text = CJK20.slice(0, 10) + mk + CJK20.slice(10) + '。';
      const { report, t } = lay(text);
      expect(t.slice(1).every((s) => !s.startsWith(mk))).toBe(true);
      expect(report.violations).toEqual([]);
      expect(t.join('')).toBe(text);
    });
  }
  it('keeps a line-start mark with its character when the line cannot take it (pulls a character down)', () => {
    const text = CJK20.slice(0, 10) + '，' + CJK20.slice(10) + '。';
    const { t, lines } = lay(text);
    expect(t[0]).toBe(CJK20.slice(0, 9));
    expect(t[1]?.startsWith('十，')).toBe(true);
    expect(lines[0]?.stretch).toBeCloseTo(10 / 8, 9); // one em spread over 8 gaps
  });
  it('squeezes a closing mark into the line end when that makes it fit (half width, box sticks out ½ em)', () => {
    const text = CJK20.slice(0, 10) + '，' + CJK20.slice(10) + '。';
    const { t, lines, report } = lay(text, body(105));
    expect(t[0]).toBe(CJK20.slice(0, 10) + '，');
    const l0 = lines[0] as Line;
    expect(l0.endOverhang).toBe(5);
    expect(l0.width).toBeCloseTo(110, 9); // box ends ½ em past the measure, the ink at 105
    expect(xOf(lines, 0, '，')).toBeCloseTo(100, 9);
    expect(report.violations).toEqual([]);
  });
  it('never starts a line with an interpunct, —— or ……', () => {
    for (const mk of ['·', '——', '……']) {
      const text = CJK20.slice(0, 10) + mk + CJK20.slice(10) + '。';
      const { t, report } = lay(text);
      expect(
        t.slice(1).every((s) => !s.startsWith(mk[0] as string)),
        mk,
      ).toBe(true);
      expect(report.violations).toEqual([]);
    }
  });
});

describe('line-end prohibitions', () => {
  for (const mk of [...'（《「『【〔‘“', '(']) {
    it(`never ends a line with ${mk}`, () => {
      // the mark is the 10th character: a naive fill would end line 1 with it
      const text = CJK20.slice(0, 9) + mk + CJK20.slice(9) + '。';
      const { t, report } = lay(text);
      expect(t.slice(0, -1).every((s) => !s.endsWith(mk))).toBe(true);
      expect(report.violations).toEqual([]);
      expect(t.join('')).toBe(text);
    });
  }
  it('may break before an opening quote and after a closing quote (not allowed by UAX #14 of Unicode 13)', () => {
    const text = '一二三四五六七八九“十甲乙”丙丁戊己庚辛壬癸一二三四。';
    const { t, report } = lay(text);
    expect(t[0]).toBe('一二三四五六七八九');
    expect(report.violations).toEqual([]);
  });
});

describe('units that are never split', () => {
  const tokens = ['——', '……', '912.7', '30-50%', '2016-2020', '10.10', 'JD.com', 'babyandmegifts.com', 'jacquelyn', 'myers', 'facebook'];
  const text =
    '以去年天猫双十一为例,在912.7亿元的辉煌纪录背后,是成千上万中小企业彻夜不眠——吐血图利的果实……比如茅台的利润高达30-50%)。' +
    '根据《2016-2020年报告》,在10.10周年的第一天,JD.com和babyandmegifts.com的店主(jacquelyn myers)强调了她在facebook商店最受欢迎的产品。';
  it('keeps numbers, domains, Latin words, —— and …… whole at every measure from 10 to 30 em', () => {
    for (let w = 100; w <= 300; w += 5) {
      const { t, report } = lay(text, body(w, 20));
      expect(splitTokens(tokens, t, text), `width ${w}`).toEqual([]);
      expect(report.violations, `width ${w}`).toEqual([]);
    }
  });
  it('at 6 em only what is wider than the measure is split (babyandmegifts.com is 9 em)', () => {
    const { t, report } = lay(text, body(60, 20));
    expect(report.violations).toEqual([]);
    expect(splitTokens(tokens, t, text)).toEqual(['babyandmegifts.com@' + text.indexOf('babyandmegifts.com')]);
  });
});

describe('URL inside Chinese text', () => {
  const url = 'http://www.stocksun.net/yuqingjiankong/2604.html';
  const text = `详细地址见${url}这个页面上的说明,请大家仔细阅读。`;
  it('breaks a URL only at its own break points (after / and .), never overfull, text intact', () => {
    const u0 = text.indexOf(url);
    let brokeInside = 0;
    // "yuqingjiankong/" (7.5 em) is the widest unbreakable piece
    for (let w = 130; w <= 300; w += 10) {
      const { t, report } = lay(text, body(w));
      expect(report.violations, `width ${w}`).toEqual([]);
      for (const b of lineStarts(t, text)) {
        if (b > u0 && b < u0 + url.length) {
          brokeInside++;
          expect(text[b - 1] === '/' || text[b - 1] === '.', `width ${w}: break at "${text.slice(b - 5, b)}|${text.slice(b, b + 5)}"`).toBe(true);
        }
      }
    }
    expect(brokeInside).toBeGreaterThan(0);
  });
  it('keeps the URL on one line when it fits', () => {
    const { t } = lay(text, body(400));
    expect(t.some((s) => s.includes(url))).toBe(true);
  });
  it('splits a URL wider than the measure instead of running past the margin', () => {
    const long = '见' + 'x'.repeat(60) + '一二三。';
    const { report } = lay(long, body(100));
    expect(report.violations).toEqual([]);
  });
});

describe('punctuation squeeze', () => {
  const flushLeft: ParagraphStyle = { width: 1000, firstIndent: 0, justify: true };
  it('compresses 。」 ）， 。《 to 1.5 em', () => {
    const { lines } = lay('好。」然），他。《书》', flushLeft);
    expect(xOf(lines, 0, '。')).toBe(10);
    expect(xOf(lines, 0, '」')).toBe(15); // 。 takes ½ em
    expect(xOf(lines, 0, '然')).toBe(25);
    expect(xOf(lines, 0, '，') - xOf(lines, 0, '）')).toBe(5);
    expect(xOf(lines, 0, '《') - xOf(lines, 0, '。', 1)).toBe(5);
    expect(xOf(lines, 0, '书') - xOf(lines, 0, '《')).toBe(10);
  });
  it('a full-width closing mark before an ASCII mark used as CJK punctuation loses its blank half: 》,', () => {
    const { lines } = lay('报告》,显示,《书》。', flushLeft);
    expect(xOf(lines, 0, ',') - xOf(lines, 0, '》')).toBe(5);
    // ,《 is left alone: 《 must not start before the comma (text extraction order)
    expect(xOf(lines, 0, '《') - xOf(lines, 0, ',', 1)).toBe(5);
    expect(xOf(lines, 0, '书') - xOf(lines, 0, '《')).toBe(10);
  });
  it('a justified line ending in a full-width closing mark sets it half width, ink flush', () => {
    const text = CJK20.slice(0, 9) + '。' + CJK20.slice(9) + '。';
    const { lines, report } = lay(text);
    const l0 = lines[0] as Line;
    expect(l0.endOverhang).toBe(5);
    expect(xOf(lines, 0, '。')).toBeCloseTo(95, 9);
    expect(l0.width).toBeCloseTo(105, 9);
    expect(report.endSqueezedLines).toBe(1);
    expect(report.violations).toEqual([]);
  });
  it('ASCII punctuation between CJK is set tight, with no inserted space', () => {
    const { lines, t } = lay('背后,是(他)说:对;吗?好!', flushLeft);
    expect(t.join('')).toBe('背后,是(他)说:对;吗?好!');
    expect(xOf(lines, 0, '是') - xOf(lines, 0, ',')).toBe(5);
    expect(xOf(lines, 0, '他') - xOf(lines, 0, '(')).toBe(5);
    expect(xOf(lines, 0, '说') - xOf(lines, 0, ')')).toBe(5);
    expect(lines[0]?.items.every((i) => !i.text.includes(' '))).toBe(true);
  });
});

describe('CJK–Western spacing', () => {
  const flushLeft: ParagraphStyle = { width: 1000, firstIndent: 0, justify: true };
  it('puts ¼ em between a CJK letter and a Latin letter or digit, as an x offset', () => {
    const { lines, t } = lay('中文abc中文2016年', flushLeft);
    expect(t[0]).toBe('中文abc中文2016年');
    expect(xOf(lines, 0, 'a')).toBe(22.5);
    expect(xOf(lines, 0, '中', 1)).toBe(22.5 + 15 + 2.5);
    expect(xOf(lines, 0, '2')).toBe(40 + 20 + 2.5);
    expect(xOf(lines, 0, '年')).toBe(62.5 + 20 + 2.5);
  });
  it('no ¼ em next to punctuation', () => {
    const { lines } = lay('在1.0和(abc)里', flushLeft);
    expect(xOf(lines, 0, '1')).toBe(12.5);
    expect(xOf(lines, 0, '(')).toBe(10 + 2.5 + 15 + 2.5 + 10);
  });
  it('no ¼ em at line start or end', () => {
    // "abcdef" (30 pt) cannot follow 八 on line 1, so line 2 starts with it
    const text = '一二三四五六七八abcdef九十甲乙丙丁戊己庚辛壬癸。';
    const { lines, t, report } = lay(text);
    expect(report.violations).toEqual([]);
    const li = t.findIndex((s) => s.startsWith('abcdef'));
    expect(li).toBeGreaterThan(0);
    expect(lines[li]?.items[0]?.x).toBe(0);
    const prev = lines[li - 1] as Line;
    expect(prev.width).toBeCloseTo(100, 9); // no ¼ em hanging at the end of the line above
  });
});

describe('justification', () => {
  it('every non-final line ends exactly at the measure; trailing characterSpacing never pushes it out', () => {
    const text = '以去年天猫双十一为例,在912.7亿元的辉煌纪录背后,是成千上万中小企业彻夜不眠、吐血图利的果实。'.repeat(4);
    for (const w of [97, 123.4, 150, 211.1]) {
      const { lines, report } = lay(text, body(w, 20));
      expect(report.violations, `width ${w}`).toEqual([]);
      for (const l of lines.slice(0, -1)) {
        expect(Math.abs(l.width - l.endOverhang - w)).toBeLessThan(0.1);
        expect(l.items[l.items.length - 1]?.charSpacing).toBe(0);
      }
      expect(report.flushLines).toBe(report.justifyLines);
    }
  });
  it('stretch goes between characters, never inside a number or a word', () => {
    const text = '在912.7亿元的辉煌纪录背后是成千上万中小企业的facebook果实。';
    const { lines } = lay(text, body(120));
    for (const l of lines) for (const it of l.items) if (/[0-9a-z]/.test(it.text)) expect(it.charSpacing).toBe(0);
  });
  it('first-line indent on the first line only', () => {
    const { lines } = lay(CJK20 + CJK20 + '。', body(100, 20));
    expect(lines[0]?.items[0]?.x).toBe(20);
    for (const l of lines.slice(1)) expect(l.items[0]?.x).toBe(0);
  });
  it('headings (justify: false) are set flush left without stretch', () => {
    const style: ParagraphStyle = { width: 100, firstIndent: 0, justify: false };
    const text = '分析社会网络的发展规律,建立不同于传统的品牌壁垒';
    const { lines, t } = lay(text, style);
    expect(t.join('')).toBe(text);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(l.stretch).toBe(0);
      expect(l.items.every((i) => i.charSpacing === 0)).toBe(true);
      expect(l.width).toBeLessThanOrEqual(100 + 1e-9);
    }
  });
  it('re-breaks rather than exceeding maxStretchPerGap when it can', () => {
    // 13 CJK characters, then a 5 em word: filling line 1 (10 characters) and ending line 2 after the
    // word would leave 3 characters + the word on line 2 (5.8 pt per gap); other breaks stay <= 2 pt.
    const text = CJK20.slice(0, 13) + 'abcdefghij' + CJK20 + '。';
    const style: ParagraphStyle = { width: 100, firstIndent: 0, justify: true, maxStretchPerGap: 2 };
    const { lines, report, t } = lay(text, style);
    expect(report.violations).toEqual([]);
    for (const l of lines) expect(l.stretch).toBeLessThanOrEqual(2 + 1e-9);
  });
  it('a line holding one word alone is letter-spaced with its ink flush', () => {
    const text = '一二三四五六七八 jacquelyn 九十甲乙丙丁戊己庚辛。';
    const { report, t } = lay(text, body(55));
    expect(report.violations).toEqual([]);
    expect(t).toContain('jacquelyn');
  });
});

describe('孤字 (single-character last line)', () => {
  it('pulls a character down so the last line holds at least two', () => {
    const text = CJK20 + '子。';
    // naive fill: 10 | 10 | 子。
    const { t, report, lines } = lay(text);
    expect(report.violations).toEqual([]);
    const last = t[t.length - 1] as string;
    expect(last.replace(/[。]$/, '').length).toBeGreaterThanOrEqual(2);
    for (const l of lines.slice(0, -1)) expect(l.width).toBeCloseTo(100, 9);
  });
  it('closing punctuation does not count: "子?" alone is still a single character', () => {
    const text = CJK20 + '子?';
    const { t } = lay(text);
    expect((t[t.length - 1] as string).replace(/[?]$/, '').length).toBeGreaterThanOrEqual(2);
  });
});

describe('runs, links and the text contract', () => {
  it('items follow runs (font, size, link) and concatenate to the input', () => {
    const runs: StyledRun[] = [
      run('当全民疯狂购物的盛大节日不能给中小企业带来实惠,'),
      run('当越来越多的中小企业', mono, 10, { fontKey: 'bold' }),
      run('买不起直达车', mono, 10, { link: 'https://example.com/' }),
      run(',人们不禁会想:中小企业的生存之道在哪里?'),
    ];
    const style = body(100, 20);
    const lines = layoutParagraph(runs, style);
    const report = checkLayout(runs, style, lines);
    expect(report.violations).toEqual([]);
    const items = lines.flatMap((l) => l.items);
    expect(items.map((i) => i.text).join('')).toBe(runs.map((r) => r.text).join(''));
    expect(
      items
        .filter((i) => i.fontKey === 'bold')
        .map((i) => i.text)
        .join(''),
    ).toBe('当越来越多的中小企业');
    expect(
      items
        .filter((i) => i.link)
        .map((i) => i.text)
        .join(''),
    ).toBe('买不起直达车');
  });
  it('drops only line-final ASCII spaces', () => {
    const text = '店主杰奎琳迈尔斯 jacquelyn myers and friends 强调了她在商店最受欢迎的产品。';
    for (let w = 60; w <= 200; w += 7) {
      const { t, report } = lay(text, body(w));
      expect(report.violations, `width ${w}`).toEqual([]);
      expect(t.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      expect(t.every((s) => !s.endsWith(' '))).toBe(true);
    }
  });
  it('is deterministic', () => {
    const text = CJK20.repeat(5) + '。';
    expect(layoutParagraph([run(text)], body(123, 20))).toEqual(layoutParagraph([run(text)], body(123, 20)));
  });
  it('empty input gives no lines', () => {
    expect(layoutParagraph([run('')], body())).toEqual([]);
  });
});

describe('the checker catches what it should', () => {
  it('reports kinsoku, overfull, not-flush, lone character and text changes', () => {
    const rs = [run('一二三，四五')];
    const style = body(30);
    const item = (text: string, x: number) => ({ text, x, fontKey: 'mono', size: 10, charSpacing: 0, width: mono.advance(text, 10) });
    const bad: Line[] = [
      { items: [item('一二', 0)], width: 20, last: false, justified: true, endOverhang: 0, stretch: 0, squeeze: 0 },
      { items: [item('三，四', 0)], width: 30, last: false, justified: true, endOverhang: 0, stretch: 0, squeeze: 0 },
      { items: [item('五X', 0)], width: 15, last: true, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 },
    ];
    const kinds = checkLayout(rs, style, bad).violations.map((v) => v.kind);
    expect(kinds).toContain('text');
    expect(kinds).toContain('not-flush');
    const bad2: Line[] = [
      { items: [item('一二三', 0)], width: 30, last: false, justified: true, endOverhang: 0, stretch: 0, squeeze: 0 },
      { items: [item('，四五', 0)], width: 30, last: true, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 },
    ];
    expect(checkLayout(rs, style, bad2).violations.map((v) => v.kind)).toContain('kinsoku-start');
    const over: Line[] = [{ items: [item('一二三，四五', 0)], width: 60, last: true, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 }];
    expect(checkLayout(rs, style, over).violations.map((v) => v.kind)).toContain('overfull');
    const lone: Line[] = [
      { items: [item('一二三', 0)], width: 30, last: false, justified: true, endOverhang: 0, stretch: 0, squeeze: 0 },
      { items: [item('，四', 0)], width: 20, last: false, justified: true, endOverhang: 0, stretch: 0, squeeze: 0 },
      { items: [item('五', 0)], width: 10, last: true, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 },
    ];
    expect(checkLayout(rs, style, lone).violations.map((v) => v.kind)).toContain('lone-char');
  });
});

describe('attached runs (superscript footnote and link numbers)', () => {
  const texts = (lines: Line[]) => lines.map((l) => l.items.map((i) => i.text).join(''));
  it('sets no ¼ em gap in front of an attached number', () => {
    const lines = layoutParagraph([run('中文'), run('[1]', mono, 7, { attach: true }), run('后面')], { width: 1000, firstIndent: 0, justify: true });
    const items = (lines[0] as Line).items;
    const sup = items.find((i) => i.text.startsWith('['));
    expect(sup?.x).toBe(20);
  });
  it('never starts a line with an attached number when another break exists', () => {
    // 10 CJK characters fill a 100 pt line exactly; without attach, "[1]" would start line 2
    for (const width of [100, 95, 90]) {
      const lines = layoutParagraph([run('一二三四五六七八九十'), run('[1]', mono, 7, { attach: true }), run('甲乙丙丁戊己庚辛')], {
        width,
        firstIndent: 0,
        justify: true,
      });
      const t = texts(lines);
      expect(t.join('')).toBe('一二三四五六七八九十[1]甲乙丙丁戊己庚辛');
      for (const s of t.slice(1)) expect(s.startsWith('[')).toBe(false);
    }
  });
});

describe('word-break: keep-all (Korean)', () => {
  const text = '서울의 오래된 골목길에는 작은 가게들이 줄지어 있다. 아침이면 빵 굽는 냄새가 퍼지고, 저녁이면 포장마차의 불빛이 길을 밝힌다.';
  const words = new Set(text.split(/\s+/));
  for (const width of [60, 85, 110, 140]) {
    it(`breaks only between words and justifies by word spacing (measure ${width} pt)`, () => {
      const style: ParagraphStyle = { width, firstIndent: 0, justify: true, wordBreak: 'keep-all' };
      const lines = layoutParagraph([run(text)], style);
      const t = lines.map((l) => l.items.map((i) => i.text).join(''));
      expect(t.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      for (const s of t) for (const w of s.trim().split(/\s+/)) expect(words.has(w) || [...w].length > width / 10).toBe(true);
      for (const l of lines.slice(0, -1)) expect(l.width).toBeCloseTo(width, 6);
    });
  }
  it('still breaks between Hangul syllables without keep-all', () => {
    const lines = layoutParagraph([run(text)], { width: 85, firstIndent: 0, justify: true });
    const t = lines.map((l) =>
      l.items
        .map((i) => i.text)
        .join('')
        .trim(),
    );
    expect(t.some((s) => s.split(/\s+/).some((w) => !words.has(w)))).toBe(true);
  });
});
