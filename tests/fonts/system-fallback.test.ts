/**
 * Issue 10: characters no bundled font has (Thai, Hebrew, Arabic, IPA, rare Latin letters…) are taken
 * from the machine's installed fonts through fontconfig, in both editions; the missing-glyph warning
 * names only characters no installed font has. Needs fontconfig and Debian's fonts-noto-core (the
 * fixture tests are skipped without them); epubcheck, pdffonts and mutool are used when installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { FontChain } from '../../src/fonts/chain.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { candidates, forgetSystemFonts, parseFcList, systemFonts } from '../../src/fonts/system.ts';
import { readPdf } from '../helpers/pdf.ts';
import { openEpub } from '../writers/epub/helpers.ts';
import { uncoveredInEpub } from './helpers.ts';
import { damage } from './damage.ts';
import { notdefGlyphs } from './tofu.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'fonts', 'multiscript.md');
const NOTO = '/usr/share/fonts/truetype/noto';
const hasTool = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const haveFonts = hasTool('fc-list') && existsSync(join(NOTO, 'NotoSerifThai-Regular.ttf')) && existsSync(join(NOTO, 'NotoSerifHebrew-Regular.ttf'));
const jar = '/usr/share/java/epubcheck.jar';
const haveEpubcheck = spawnSync('java', ['-version']).status === 0 && existsSync(jar);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cjkpress-sysfonts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

async function build(md: string, args: string[] = []): Promise<{ code: number; err: string[]; epub: Uint8Array; pdf: Uint8Array }> {
  const out = mkdtempSync(join(dir, 'out-'));
  const c = capture();
  const code = await run(['build', md, '--out', out, ...args], c.io);
  const slug = /^slug:\s*(\S+)/m.exec(readFileSync(md, 'utf8'))?.[1] ?? md.replace(/^.*\/|\.md$/g, '');
  const read = (ext: string): Uint8Array => {
    const f = join(out, `${slug}.${ext}`);
    return existsSync(f) ? new Uint8Array(readFileSync(f)) : new Uint8Array();
  };
  return { code, err: c.err, epub: read('epub'), pdf: read('pdf') };
}

/** With these environment variables set (PATH, FONTCONFIG_FILE) and the fc-list result forgotten before and after. */
async function withEnv<T>(env: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  forgetSystemFonts();
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    forgetSystemFonts();
  }
}

afterEach(() => forgetSystemFonts());

describe('fc-list output', () => {
  it('keeps outline faces with their charsets; leaves out bitmap, Type 1, colour and named-instance faces', () => {
    const S = '\u001f';
    const line = (
      file: string,
      index: string,
      family: string,
      format: string,
      extra: Partial<Record<'outline' | 'color', string>> = {},
      charset = '20-7e e20-e3a',
    ): string =>
      [
        file,
        index,
        family,
        'Regular',
        family.replace(/ /g, ''),
        '80',
        '0',
        '100',
        '',
        format,
        extra.outline ?? 'True',
        extra.color ?? 'False',
        'False',
        charset,
      ].join(S);
    const out = [
      line('/f/Thai.ttf', '0', 'Noto Serif Thai', 'TrueType'),
      line('/f/cjk.ttc', '2', 'Noto Serif CJK JP', 'CFF'),
      line('/f/fixed.pcf.gz', '0', 'Fixed', 'PCF', { outline: 'False' }),
      line('/f/a.pfb', '0', 'Nimbus', 'Type 1'),
      line('/f/emoji.ttf', '0', 'Noto Color Emoji', 'TrueType', { color: 'True' }),
      line('/f/var.ttf', '65537', 'Var Bold', 'TrueType'),
      'garbage line',
    ].join('\n');
    const faces = parseFcList(out);
    expect(faces.map((f) => [f.file, f.index, f.family])).toEqual([
      ['/f/Thai.ttf', 0, 'Noto Serif Thai'],
      ['/f/cjk.ttc', 2, 'Noto Serif CJK JP'],
    ]);
    expect(faces[0]?.size).toBe(0x7e - 0x20 + 1 + 0xe3a - 0xe20 + 1);
  });
});

