/**
 * fast-check generators of Markdown articles with every construct an author writes: ## … ###### headings
 * (with `{#custom-id}`), paragraphs of CJK, Latin, Cyrillic, Thai and Hebrew text, emoji (ZWJ sequences
 * too), punctuation, emphasis, strong, code spans full of operator sequences, links (http, mailto,
 * javascript:, #id, URLs up to 3,000 characters), long unbroken words, `$math$`, footnotes, hard breaks,
 * raw HTML, characters XML forbids; nested lists (tight and loose, bullet and ordered with start numbers,
 * 1–6 levels, task lists), block quotes holding headings, fenced and indented code blocks, GFM tables,
 * GitHub alerts `> [!NOTE]`, `::: tip` / `::: details` containers, images (a PNG beside the test, a
 * missing file, a remote https URL), and ruby (`<ruby>` and `{base|rt}`, group and per character; kana,
 * pinyin and zhuyin readings, some longer than any line).
 *
 * Each document comes with its oracle:
 *  - `blocks` / `print`: per top-level block, the text a reader of the EPUB / the PDF must see, in order
 *    (whitespace aside). GAP marks a place where the book may show anything (a list marker, a footnote
 *    number, an alert's label, math as the renderer sets it, a script whose extraction from a PDF is not
 *    the source order: Hebrew, Thai, emoji): the text on each side of it must be there exactly.
 *  - `absent`: source syntax that must not be shown as text (a container's `::: tip`, an alert's `[!NOTE]`,
 *    a heading's `{#id}`, a task's `[ ]`), so a construct the reader passes through as text is caught.
 *  - `images`: the images that cannot be loaded, in order (a missing file must fail the build with
 *    `[missing-asset]` at its line; a remote one may fail with `[remote-resource]` or be replaced).
 */
import fc from 'fast-check';

/** What the sanitizer removes (lone surrogates only reach it from library callers, never from a UTF-8 file). */
export const FORBIDDEN = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\ufffe', '\uffff'];
// high halves only: a high and a low half side by side would be a valid pair (an astral character), not lone
const LONE_SURROGATES = ['\ud800', '\udbff'];
/** In an oracle: the book may show anything here (or nothing). */
export const GAP = '\u{10FFFD}';
/**
 * At the start of an oracle segment: its characters in order, anything between them. A table cell in
 * the PDF: a long cell wraps inside its column, and a row split over two pages has the header row
 * repeated inside it, so neither a cell's text nor its line order is one run in the extracted text.
 */
export const LOOSE = '\u{10FFFC}';
/** Placeholders filled in when the document is put together (footnote labels, heading ids). */
const NOTE_REF = '\u{F0001}';
const HEADING_ID = '\u{F0002}';

/** Common characters (all in Noto Serif SC). */
const HAN =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据';
const CJK_PUNCT = '，。、；：？！“”‘’（）《》【】—…·「」';
const ASCII_PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ';
const THAI = ['ภาษาไทย', 'สวัสดี', 'กรุงเทพมหานคร', 'ขอบคุณครับ', 'น้ำ'];
const HEBREW = ['שלום', 'עברית', 'ירושלים', 'תודה רבה'];
const EMOJI = ['😀', '👍🏽', '🇨🇳', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏻‍💻', '❤️', '🧑‍🚀', '1️⃣'];
/** Sequences that fonts with programming ligatures substitute (and once crashed the PDF writer). */
const OPERATORS = [
  '==',
  '===',
  '=>',
  '!==',
  '!=',
  '...',
  '://',
  '&&',
  '||',
  '***',
  '</',
  '<!--',
  '-->',
  '<=',
  '>=',
  '->',
  '<-',
  '::',
  '++',
  '--',
  '/*',
  '*/',
  '//',
  '#{',
  '|>',
  '<>',
  '~~',
  '%%',
  '^^',
  '??',
  '?.',
  '.=',
];

/** A piece of Markdown, the text an EPUB reader sees (`text`), and what the PDF shows (`print`, GAP-marked). */
export interface Piece {
  md: string;
  text: string;
  print: string;
  /** footnote definitions this piece refers to (their text), in order */
  notes?: Piece[];
}

const p = (md: string, text = md, print = text): Piece => ({ md, text, print });

const join = (ps: Piece[], sep: Piece = p('')): Piece => {
  const notes = ps.flatMap((x) => x.notes ?? []);
  return {
    md: ps.map((x) => x.md).join(sep.md),
    text: ps.map((x) => x.text).join(sep.text),
    print: ps.map((x) => x.print).join(sep.print),
    ...(notes.length > 0 ? { notes } : {}),
  };
};

const escapeMd = (s: string): string => s.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);

