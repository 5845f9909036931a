/**
 * `cjkpress import` for Aozora Bunko texts (青空文庫, https://www.aozora.gr.jp/): the plain-text format of the
 * library's files (Shift_JIS or UTF-8, CRLF), with its notation (注記, "Aozora Bunko annotation manual"):
 *
 *   title, [subtitle,] author[, translator] lines  → front matter `title`, `author`
 *   the legend between two dashed lines            → dropped (it explains the notation)
 *   ｜base《reading》, 漢字《reading》               → `<ruby>base<rt>reading</rt></ruby>`
 *   ［＃「X」は大見出し］ (中見出し, 小見出し; also ［＃中見出し］X［＃中見出し終わり］)
 *                                                  → `##` / `###` / `####` (the largest level used → ##)
 *   ※［＃「目＋爭」、第3水準1-88-85］, ※［＃…、U+XXXX、…］ → the character (JIS X 0213 table, ./gaiji.ts);
 *                                                    a note with no code → 〓 and a warning
 *   ［＃「X」に傍点］ (any 傍点)                     → emphasis dots on X (`*X*`); ［＃「X」は太字］ → `**X**`
 *   ［＃ここから２字下げ］ … ［＃ここで字下げ終わり］ → a block quote (indented); one-line 字下げ, 地付き,
 *                                                    字上げ, 改ページ, 改丁, 改段 … → dropped (layout of the source)
 *   other ［＃…］ notes (editorial: 「…」は底本では「…」, ママ …) → dropped, counted in one warning
 *   ／＼, ／″＼ (くの字点)                            → 〳〵, 〴〵
 *   底本： and the lines after it (the colophon)    → kept at the end, after a rule, line by line
 *
 * One line of the source is one paragraph (the leading 　 is the source's indent: the book indents itself).
 * The result depends only on the text and the options.
 */
import { emitFrontMatter } from '../frontmatter.ts';
import { escapeBlockStart, escapeInline } from '../markdown.ts';
import { readingStats } from '../stats.ts';
import { GETA, gaijiChar } from './gaiji.ts';

export interface AozoraResult {
  markdown: string;
  warnings: { line: number | undefined; message: string; rule: string }[];
}

const DASHES = /^-{10,}\s*$/;
const LEGEND = '【テキスト中に現れる記号について】';
/** a reading after kanji in kana only (Chinese 《书名》 never is) */
const KANA_RUBY = /[\p{Script=Han}々〆〇ヶ]《[\p{Script=Hiragana}\p{Script=Katakana}ー・]+》/u;

/**
 * Whether a text is in Aozora Bunko's format: its legend, a ［＃…］ note, a 底本： colophon line, or at least two
 * kana readings after kanji (漢字《かんじ》).
 */
export function looksLikeAozora(text: string): boolean {
  if (text.includes(LEGEND) || text.includes('［＃')) return true;
  if (/^底本：/mu.test(text) && text.includes('《')) return true;
  const g = new RegExp(KANA_RUBY.source, 'gu');
  let n = 0;
  for (const _ of text.matchAll(g)) if (++n >= 2) return true;
  return false;
}

/** A piece of a line: text, a ruby base with its reading; `em` / `strong`: marked by a note. */
interface Unit {
  text: string;
  rt?: string;
  em?: boolean;
  strong?: boolean;
}

type HeadingMark = { level: number; text?: string };

interface LineResult {
  units: Unit[];
  heading?: HeadingMark;
  /** ここから…字下げ / 字上げ / 地付き starts (true) or ends (false) an indented block */
  block?: boolean;
}

/** Kanji (and the marks that go with them) a reading after 《 attaches to, when no ｜ says where the base starts. */
const KANJI_RUN = /[\p{Script=Han}々〆〇ヶ仝〻〓]+$/u;
/** Without kanji before 《: the run of one kind of letter before it (katakana, Latin, hiragana). */
const OTHER_RUNS = [/[\p{Script=Katakana}ー]+$/u, /[A-Za-zＡ-Ｚａ-ｚ0-9０-９]+$/u, /[\p{Script=Hiragana}]+$/u];

const HEADING_LEVEL: Record<string, number> = { 大: 1, 中: 2, 小: 3 };