describe('which installed face sets a character', () => {
  const S = '\u001f';
  const face = (file: string, family: string, style: string, weight: number, slant = 0, width = 100): string =>
    [
      file,
      '0',
      family,
      style,
      family.replace(/ /g, '') + '-' + style,
      String(weight),
      String(slant),
      String(width),
      '',
      'TrueType',
      'True',
      'False',
      'False',
      '20-7e e01-e3a',
    ].join(S);
  const faces = parseFcList(
    [
      face('/f/NotoSansThai-Regular.ttf', 'Noto Sans Thai', 'Regular', 80),
      face('/f/NotoSerifThai-Italic.ttf', 'Noto Serif Thai', 'Italic', 80, 100),
      face('/f/NotoSerifThai-Bold.ttf', 'Noto Serif Thai', 'Bold', 200),
      face('/f/NotoSerifThai-Regular.ttf', 'Noto Serif Thai', 'Regular', 80),
      face('/f/NotoSerifThai-Condensed.ttf', 'Noto Serif Thai', 'Condensed', 80, 0, 75),
      face('/f/NotoLoopedThai-Regular.ttf', 'Noto Looped Thai', 'Regular', 80),
      face('/f/OtherSerifThai-Regular.ttf', 'Other Serif Thai', 'Regular', 80),
    ].join('\n'),
  );
  const best = (kind: 'regular' | 'bold'): string[] => candidates(faces, 0xe20, kind).map((f) => `${f.family} ${f.style}`);

  it('body text: upright, regular weight, normal width, serif, a text design, Noto', () => {
    expect(best('regular').slice(0, 4)).toEqual(['Noto Serif Thai Regular', 'Other Serif Thai Regular', 'Noto Sans Thai Regular', 'Noto Looped Thai Regular']);
    expect(best('regular').at(-1)).toBe('Noto Serif Thai Italic');
  });

  it('headings: the bold face', () => expect(best('bold')[0]).toBe('Noto Serif Thai Bold'));

  it('a face without the character is never a candidate', () => expect(candidates(faces, 0x5d0, 'regular')).toEqual([]));
});

describe('fontconfig is asked only when the bundled fonts leave a character', () => {
  it('a text the bundled chain covers never runs fc-list; one it does not, runs it once', async () => {
    // a fake fc-list that records each call and lists nothing
    const bin = join(dir, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    const calls = join(dir, 'fc-list-calls');
    writeFileSync(join(bin, 'fc-list'), `#!/bin/sh\necho called >> ${calls}\n`);
    chmodSync(join(bin, 'fc-list'), 0o755);
    const count = (): number => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0);
    await withEnv({ PATH: `${bin}:${process.env.PATH ?? ''}` }, async () => {
      const chain = new FontChain(defaultFonts('zh-CN'));
      expect(await chain.cover('荆门互联网危机处理案例分析，2012年。😀한국어', 'regular')).toEqual([]);
      expect(count()).toBe(0);
      expect(await chain.cover('ภาษาไทย', 'regular')).toEqual([...'ทภยาษไ'].sort());
      expect(await new FontChain(defaultFonts('zh-CN')).cover('עברית', 'bold')).toHaveLength(5);
      expect(count()).toBe(1);
    });
  });

  it('without fontconfig: the old behaviour, with one --verbose line', async () => {
    const md = join(dir, 'nofc.md');
    writeFileSync(md, '---\ntitle: 泰语\nlang: zh-CN\n---\n\n泰语写作ภาษา。\n');
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const b = await withEnv({ PATH: empty }, () => build(md, ['--verbose', '--format', 'epub']));
    expect(b.code).toBe(0);
    expect(b.err.filter((l) => /fontconfig|installed fonts/.test(l))).toEqual([
      'cjkpress: not looking in the installed fonts for characters the bundled fonts lack: fontconfig (fc-list) is not installed',
    ]);
    expect(b.err.filter((l) => /missing-glyph/.test(l))).toEqual([
      `${md}:6:5: warning: no font has U+0E20 'ภ' [missing-glyph]`,
      `${md}:6:6: warning: no font has U+0E32 'า' [missing-glyph]`,
      `${md}:6:7: warning: no font has U+0E29 'ษ' [missing-glyph]`,
      `${md}:6:8: warning: no font has U+0E32 'า' [missing-glyph]`,
    ]);
  }, 60_000);
});