const han = fc.array(fc.constantFrom(...HAN), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const latin = fc.stringMatching(/^[A-Za-z]{1,9}$/);
const letters: fc.Arbitrary<Piece> = fc.oneof({ weight: 3, arbitrary: han }, { weight: 1, arbitrary: latin }).map((s) => p(s));
const digits = fc.stringMatching(/^[0-9]{1,5}$/).map((s) => p(s));
const cjkPunct = fc.constantFrom(...CJK_PUNCT).map((s) => p(s));
const asciiPunct = fc.constantFrom(...ASCII_PUNCT).map((s) => p(escapeMd(s), s));
const space = fc.constantFrom(' ', '\u3000', '\t').map((s) => p(s));
const cyrillic = fc.array(fc.constantFrom(...CYRILLIC), { minLength: 1, maxLength: 10 }).map((a) => p(a.join('')));
// a PDF's text of right-to-left or complex-shaped scripts and of emoji comes back in glyph order, or as
// whatever the fallback font maps: the EPUB must have them exactly, the PDF only around them
const thai = fc.constantFrom(...THAI).map((s) => p(s, s, GAP));
// pdf.js reorders a text item holding right-to-left letters (bidi), digits and punctuation next to them
// included: Hebrew comes between two Han characters, whose strong direction keeps the rest in place
const hebrew = fc.constantFrom(...HEBREW).map((s) => p(`中${s}文`, `中${s}文`, `中${GAP}文`));
const emoji = fc.constantFrom(...EMOJI).map((s) => p(s, s, GAP));
/** a word with no break opportunity, as long as a pasted hash or a German compound gone wrong */
const longWord = fc
  .tuple(fc.integer({ min: 80, max: 1500 }), fc.constantFrom('a', 'Zq', 'xy7', '中'))
  .map(([n, unit]) => p(unit.repeat(Math.ceil(n / unit.length))));
const rawHtml = fc
  .constantFrom(
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<b onclick="x()">粗</b>',
    '&lt;p&gt;',
    '<!-- c -->',
    '<br>',
    '<span style="color:red">红</span>',
  )
  .map((s) => p(s, s.replace('&lt;p&gt;', '<p>')));

const KANA =
  'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゃゅょっアイウエオカキクケコー';
const PINYIN = ['wǒ', 'men', 'xué', 'xiào', 'zhōng', 'guó', 'lǜ', 'nǚ', 'Chángchéng', 'shān'];
const ZHUYIN = ['ㄔㄨㄣ', 'ㄊㄧㄢ', 'ㄌㄞˊ', '˙ㄌㄜ', 'ㄏㄨㄚ', 'ㄒㄧㄠˇ'];
/** a ruby reading: kana (sometimes longer than any line), pinyin or zhuyin */
const reading = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...KANA), { minLength: 1, maxLength: 7 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.constantFrom(...PINYIN) },
  { weight: 2, arbitrary: fc.constantFrom(...ZHUYIN) },
  { weight: 1, arbitrary: fc.constantFrom(...KANA).map((k) => k.repeat(90)) },
);
/**
 * Ruby, as `<ruby>` or `{base|rt}`: the EPUB shows the base with each reading in the <rp> brackets after it
 * (textContent of <ruby>base<rp>（</rp><rt>rt</rt><rp>）</rp></ruby>); the PDF's text the base, then
 * anything (pdf.js reads the readings, left out of other extractors' text layer).
 */
const ruby: fc.Arbitrary<Piece> = fc
  .tuple(fc.array(fc.constantFrom(...HAN), { minLength: 1, maxLength: 4 }), fc.array(reading, { minLength: 4, maxLength: 4 }), fc.boolean(), fc.boolean())
  .map(([chars, rts, html, mono]) => {
    const base = chars.join('');
    const per = mono && chars.length > 1 ? rts.slice(0, chars.length) : [rts[0] ?? 'よみ'];
    while (per.length < (mono && chars.length > 1 ? chars.length : 1)) per.push('か');
    const md =
      per.length > 1
        ? html
          ? `<ruby>${chars.map((c, i) => `${c}<rt>${per[i]}</rt>`).join('')}</ruby>`
          : `{${base}|${per.join('|')}}`
        : html
          ? `<ruby>${base}<rp>(</rp><rt>${per[0]}</rt><rp>)</rp></ruby>`
          : `{${base}|${per[0]}}`;
    const text = per.length > 1 ? chars.map((c, i) => `${c}（${per[i]}）`).join('') : `${base}（${per[0]}）`;
    return p(md, text, `${base}${GAP}`);
  });