export function importAozora(text: string, opts: { file: string; lang: string }): AozoraResult {
  const warnings: AozoraResult['warnings'] = [];
  const warn = (line: number | undefined, message: string, rule = 'aozora'): void => {
    warnings.push({ line, message, rule });
  };
  const lines = text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t) => t.replace(/[\s\u3000]+$/u, ''));

  // header: the lines before the first blank or dashed line
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  const header: string[] = [];
  while (i < lines.length && (lines[i] ?? '').trim() !== '' && !DASHES.test(lines[i] ?? '')) header.push((lines[i++] ?? '').trim());
  // the legend between two dashed lines
  let j = i;
  while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
  if (DASHES.test(lines[j] ?? '')) {
    let k = j + 1;
    while (k < lines.length && !DASHES.test(lines[k] ?? '')) k++;
    if (k < lines.length) i = k + 1;
  }
  // the colophon: from the last line starting with 底本： to the end
  let end = lines.length;
  for (let k = lines.length - 1; k >= i; k--) {
    if (/^底本[：:]/u.test((lines[k] ?? '').trim())) {
      end = k;
      break;
    }
  }

  const { title, author } = titleAuthor(header, opts.file);
  let notesDropped = 0;
  let firstDropped: number | undefined;
  const body: { kind: 'p' | 'h'; units: Unit[]; level?: number; quote: boolean; line: number }[] = [];
  let quote = 0;
  const levels = new Set<number>();
  for (let k = i; k < end; k++) {
    const raw = (lines[k] ?? '').replace(/^[\s\u3000]+/u, '');
    if (raw === '') continue;
    const lineNo = k + 1;
    const r = parseLine(raw, lineNo, warn, () => {
      notesDropped++;
      firstDropped ??= lineNo;
    });
    if (r.block === true) quote++;
    else if (r.block === false) quote = Math.max(0, quote - 1);
    if (plain(r.units).trim() === '') continue;
    if (r.heading) {
      levels.add(r.heading.level);
      body.push({ kind: 'h', units: r.units, level: r.heading.level, quote: false, line: lineNo });
    } else body.push({ kind: 'p', units: r.units, quote: quote > 0, line: lineNo });
  }
  if (notesDropped > 0) warn(firstDropped, `${notesDropped} editorial note${notesDropped === 1 ? '' : 's'} ［＃…］ dropped (the text they comment on stays)`);

  // the largest heading level used becomes ##, the next ###, then ####
  const rank = [...levels].sort((a, b) => a - b);
  const out: string[] = [];
  let prevQuote = false;
  for (const b of body) {
    if (b.kind === 'h') {
      const level = 2 + rank.indexOf(b.level ?? 2);
      out.push(`${'#'.repeat(level)} ${inlineMarkdown(b.units).replace(/(#+)$/u, '\\$1')}`);
      prevQuote = false;
      continue;
    }
    const md = escapeBlockStart(inlineMarkdown(b.units));
    if (b.quote) {
      // consecutive lines of an indented block are paragraphs of one quote
      if (prevQuote) out[out.length - 1] += `\n>\n> ${md}`;
      else out.push(`> ${md}`);
    } else out.push(md);
    prevQuote = b.quote;
  }
  if (out.length === 0) warn(undefined, 'no text found between the header and the colophon', 'empty-article');

  // the colophon, line by line (hard line breaks), paragraphs at its blank lines
  const colophon: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) colophon.push(para.join('\\\n'));
    para = [];
  };
  for (let k = end; k < lines.length; k++) {
    const t = (lines[k] ?? '').replace(/^[\s\u3000]+/u, '');
    if (t === '') flush();
    else {
      const r = parseLine(t, k + 1, warn, () => {});
      const md = inlineMarkdown(r.units);
      if (md) para.push(para.length ? md : escapeBlockStart(md));
    }
  }
  flush();

  const fm = emitFrontMatter({
    title,
    lang: opts.lang,
    reading: readingStats(body.map((b) => plain(b.units))),
    ...(author ? { author } : {}),
    sources: [],
  });
  const parts = [...out, ...(colophon.length ? ['---', ...colophon] : [])];
  return { markdown: `${fm}\n${parts.join('\n\n')}\n`, warnings };
}

/** Title (with a subtitle) and author (with a translator) from the header lines. */
function titleAuthor(header: readonly string[], file: string): { title: string; author?: string } {
  const clean = (s: string): string =>
    plain(
      parseLine(
        s,
        0,
        () => {},
        () => {},
      ).units,
    ).trim();
  const h = header.map(clean).filter(Boolean);
  const stem = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
  if (h.length === 0) return { title: stem };
  if (h.length === 1) return { title: h[0] ?? stem };
  if (h.length === 2) return { title: h[0] ?? stem, author: h[1] ?? '' };
  // title, subtitle, author[, translator]; or title, author, translator (…訳)
  const translator = /訳$/u.test(h[h.length - 1] ?? '');
  if (h.length === 3 && translator) return { title: h[0] ?? stem, author: `${h[1]}　${h[2]}` };
  const author = translator ? `${h[h.length - 2]}　${h[h.length - 1]}` : (h[h.length - 1] ?? '');
  const titleParts = h.slice(0, translator ? h.length - 2 : h.length - 1);
  return { title: titleParts.join('　'), author };
}

