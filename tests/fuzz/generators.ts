/**
 * fast-check generators of Markdown articles the reader accepts (front matter, ## … ###### headings,
 * paragraphs of CJK and Latin text, punctuation, emphasis, strong, code, links of every scheme, hard
 * breaks, raw HTML, and characters XML forbids), each with its oracle: the text a reader of the book
 * must see. Lists, tables, quotes and images are rejected by the reader today ("not supported yet"),
 * so they are not generated: no line starts with a character that opens a block.
 */
import fc from 'fast-check';

/** Common characters (all in Noto Serif SC). */
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据';
const CJK_PUNCT = '，。、；：？！“”‘’（）《》【】—…·「」';
const ASCII_PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
/** What the sanitizer removes (lone surrogates only reach it from library callers, never from a UTF-8 file). */
export const FORBIDDEN = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\ufffe', '\uffff'];
// high halves only: a high and a low half side by side would be a valid pair (an astral character), not lone
const LONE_SURROGATES = ['\ud800', '\udbff'];

/** A piece of Markdown and the text it must render as. */
export interface Piece {
  md: string;
  text: string;
}

const join = (ps: Piece[], sep: Piece = { md: '', text: '' }): Piece => ({
  md: ps.map((p) => p.md).join(sep.md),
  text: ps.map((p) => p.text).join(sep.text),
});

const escapeMd = (s: string): string => s.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);

const han = fc.array(fc.constantFrom(...HAN), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
const latin = fc.stringMatching(/^[A-Za-z]{1,9}$/);
const letters: fc.Arbitrary<Piece> = fc.oneof({ weight: 3, arbitrary: han }, { weight: 1, arbitrary: latin }).map((s) => ({ md: s, text: s }));
const digits = fc.stringMatching(/^[0-9]{1,5}$/).map((s) => ({ md: s, text: s }));
const cjkPunct = fc.constantFrom(...CJK_PUNCT).map((s) => ({ md: s, text: s }));
const asciiPunct = fc.constantFrom(...ASCII_PUNCT).map((s) => ({ md: escapeMd(s), text: s }));
const space = fc.constantFrom(' ', '\u3000', '\t').map((s) => ({ md: s, text: s }));
const rawHtml = fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b onclick="x()">粗</b>', '&lt;p&gt;', '<!-- c -->').map((s) => ({ md: s, text: s.replace('&lt;p&gt;', '<p>') }));

export interface Options {
  /** also produce lone surrogates (in-memory documents only: UTF-8 cannot encode them) */
  surrogates: boolean;
}

export function forbidden(opts: Options): fc.Arbitrary<Piece> {
  return fc.constantFrom(...FORBIDDEN, ...(opts.surrogates ? LONE_SURROGATES : [])).map((c) => ({ md: c, text: '' }));
}

/** Text that starts and ends with a letter (so emphasis around it parses, and no line starts a block). */
function text(opts: Options, max = 8): fc.Arbitrary<Piece> {
  const middle = fc.oneof(
    { weight: 6, arbitrary: letters },
    { weight: 2, arbitrary: cjkPunct },
    { weight: 2, arbitrary: asciiPunct },
    { weight: 1, arbitrary: digits },
    { weight: 1, arbitrary: space },
    { weight: 1, arbitrary: forbidden(opts) },
  );
  return fc.tuple(letters, fc.array(middle, { maxLength: max }), letters).map(([a, m, b]) => join([a, ...m, b]));
}

const host = fc.constantFrom('example.com', 'ex.org', 'xn--fiqs8s.cn', 'a.b.c.net');
const pathPart = fc.stringMatching(/^[a-z0-9_-]{0,8}$/);
const url: fc.Arbitrary<{ href: string; kept: boolean }> = fc.oneof(
  fc.tuple(fc.constantFrom('http', 'https'), host, pathPart).map(([s, h, p]) => ({ href: `${s}://${h}/${p}`, kept: true })),
  fc.tuple(fc.constantFrom('https'), host, fc.constantFrom('中文', '%E4%B8%AD', 'a?x=1&y=2', 'q#frag')).map(([s, h, p]) => ({ href: `${s}://${h}/${p}`, kept: true })),
  fc.stringMatching(/^[a-z]{1,6}$/).map((u) => ({ href: `mailto:${u}@example.com`, kept: true })),
  fc.constantFrom('javascript:alert(1)', 'JaVaScRiPt:void(0)', 'vbscript:msgbox', 'data:text/html;base64,PHNjcmlwdD4=', 'data:image/png;base64,iVBOR', 'file:///etc/passwd', 'ftp://x.org/a', '../../etc/passwd', 'other.md', '/abs/path', '#no-such-id', '').map((href) => ({ href, kept: false })),
);

function inline(opts: Options): fc.Arbitrary<Piece> {
  const t = text(opts);
  const emph = t.map((p) => ({ md: `*${p.md}*`, text: p.text }));
  const strong = t.map((p) => ({ md: `**${p.md}**`, text: p.text }));
  const code = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9 ]{0,10}[A-Za-z0-9])?$/).map((s) => ({ md: `\`${s}\``, text: s }));
  const link = fc.tuple(fc.oneof(t, emph), url).map(([p, u]) => ({ md: `[${p.md}](${u.href})`, text: p.text }));
  // (markdown-it shows a punycode host of an autolink decoded, xn--fiqs8s.cn → 中国.cn: not generated here)
  const autolink = fc.tuple(host.filter((h) => !h.startsWith('xn--')), pathPart).map(([h, p]) => ({ md: `<https://${h}/${p}>`, text: `https://${h}/${p}` }));
  // pieces are separated by a letter on each side, so the delimiters stay delimiters
  const piece = fc.oneof({ weight: 5, arbitrary: t }, emph, strong, code, link, autolink, rawHtml);
  return fc.array(piece, { minLength: 1, maxLength: 6 }).map((ps) => join(ps, { md: '好', text: '好' }));
}

export interface Doc {
  markdown: string;
  title: string;
  /** every block's text in order, as a reader sees it (headings included), whitespace kept */
  blocks: string[];
}

export function doc(opts: Options): fc.Arbitrary<Doc> {
  const heading = fc.tuple(fc.integer({ min: 2, max: 6 }), text(opts, 4)).map(([level, p]) => ({ md: `${'#'.repeat(level)} ${p.md}`, text: p.text }));
  // lines of one paragraph; a line break is soft, or hard (two spaces, or a backslash)
  const paragraph = fc
    .tuple(fc.array(inline(opts), { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('\n', '  \n', '\\\n'), { minLength: 2, maxLength: 2 }))
    .map(([lines, breaks]) => ({
      md: lines.map((l, i) => (i === 0 ? '' : (breaks[i - 1] ?? '\n')) + l.md).join(''),
      text: lines.map((l) => l.text).join(''),
    }));
  const block = fc.oneof({ weight: 1, arbitrary: heading }, { weight: 4, arbitrary: paragraph });
  // JSON strings are YAML: C0 controls arrive as \u0007 escapes, which YAML decodes (the model pass removes them)
  const title = text({ surrogates: false }, 3).map((p) => ({ raw: p.text, clean: p.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '').trim() }));
  return fc.tuple(title, fc.array(block, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([t, blocks, sources]) => ({
    markdown:
      `---\ntitle: ${JSON.stringify(t.raw)}\nlang: zh-CN\n` +
      (sources ? 'sources:\n  - title: 来源\n    url: https://example.com/source\n' : '') +
      `---\n\n${blocks.map((b) => b.md).join('\n\n')}\n`,
    title: t.clean,
    blocks: blocks.map((b) => b.text),
  }));
}