export interface Options {
  /** also produce lone surrogates (in-memory documents only: UTF-8 cannot encode them) */
  surrogates: boolean;
}

export function forbidden(opts: Options): fc.Arbitrary<Piece> {
  return fc.constantFrom(...FORBIDDEN, ...(opts.surrogates ? LONE_SURROGATES : [])).map((c) => p(c, ''));
}

/** Text that starts and ends with a letter (so emphasis around it parses, and no line starts a block). */
function text(opts: Options, max = 8): fc.Arbitrary<Piece> {
  const middle = fc.oneof(
    { weight: 12, arbitrary: letters },
    { weight: 4, arbitrary: cjkPunct },
    { weight: 4, arbitrary: asciiPunct },
    { weight: 2, arbitrary: digits },
    { weight: 2, arbitrary: space },
    { weight: 2, arbitrary: forbidden(opts) },
    { weight: 1, arbitrary: cyrillic },
    { weight: 1, arbitrary: thai },
    { weight: 1, arbitrary: hebrew },
    { weight: 1, arbitrary: emoji },
  );
  return fc.tuple(letters, fc.array(middle, { maxLength: max }), letters).map(([a, m, b]) => join([a, ...m, b]));
}

const host = fc.constantFrom('example.com', 'ex.org', 'xn--fiqs8s.cn', 'a.b.c.net');
const pathPart = fc.stringMatching(/^[a-z0-9_-]{0,8}$/);
/** https://example.com/very/long/…?q=… up to 3,000 characters: beyond what one QR code holds */
// mostly a few hundred characters (tracking links), now and then up to 3,000 (a data-laden query)
const longUrl = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 100, max: 1000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 3000 }) }),
    fc.constantFrom('seg/', 'a-b_c.', '%E4%B8%AD', 'x'),
  )
  .map(([n, unit]) => {
    const base = 'https://example.com/';
    return `${base}${unit.repeat(Math.ceil((n - base.length) / unit.length))}`.slice(0, n);
  });
const url: fc.Arbitrary<{ href: string; kept: boolean }> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('http', 'https'), host, pathPart).map(([s, h, x]) => ({ href: `${s}://${h}/${x}`, kept: true })) },
  {
    weight: 1,
    arbitrary: fc.tuple(host, fc.constantFrom('中文', '%E4%B8%AD', 'a?x=1&y=2', 'q#frag')).map(([h, x]) => ({ href: `https://${h}/${x}`, kept: true })),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,6}$/).map((u) => ({ href: `mailto:${u}@example.com`, kept: true })) },
  { weight: 1, arbitrary: longUrl.map((href) => ({ href, kept: true })) },
  { weight: 1, arbitrary: fc.constantFrom('#sec-1', '#sec-2', '#sec-3').map((href) => ({ href, kept: true })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'javascript:alert(1)',
        'JaVaScRiPt:void(0)',
        'vbscript:msgbox',
        'data:text/html;base64,PHNjcmlwdD4=',
        'data:image/png;base64,iVBOR',
        'file:///etc/passwd',
        'ftp://x.org/a',
        '../../etc/passwd',
        'other.md',
        '/abs/path',
        '#no-such-id',
        '',
      )
      .map((href) => ({ href, kept: false })),
  },
);

/** A code span: identifiers and operator sequences (never a backtick). */
const codeText = fc
  .array(
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...OPERATORS) },
      { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '中文', '"s"', "'c'", '(x)') },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((a) => a.join(''))
  .filter((s) => s.trim() === s && s.length > 0);