/** The text of the units, readings left out. */
function plain(units: readonly Unit[]): string {
  return units.map((u) => u.text).join('');
}

/** Markdown of a line's units: ruby as `<ruby>`, marked runs as `*…*` / `**…**` (punctuation kept outside). */
function inlineMarkdown(units: readonly Unit[]): string {
  let s = '';
  for (const u of units) {
    const mark = u.strong ? '**' : u.em ? '*' : '';
    if (u.rt !== undefined) {
      const base = escapeText(u.text);
      s += `<ruby>${mark}${base}${mark}<rt>${escapeText(u.rt)}</rt></ruby>`;
    } else if (mark) {
      // CommonMark only opens and closes emphasis next to a non-punctuation character: the marks go around
      // the run without the punctuation at its ends
      const m = /^([\p{P}\p{S}\s]*)(.*?)([\p{P}\p{S}\s]*)$/su.exec(u.text);
      const core = m?.[2] ?? '';
      s += core ? `${escapeText(m?.[1] ?? '')}${mark}${escapeText(core)}${mark}${escapeText(m?.[3] ?? '')}` : escapeText(u.text);
    } else s += escapeText(u.text);
  }
  return s;
}

/** Inline escapes, and `{…|…}` that the reader would take for ruby. */
function escapeText(t: string): string {
  return escapeInline(t).replace(/\{(?=[^{}\n]*\|[^{}\n]*\})/gu, '\\{');
}

/**
 * One line of the text → units (text and ruby), its heading mark and indented-block directive. Gaiji
 * notes are resolved first (a gaiji may be part of a ruby base), then readings and notes in order.
 */
function parseLine(src: string, line: number, warn: (line: number | undefined, message: string, rule?: string) => void, dropped: () => void): LineResult {
  let text = src.replace(/※［＃([^］]*)］/gu, (whole, note: string) => {
    const ch = gaijiChar(note);
    if (ch !== undefined) return ch;
    warn(line, `gaiji ${whole} names no JIS X 0213 code or Unicode code point: shown as ${GETA}`, 'gaiji');
    return GETA;
  });
  text = text.replace(/／″＼/gu, '〴〵').replace(/／＼/gu, '〳〵');

  const units: Unit[] = [];
  const res: LineResult = { units };
  const pushText = (t: string): void => {
    if (!t) return;
    const last = units[units.length - 1];
    if (last && last.rt === undefined && !last.em && !last.strong) last.text += t;
    else units.push({ text: t });
  };
  const TOKEN = /｜([^｜《》［］]*)《([^《》]*)》|《([^《》]*)》|［＃([^］]*)］/gu;
  let at = 0;
  let headingStart: { level: number; unit: number } | undefined;
  for (const m of text.matchAll(TOKEN)) {
    const pos = m.index ?? 0;
    pushText(text.slice(at, pos));
    at = pos + m[0].length;
    if (m[1] !== undefined) {
      // ｜base《reading》 (an editorial note inside a reading is dropped with it)
      const reading = stripNotes(m[2] ?? '', dropped);
      if (m[1] && reading) units.push({ text: m[1], rt: reading });
      else pushText(m[1]);
    } else if (m[3] !== undefined) {
      // 漢字《reading》: the base is the run of kanji before it — or what follows a ｜ that a note kept from
      // matching above (｜漢字［＃…］《かんじ》)
      const reading = stripNotes(m[3], dropped);
      const last = units[units.length - 1];
      if (last && last.rt === undefined && reading) {
        // a base a note marked (傍点) right after a ｜: the marked run is the base
        const prev = units[units.length - 2];
        if ((last.em || last.strong) && prev && prev.rt === undefined && prev.text.endsWith('｜')) {
          prev.text = prev.text.slice(0, -1);
          if (prev.text === '') units.splice(units.length - 2, 1);
          last.rt = reading;
          continue;
        }
        const bar = last.text.lastIndexOf('｜');
        const marked = bar >= 0 && bar < last.text.length - 1 ? ([last.text.slice(bar)] as RegExpExecArray) : null;
        const run = marked ?? KANJI_RUN.exec(last.text) ?? OTHER_RUNS.map((re) => re.exec(last.text)).find((x) => x !== null);
        if (run?.[0]) {
          last.text = last.text.slice(0, last.text.length - run[0].length);
          const base = { text: marked ? run[0].slice(1) : run[0], rt: reading, ...(last.em ? { em: true } : {}), ...(last.strong ? { strong: true } : {}) };
          if (last.text === '') units.pop();
          units.push(base);
          continue;
        }
      }
      warn(line, `reading 《${reading}》 follows nothing it can belong to: shown in brackets`);
      pushText(`（${reading}）`);
    } else {
      const note = (m[4] ?? '').trim();
      const r = applyNote(note, units, line, warn);
      if (r === 'dropped') dropped();
      else if (typeof r === 'object' && 'heading' in r) {
        if (r.heading.text !== undefined) res.heading = { level: r.heading.level };
        else if (r.end) {
          if (headingStart) res.heading = { level: headingStart.level };
        } else headingStart = { level: r.heading.level, unit: units.length };
      } else if (typeof r === 'object' && 'block' in r) res.block = r.block;
    }
  }
  pushText(text.slice(at));
  // a heading written with start and end notes and nothing after the end: the line is the heading
  if (headingStart && !res.heading) res.heading = { level: headingStart.level };
  // leading white space left by a removed note (［＃８字下げ］第一夜)
  const first = units[0];
  if (first && first.rt === undefined) first.text = first.text.replace(/^[\s\u3000]+/u, '');
  if (first && first.text === '') units.shift();
  return res;
}