describe.skipIf(!haveFonts)('fixture multiscript.md (fonts-noto-core installed)', () => {
  let b: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    b = await build(fixture);
  }, 120_000);

  it('builds without a warning', () => {
    expect(b.code).toBe(0);
    expect(b.err).toEqual([]);
  });

  it('PDF: no .notdef glyph (tofu 0)', async () => {
    expect(await notdefGlyphs(b.pdf)).toEqual([]);
  });

  it.skipIf(!hasTool('mutool'))('PDF: mutool finds no .notdef glyph either', () => {
    const file = join(dir, 'trace.pdf');
    writeFileSync(file, b.pdf);
    const trace = execFileSync('mutool', ['trace', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(trace).toMatch(/<g unicode=/);
    expect(trace.match(/glyph="(0|\.notdef)"/g) ?? []).toEqual([]);
  });

  it.skipIf(!hasTool('pdffonts'))('PDF: the installed faces are embedded and subset, bold ones for headings', () => {
    const file = join(dir, 'fonts.pdf');
    writeFileSync(file, b.pdf);
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((r) => r.trim().split(/\s+/));
    for (const r of rows) expect([r[0], r.slice(-5, -3)]).toEqual([r[0], ['yes', 'yes']]);
    const names = rows.map((r) => (r[0] ?? '').replace(/^[A-Z]{6}\+/, ''));
    for (const face of [
      'NotoSerifThai-Regular',
      'NotoSerifThai-Bold',
      'NotoSerifHebrew-Regular',
      'NotoSerifHebrew-Bold',
      'NotoSerif-Regular',
      'NotoNaskhArabic-Regular',
    ]) {
      expect(names).toContain(face);
    }
  });

  it('PDF: every paragraph comes back as its source text with pdf.js, in order (Hebrew and Arabic too)', async () => {
    const text = (await readPdf(b.pdf)).text.join('');
    const body = readFileSync(fixture, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    let at = 0;
    for (const block of body.split(/\n\s*\n/)) {
      const cells = block.startsWith('|')
        ? block
            .split('\n')
            .filter((l) => !/^\|:?-/.test(l))
            .flatMap((l) =>
              l
                .split('|')
                .map((c) => c.trim())
                .filter(Boolean),
            )
        : [block];
      for (const c of cells) {
        const p = c
          .replace(/^#+\s*/, '')
          .replace(/\*\*/g, '')
          .replace(/\s+/g, '');
        const i = text.indexOf(p, at);
        expect(i, p).toBeGreaterThanOrEqual(0);
        at = i + p.length;
      }
    }
  });

  it("PDF: a word from an installed face sits on the line's baseline, not above it (their ascents differ)", async () => {
    const doc = await getDocument({ data: b.pdf.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
    const offBaseline: string[] = [];
    let pairs = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const items = (await (await doc.getPage(p)).getTextContent()).items.filter((i) => 'str' in i && i.str.trim() !== '') as {
        str: string;
        transform: number[];
        fontName: string;
      }[];
      for (let i = 1; i < items.length; i++) {
        const [a, c] = [items[i - 1], items[i]];
        if (!a || !c || a.fontName === c.fontName) continue;
        const dy = (c.transform[5] ?? 0) - (a.transform[5] ?? 0);
        // neighbours on one line (lines are ≥ 15 pt apart); Noto Serif Hebrew drawn unshifted sits 2.8 pt high
        if (Math.abs(dy) >= 6) continue;
        pairs++;
        if (Math.abs(dy) > 0.01) offBaseline.push(`${a.str}|${c.str}: ${dy.toFixed(2)} pt`);
      }
    }
    await doc.destroy();
    expect(pairs).toBeGreaterThan(10);
    expect(offBaseline).toEqual([]);
  });

  it('EPUB: one subset per font used, and they cover every character of the book', async () => {
    const { missing, fontFiles } = await uncoveredInEpub(b.epub);
    expect(fontFiles).toEqual(
      expect.arrayContaining(['NotoSerifThai-Regular.ttf', 'NotoSerifThai-Bold.ttf', 'NotoSerifHebrew-Regular.ttf', 'NotoSerif-Regular.ttf']),
    );
    expect(missing).toEqual([]);
    const epub = await openEpub(b.epub);
    // the CSS stack names each embedded family, the installed ones after the bundled ones
    const css = await epub.text('OEBPS/style.css');
    expect(css).toMatch(/font-family: "Noto Serif SC", .*"Noto Serif Thai".*, serif;/);
  });

  it.skipIf(!haveEpubcheck)(
    'EPUB: epubcheck finds nothing',
    () => {
      const file = join(dir, 'multiscript.epub');
      writeFileSync(file, b.epub);
      const r = spawnSync('java', ['-jar', jar, file, '--json', '-'], { encoding: 'utf8', timeout: 120_000 });
      const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { messages: { ID: string; severity: string; message: string }[] };
      expect(json.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([]);
    },
    120_000,
  );

  it('the same machine gives byte-identical books (SOURCE_DATE_EPOCH)', async () => {
    const again = await withEnv({ SOURCE_DATE_EPOCH: '1700000000' }, () => build(fixture));
    const third = await withEnv({ SOURCE_DATE_EPOCH: '1700000000' }, () => build(fixture));
    expect(Buffer.from(again.pdf).equals(Buffer.from(third.pdf))).toBe(true);
    expect(Buffer.from(again.epub).equals(Buffer.from(third.epub))).toBe(true);
  }, 120_000);
});

describe.skipIf(!haveFonts)('the warning is kept for characters no installed font has', () => {
  it('a Private Use code point is reported; the Thai beside it is not', async () => {
    const md = join(dir, 'pua.md');
    writeFileSync(md, '---\ntitle: 私用区\nlang: zh-CN\n---\n\n泰语ภาษา与私用区字符\u{10FFFD}。\n');
    const b = await build(md, ['--format', 'pdf']);
    expect(b.err).toEqual([`${md}:6:13: warning: no font has U+10FFFD '\u{10FFFD}' [missing-glyph]`]);
    expect((await readPdf(b.pdf)).text.join('')).toContain('泰语ภาษา');
  }, 60_000);
});

describe.skipIf(!haveFonts)('a damaged installed font', () => {
  it('is skipped with a --verbose note, and the next face that has the character is used', async () => {
    // a fontconfig of our own: a damaged Noto Serif Thai (loca points outside glyf; FreeType still lists
    // it with its charset) that the ranking prefers, and an intact Noto Sans Thai
    const fonts = join(dir, 'fc-fonts');
    mkdirSync(fonts, { recursive: true });
    writeFileSync(join(fonts, 'NotoSerifThai-Regular.ttf'), damage(readFileSync(join(NOTO, 'NotoSerifThai-Regular.ttf')), 'loca'));
    writeFileSync(join(fonts, 'NotoSansThai-Regular.ttf'), readFileSync(join(NOTO, 'NotoSansThai-Regular.ttf')));
    const conf = join(dir, 'fonts.conf');
    writeFileSync(
      conf,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n  <dir>${fonts}</dir>\n  <cachedir>${join(dir, 'fc-cache')}</cachedir>\n</fontconfig>\n`,
    );
    const md = join(dir, 'thai.md');
    writeFileSync(md, '---\ntitle: 泰语\nlang: zh-CN\n---\n\n泰语写作ภาษาไทย。\n');
    const b = await withEnv({ FONTCONFIG_FILE: conf }, async () => {
      expect(
        systemFonts()
          .faces.map((f) => f.family)
          .sort(),
      ).toEqual(['Noto Sans Thai', 'Noto Serif Thai']);
      return build(md, ['--verbose']);
    });
    expect(b.code).toBe(0);
    expect(b.err.filter((l) => /installed font/.test(l))).toEqual([
      `cjkpress: skipped the installed font ${join(fonts, 'NotoSerifThai-Regular.ttf')}: font ${join(fonts, 'NotoSerifThai-Regular.ttf')} is damaged: the loca table puts glyph 1 outside the glyf table`,
      expect.stringMatching(/^cjkpress: characters the bundled fonts lack, from installed fonts: Noto Sans Thai Regular \(.*NotoSansThai-Regular\.ttf\)/),
    ]);
    expect(b.err.filter((l) => /: warning: /.test(l))).toEqual([]);
    expect(await notdefGlyphs(b.pdf)).toEqual([]);
    expect((await readPdf(b.pdf)).text.join('')).toContain('泰语写作ภาษาไทย。');
  }, 60_000);
});