function inline(opts: Options, withNotes = true): fc.Arbitrary<Piece> {
  const t = text(opts);
  const emph = t.map((x) => ({ ...x, md: `*${x.md}*` }));
  const strong = t.map((x) => ({ ...x, md: `**${x.md}**` }));
  const strongEmph = t.map((x) => ({ ...x, md: `***${x.md}***` }));
  const code = codeText.map((s) => p(`\`${s}\``, s));
  const code2 = codeText.map((s) => p(`\`\` ${s}\`x \`\``, `${s}\`x`)); // a backtick inside: a double-backtick span
  const link = fc.tuple(fc.oneof(t, emph), url).map(([x, u]) => ({ ...x, md: `[${x.md}](${u.href})` }));
  // (markdown-it shows a punycode host of an autolink decoded, xn--fiqs8s.cn → 中国.cn: not generated here)
  const autolink = fc
    .tuple(
      host.filter((h) => !h.startsWith('xn--')),
      pathPart,
    )
    .map(([h, x]) => p(`<https://${h}/${x}>`, `https://${h}/${x}`));
  // (an autolink's text is shown percent-decoded: %E4%B8%AD → 中; only the link form is generated with it)
  const longAutolink = longUrl.filter((u) => !u.includes('%')).map((u) => p(`<${u}>`, u));
  const math = fc.constantFrom('x^2', 'a+b=c', '\\frac{1}{2}', 'E=mc^2', '\\sum_{i=1}^n i').map((m) => p(`$${m}$`, GAP, GAP));
  const inlineImage = fc.constantFrom('pixel.png').map((src) => p(`![图](${src})`, GAP, GAP));
  const pieces: fc.WeightedArbitrary<Piece>[] = [
    { weight: 10, arbitrary: t },
    { weight: 2, arbitrary: emph },
    { weight: 2, arbitrary: strong },
    { weight: 1, arbitrary: strongEmph },
    { weight: 2, arbitrary: code },
    { weight: 1, arbitrary: code2 },
    { weight: 3, arbitrary: link },
    { weight: 1, arbitrary: autolink },
    { weight: 1, arbitrary: longAutolink },
    { weight: 1, arbitrary: longWord },
    { weight: 1, arbitrary: rawHtml },
    { weight: 1, arbitrary: math },
    { weight: 1, arbitrary: inlineImage },
    { weight: 2, arbitrary: ruby },
  ];
  if (withNotes) {
    // a footnote reference after a letter (a `[^n]:` at a line's start would be a definition)
    const note = fc.tuple(letters, text(opts, 4)).map(([a, n]) => ({
      md: `${a.md}[^${NOTE_REF}]`,
      text: `${a.text}${GAP}`,
      print: `${a.print}${GAP}`,
      notes: [{ ...n, text: `脚注${n.text}`, print: `脚注${n.print}`, md: `脚注${n.md}` }],
    }));
    pieces.push({ weight: 2, arbitrary: note });
  }
  // pieces are separated by a letter on each side, so the delimiters stay delimiters
  return fc.array(fc.oneof(...pieces), { minLength: 1, maxLength: 6 }).map((ps) => join(ps, p('好')));
}

/** A block: its Markdown (lines, at column 0), and the oracle. */
export interface Block {
  md: string;
  text: string;
  print: string;
  notes?: Piece[];
  /** source syntax that must not show in the book's text */
  absent?: string[];
  /** images that cannot be loaded (the marker is a unique file name, found in `md` to get the line) */
  images?: { src: string; rule: 'missing-asset' | 'remote-resource' }[];
  /** the block is a paragraph (a following indented line would continue it) */
  paragraph?: boolean;
  /** the block ends in a list (an indented block after it would join the last item) */
  list?: boolean;
  /** an indented code block (it cannot follow a paragraph or a list) */
  indentedCode?: boolean;
  /** table cells: in the PDF each must be there, its characters in order, wherever (LOOSE) */
  printCells?: string[];
}

const blk = (x: Piece, extra: Partial<Block> = {}): Block => ({ md: x.md, text: x.text, print: x.print, ...(x.notes ? { notes: x.notes } : {}), ...extra });

/** Oracle texts of several blocks, one after the other: the book may put anything between them. */
function seq(bs: Block[], extra: Partial<Block> = {}): Block {
  const notes = bs.flatMap((b) => b.notes ?? []);
  const absent = bs.flatMap((b) => b.absent ?? []);
  const images = bs.flatMap((b) => b.images ?? []);
  const printCells = bs.flatMap((b) => b.printCells ?? []);
  return {
    ...(printCells.length ? { printCells } : {}),
    md: bs.map((b) => b.md).join('\n\n'),
    text: bs.map((b) => b.text).join(GAP),
    print: bs.map((b) => b.print).join(GAP),
    ...(notes.length ? { notes } : {}),
    ...(absent.length ? { absent } : {}),
    ...(images.length ? { images } : {}),
  };
}