/** A reading without the editorial notes inside it (`《かんじ［＃「かんじ」はママ］》`), trimmed. */
function stripNotes(reading: string, dropped: () => void): string {
  return reading
    .replace(/［＃[^］]*］/gu, () => {
      dropped();
      return '';
    })
    .trim();
}

type NoteResult = 'dropped' | 'done' | { heading: HeadingMark; end?: boolean } | { block: boolean } | undefined;

/** Applies one ［＃…］ note to the units before it. */
function applyNote(note: string, units: Unit[], line: number, warn: (line: number | undefined, message: string, rule?: string) => void): NoteResult {
  let m = /^「(.+)」は(大|中|小)見出し$/u.exec(note) ?? /^「(.+)」は(?:同行|窓)?(大|中|小)見出し$/u.exec(note);
  if (m) return { heading: { level: HEADING_LEVEL[m[2] ?? '中'] ?? 2, text: m[1] ?? '' } };
  m = /^(?:ここから)?(?:同行|窓)?(大|中|小)見出し$/u.exec(note);
  if (m) return { heading: { level: HEADING_LEVEL[m[1] ?? '中'] ?? 2 } };
  m = /^(?:ここで)?(?:同行|窓)?(大|中|小)見出し終わり$/u.exec(note);
  if (m) return { heading: { level: HEADING_LEVEL[m[1] ?? '中'] ?? 2 }, end: true };
  m = /^「(.+)」に(?:.*)傍点$/u.exec(note);
  if (m) return mark(units, m[1] ?? '', 'em', line, warn);
  m = /^「(.+)」は太字$/u.exec(note);
  if (m) return mark(units, m[1] ?? '', 'strong', line, warn);
  m = /^「(.+)」は斜体$/u.exec(note);
  if (m) return mark(units, m[1] ?? '', 'em', line, warn);
  if (/^ここから.*(?:字下げ|字上げ|地付き|字詰め)/u.test(note)) return { block: true };
  if (/^ここで.*(?:字下げ|字上げ|地付き|字詰め).*終わり$/u.test(note)) return { block: false };
  // the layout of the printed source: the book lays itself out
  if (
    /字下げ|字上げ|地付き|地寄せ|改ページ|改丁|改段|改見開き|ページの左右中央|本文終わり|字詰め|縦中横|横組み|割り注|行右小書き|行左小書き|上付き小文字|下付き小文字|罫囲み|傍線|波線|破線|鎖線|二重傍線|ルビ/u.test(
      note,
    )
  )
    return 'done';
  return 'dropped';
}

/** Marks the last occurrence of `target` in the units (the text just before the note) as emphasis or strong. */
function mark(
  units: Unit[],
  target: string,
  how: 'em' | 'strong',
  line: number,
  warn: (line: number | undefined, message: string, rule?: string) => void,
): NoteResult {
  const text = plain(units);
  const start = text.lastIndexOf(target);
  if (start < 0 || target === '') {
    warn(line, `［＃「${target}」…］ refers to text not found before it on its line: ignored`);
    return 'done';
  }
  const stop = start + target.length;
  // split text units at the span's edges; a ruby unit the span touches is marked whole
  const out: Unit[] = [];
  let pos = 0;
  for (const u of units) {
    const a = pos;
    const b = pos + u.text.length;
    pos = b;
    if (b <= start || a >= stop) {
      out.push(u);
      continue;
    }
    if (u.rt !== undefined) {
      out.push({ ...u, [how]: true });
      continue;
    }
    const s0 = Math.max(start, a) - a;
    const s1 = Math.min(stop, b) - a;
    if (s0 > 0) out.push({ ...u, text: u.text.slice(0, s0) });
    out.push({ ...u, text: u.text.slice(s0, s1), [how]: true });
    if (s1 < u.text.length) out.push({ ...u, text: u.text.slice(s1) });
  }
  units.splice(0, units.length, ...out);
  return 'done';
}