/** Indents every line but the first by `n` spaces (blank lines stay empty): a block inside a list item. */
const indentRest = (md: string, n: number): string =>
  md
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : ' '.repeat(n) + l))
    .join('\n');
/** Prefixes every line with `> `: a block inside a quote. */
const quoteLines = (md: string): string =>
  md
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');

let imageSerial = 0;

export function blocks(opts: Options) {
  const paragraph: fc.Arbitrary<Block> = fc
    .tuple(fc.array(inline(opts), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('\n', '  \n', '\\\n'), { minLength: 2, maxLength: 2 }))
    .map(([lines, breaks]) => ({
      ...blk(join(lines)),
      md: lines.map((l, i) => (i === 0 ? '' : (breaks[i - 1] ?? '\n')) + l.md).join(''),
      paragraph: true,
    }));
  const headingText = fc.tuple(text(opts, 4), fc.boolean()).map(([x, custom]) => ({ x, custom }));
  const heading = fc
    .tuple(fc.integer({ min: 2, max: 6 }), headingText)
    .map(([level, { x, custom }]) =>
      custom ? blk({ ...x, md: `${'#'.repeat(level)} ${x.md} {#${HEADING_ID}}` }, { absent: ['{#sec-'] }) : blk({ ...x, md: `${'#'.repeat(level)} ${x.md}` }),
    );
  const codeLines = fc.array(
    fc
      .array(
        fc.oneof(
          fc.constantFrom(...OPERATORS),
          fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/),
          fc.constantFrom(' ', '  ', '中文', '"s"', '(', ')', '{', '}', ';', 'x'.repeat(200)),
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((a) => a.join('')),
    { minLength: 1, maxLength: 6 },
  );
  const fenced = fc
    .tuple(codeLines, fc.constantFrom('', 'js', 'python', 'html', 'c++', '中文'), fc.constantFrom('```', '~~~', '````'))
    .map(([ls, lang, fence]) => {
      const body = ls.map((l) => l.replace(/^\s+$/, 'x'));
      return { md: `${fence}${lang}\n${body.join('\n')}\n${fence}`, text: body.join('\n'), print: body.join('\n') };
    });
  const indented = codeLines.map((ls) => {
    const body = ls.map((l) => (l.trim() === '' ? 'x' : l));
    return { md: body.map((l) => `    ${l}`).join('\n'), text: body.join('\n'), print: body.join('\n'), indentedCode: true };
  });
  // a `|` in a cell ends it, even inside a code span (GFM): cells hold only escaped ones
  const cell = fc
    .oneof(
      { weight: 4, arbitrary: inline(opts, false) },
      { weight: 1, arbitrary: fc.array(text(opts, 8), { minLength: 3, maxLength: 8 }).map((ts) => join(ts, p('长'))) },
    )
    .filter((c) => !/(^|[^\\])\|/.test(c.md));
  const table = fc
    .integer({ min: 1, max: 5 })
    .chain((cols) =>
      fc.tuple(
        fc.array(fc.constantFrom('---', ':--', ':-:', '--:'), { minLength: cols, maxLength: cols }),
        fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 2, maxLength: 5 }),
      ),
    )
    .map(([align, rows]) => {
      // a cell's own line breaks would end the row: every piece is one line (no hard breaks in cells)
      const row = (cs: Piece[]) => `| ${cs.map((c) => c.md.replace(/\n/g, ' ')).join(' | ')} |`;
      const md = [row(rows[0] ?? []), `| ${align.join(' | ')} |`, ...rows.slice(1).map(row)].join('\n');
      const cells = rows.flat();
      const all = join(cells, p('', GAP, GAP));
      // in the PDF, neither a cell's text nor the cells' order is one run (LOOSE): each cell on its own
      const printCells = cells.map((c) =>
        c.print
          .split(GAP)
          .map((seg) => LOOSE + seg)
          .join(GAP),
      );
      return blk({ ...all, print: GAP }, { md, printCells });
    });
  const image = fc.constantFrom('local', 'local', 'local', 'missing', 'remote').chain((kind) =>
    fc.tuple(text({ surrogates: false }, 2), han).map(([alt, title]) => {
      const n = imageSerial++;
      if (kind === 'local') return { md: `![${alt.md}](pixel.png "${title}")`, text: `${GAP}${title}${GAP}`, print: `${GAP}${title}${GAP}` };
      const src = kind === 'missing' ? `missing-${n}.png` : `https://example.com/img-${n}.png`;
      return {
        md: `![${alt.md}](${src} "${title}")`,
        text: GAP,
        print: GAP,
        images: [{ src, rule: kind === 'missing' ? ('missing-asset' as const) : ('remote-resource' as const) }],
      };
    }),
  );
  const htmlBlock = fc
    .constantFrom(
      '<div class="x">文字</div>',
      '<details><summary>摘要</summary>内容</details>',
      '<table><tr><td>格</td></tr></table>',
      '<iframe src="https://x.org"></iframe>',
    )
    .map((s) => blk(p(s)));
  const rule = fc.constantFrom('---', '***', '___', '- - -').map((md) => ({ md, text: '', print: '' }));

  /** a container's content: paragraphs and simple blocks (what people put in a note) */
  const simple = fc.oneof({ weight: 4, arbitrary: paragraph }, { weight: 1, arbitrary: fenced }, { weight: 1, arbitrary: table });
  const content = fc.array(simple, { minLength: 1, maxLength: 3 });

  const quote = fc.tuple(fc.option(heading, { nil: undefined }), content).map(([h, bs]) => {
    const inner = seq(h ? [h, ...bs] : bs);
    return { ...inner, md: quoteLines(inner.md) };
  });
  const alert = fc.tuple(fc.constantFrom('NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'), content).map(([kind, bs]) => {
    const inner = seq(bs);
    return {
      ...inner,
      md: quoteLines(`[!${kind}]\n${inner.md}`),
      text: GAP + inner.text,
      print: GAP + inner.print,
      absent: [...(inner.absent ?? []), `[!${kind}]`],
    };
  });
  const container = fc.tuple(fc.constantFrom('tip', 'details', 'warning', 'note'), fc.option(han, { nil: undefined }), content).map(([name, title, bs]) => {
    const inner = seq(bs);
    return {
      ...inner,
      md: `::: ${name}${title ? ` ${title}` : ''}\n${inner.md}\n:::`,
      text: GAP + (title ?? '') + GAP + inner.text,
      print: GAP + (title ?? '') + GAP + inner.print,
      absent: [...(inner.absent ?? []), `:::${name}`],
    };
  });

  /** a list `depth` levels deep at most (1–6), items holding paragraphs, code and lists */
  const listAt = (depth: number): fc.Arbitrary<Block> => {
    const nested: fc.Arbitrary<Block[]> =
      depth > 1
        ? fc.oneof(
            { weight: 2, arbitrary: fc.constant([] as Block[]) },
            { weight: 3, arbitrary: listAt(depth - 1).map((b) => [b]) },
            { weight: 1, arbitrary: fenced.map((b) => [b]) },
          )
        : fc.oneof({ weight: 3, arbitrary: fc.constant([] as Block[]) }, { weight: 1, arbitrary: fenced.map((b) => [b]) });
    const task = fc.option(fc.constantFrom('[ ] ', '[x] ', '[X] '), { nil: undefined, freq: 4 });
    const item = fc.tuple(inline(opts), task, nested, fc.boolean());
    return fc
      .tuple(fc.constantFrom('-', '*', '+', '1.', '1)'), fc.integer({ min: 0, max: 999_999_990 }), fc.array(item, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([marker, start, items, loose]) => {
        const ordered = /\d/.test(marker);
        const lines: string[] = [];
        const texts: string[] = [];
        const prints: string[] = [];
        const notes: Piece[] = [];
        const absent: string[] = [];
        items.forEach(([first, taskBox, more, withRest], k) => {
          const mark = ordered ? `${start + k}${marker.slice(-1)}` : marker;
          const w = mark.length + 1;
          // a task item's text starts with 待办 so `[ ]待办` shown as text is recognisable
          const head = taskBox ? `${taskBox}待办${first.md}` : first.md;
          const rest = withRest ? more : [];
          // an ordered list that starts at another number than 1 cannot interrupt a paragraph: a blank line first
          const body = [head, ...rest.map((b) => b.md)].reduce((acc, m) => acc + (loose || /^(?!1[.)])\d/.test(m) ? '\n\n' : '\n') + m);
          lines.push(`${mark} ${indentRest(body, w)}`);
          texts.push((taskBox ? `${GAP}待办` : '') + first.text, ...rest.map((b) => b.text));
          prints.push((taskBox ? `${GAP}待办` : '') + first.print, ...rest.map((b) => b.print));
          notes.push(...(first.notes ?? []), ...rest.flatMap((b) => b.notes ?? []));
          if (taskBox) absent.push(`${taskBox.replace(' ', '').trim()}待办`);
          absent.push(...rest.flatMap((b) => b.absent ?? []));
        });
        return {
          md: lines.join(loose ? '\n\n' : '\n'),
          text: GAP + texts.join(GAP),
          print: GAP + prints.join(GAP),
          list: true,
          ...(notes.length ? { notes } : {}),
          ...(absent.length ? { absent } : {}),
        };
      });
  };
  const list = fc.integer({ min: 1, max: 6 }).chain((d) => listAt(d));

  const block: fc.Arbitrary<Block> = fc.oneof(
    { weight: 8, arbitrary: paragraph },
    { weight: 3, arbitrary: heading },
    { weight: 3, arbitrary: list },
    { weight: 2, arbitrary: quote },
    { weight: 2, arbitrary: fenced },
    { weight: 1, arbitrary: indented },
    { weight: 2, arbitrary: table },
    { weight: 1, arbitrary: alert },
    { weight: 1, arbitrary: container },
    { weight: 2, arbitrary: image },
    { weight: 1, arbitrary: htmlBlock },
    { weight: 1, arbitrary: rule },
  );
  return { block, paragraph, heading, list, quote, fenced, indented, table, alert, container, image };
}

export interface Doc {
  markdown: string;
  title: string;
  /** per top-level block, the text the EPUB shows (GAP: anything may be there), in order */
  blocks: string[];
  /** the same for the PDF */
  print: string[];
  /** footnote texts (EPUB, PDF) */
  notes: { text: string; print: string }[];
  /** source syntax that must not show as text */
  absent: string[];
  /** table cells the PDF must show, each its characters in order (LOOSE-marked) */
  printCells: string[];
  /** images that cannot be loaded, in document order, with their 1-based line */
  images: { src: string; rule: 'missing-asset' | 'remote-resource'; line: number }[];
}

export function doc(opts: Options): fc.Arbitrary<Doc> {
  const { block } = blocks(opts);
  // JSON strings are YAML: C0 controls arrive as \u0007 escapes, which YAML decodes (the model pass removes them)
  const title = text({ surrogates: false }, 3).map((x) => ({
    raw: x.text,
    clean: x.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '').trim(),
  }));
  return fc.tuple(title, fc.array(block, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([t, bs, sources]) => {
    // an indented code block right after a paragraph would continue it, after a list would join its last
    // item: a fenced block there instead (what an author would see and do)
    const body: string[] = [];
    bs.forEach((b, i) => {
      const prev = bs[i - 1];
      let md = b.md;
      if (b.indentedCode && prev && (prev.list || prev.paragraph)) md = `\`\`\`\n${b.text}\n\`\`\``;
      body.push(md);
    });
    let markdown = body.join('\n\n');
    let headingId = 0;
    markdown = markdown.replaceAll(HEADING_ID, () => `sec-${++headingId}`);
    const notes = bs.flatMap((b) => b.notes ?? []);
    let ref = 0;
    markdown = markdown.replaceAll(NOTE_REF, () => String(++ref));
    if (notes.length > 0) markdown += `\n\n${notes.map((n, i) => `[^${i + 1}]: ${n.md}`).join('\n\n')}`;
    const full =
      `---\ntitle: ${JSON.stringify(t.raw)}\nlang: zh-CN\n` +
      (sources ? 'sources:\n  - title: 来源\n    url: https://example.com/source\n' : '') +
      `---\n\n${markdown}\n`;
    const lines = full.split('\n');
    const images = bs.flatMap((b) => b.images ?? []).map((im) => ({ ...im, line: lines.findIndex((l) => l.includes(`](${im.src} `)) + 1 }));
    return {
      markdown: full,
      title: t.clean,
      blocks: bs.map((b) => b.text),
      print: bs.map((b) => b.print),
      notes: notes.map((n) => ({ text: n.text, print: n.print })),
      absent: [...new Set(bs.flatMap((b) => b.absent ?? []))],
      printCells: bs.flatMap((b) => b.printCells ?? []),
      images,
    };
  });
}
