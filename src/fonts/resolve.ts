/**
 * Which fonts a book is set in: the language's default (fonts/fonts.json: npm packages of TrueType
 * Noto Serif faces), or the user's `--font` / `--heading-font` (or front matter `font` / `heading-font`),
 * each followed by a chain of fallback faces for characters it lacks (see chain.ts).
 */
import { packagePath } from '../paths.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CjkpressError, type Diagnostics } from '../diagnostics.ts';
import { resolveAsset } from '../safety/paths.ts';
import { fontProblem, openFontFace, probeGlyphs, readFontFile } from './load.ts';
import { isCollection, SfntError, type SfntFace } from './sfnt.ts';

export interface FontFace {
  family: string;
  /** absolute path of a TrueType/OpenType font or collection */
  path: string;
  /** the face of a collection (.ttc), by PostScript name; the first face when absent */
  postscriptName?: string;
  /** one of our npm font packages (fonts.json): trusted, so not probed with fontkit before use */
  bundled?: boolean;
}

export interface FontSet {
  regular: FontFace;
  bold: FontFace;
  /**
   * Where characters the faces lack are looked up, in this order. Listing them costs nothing: a
   * fallback's file is read only when the text has a character the faces before it lack.
   */
  fallbacks?: FontSet[];
  /** npm packages of fallback fonts that are not installed (named in missing-glyph warnings) */
  notInstalled?: string[];
}

interface FontEntry {
  package: string;
  family: string;
  regular: string;
  bold: string;
  license: string;
}

interface Manifest {
  fonts: Record<string, FontEntry>;
  /** font language → font ids, the default first, then the fallbacks in order */
  languages: Record<string, string[]>;
  /** BCP 47 tag (or primary subtag, or `*`) → font language */
  aliases: Record<string, string>;
}

const require = createRequire(import.meta.url);

let manifest: Manifest | undefined;
function loadManifest(): Manifest {
  manifest ??= JSON.parse(readFileSync(packagePath('fonts', 'fonts.json'), 'utf8')) as Manifest;
  return manifest;
}

/**
 * Whether vertical writing, when asked for, is given: it is offered for Traditional Chinese and
 * Japanese (the faces and the EPUB's vertical CSS are made for them); otherwise a `[vertical]` warning
 * at the file, and the book is set horizontally.
 */
export function verticalWriting(wanted: boolean, lang: string, file: string, what: 'articles' | 'books', diagnostics?: Diagnostics): boolean {
  if (!wanted) return false;
  const fl = fontLanguage(lang);
  if (fl === 'zh-Hant' || fl === 'ja') return true;
  diagnostics?.warn(`vertical writing is for zh-Hant and ja ${what}, not \`lang: ${lang}\`: set horizontally`, file, undefined, undefined, 'vertical');
  return false;
}

/**
 * The font language of a BCP 47 tag: zh-Hans (zh, zh-CN, zh-SG), zh-Hant (zh-TW, zh-HK, zh-MO, any
 * -Hant), ja, ko; anything else gets the tool's default (zh-Hans).
 */
export function fontLanguage(lang: string): string {
  const m = loadManifest();
  const parts = lang.split(/[-_]/);
  const primary = (parts[0] ?? '').toLowerCase();
  const script = parts.slice(1).find((p) => /^[a-zA-Z]{4}$/.test(p));
  const region = parts.slice(1).find((p) => /^([a-zA-Z]{2}|\d{3})$/.test(p));
  if (script) {
    const withScript = `${primary}-${script[0]?.toUpperCase()}${script.slice(1).toLowerCase()}`;
    if (m.languages[withScript]) return withScript;
  }
  const candidates = [region ? `${primary}-${region.toUpperCase()}` : undefined, primary, '*'];
  for (const c of candidates) {
    if (!c) continue;
    if (m.languages[c]) return c;
    const alias = m.aliases[c];
    if (alias) return alias;
  }
  return 'zh-Hans';
}

function packageRoot(pkg: string): string | undefined {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

function entrySet(e: FontEntry, root: string): FontSet {
  return { regular: { family: e.family, path: join(root, e.regular), bundled: true }, bold: { family: e.family, path: join(root, e.bold), bundled: true } };
}

/** The fallbacks for a language: its default and the other installed default fonts. */
function fallbackChain(lang: string, skipFirst: boolean): { sets: FontSet[]; notInstalled: string[] } {
  const m = loadManifest();
  const ids = m.languages[fontLanguage(lang)] ?? [];
  const sets: FontSet[] = [];
  const notInstalled: string[] = [];
  for (const id of skipFirst ? ids.slice(1) : ids) {
    const e = m.fonts[id];
    if (!e) continue;
    const root = packageRoot(e.package);
    if (root) sets.push(entrySet(e, root));
    else notInstalled.push(e.package);
  }
  return { sets, notInstalled };
}

/** The default font set for a language, from the npm packages listed in fonts/fonts.json, with its fallbacks. */
export function defaultFonts(lang: string): FontSet {
  const m = loadManifest();
  const fl = fontLanguage(lang);
  const id = m.languages[fl]?.[0];
  const entry = id === undefined ? undefined : m.fonts[id];
  if (!entry) throw new CjkpressError(`no default font for language ${lang} in ${packagePath('fonts', 'fonts.json')}`, undefined, undefined, undefined, 'font');
  const root = packageRoot(entry.package);
  if (!root) {
    throw new CjkpressError(
      `the font for \`lang: ${lang}\` (${entry.family}) is not installed: run \`npm install ${entry.package}\` (or \`npm ci\`), or choose a font with --font`,
      undefined,
      undefined,
      undefined,
      'font',
    );
  }
  const { sets, notInstalled } = fallbackChain(lang, true);
  return { ...entrySet(entry, root), fallbacks: sets, notInstalled };
}

/** Where a font option came from: the command line (paths relative to the working folder, anywhere) or an article. */
export type FontOrigin = { kind: 'cli'; option: string } | { kind: 'article'; file: string; key: string; line?: number | undefined };

const FONT_EXT = /\.(ttf|otf|ttc|otc)$/i;

function describe(origin: FontOrigin): string {
  return origin.kind === 'cli' ? origin.option : `front matter \`${origin.key}\``;
}

/**
 * An error about a font option, located where it was given: `--font: error: …` for the command line,
 * `a.md:4:1: error: …` at the front-matter key (prefixed with the key unless the message names the font).
 */
function fail(message: string, origin: FontOrigin, namesFont = false): never {
  if (origin.kind === 'cli') throw new CjkpressError(message, origin.option, undefined, undefined, 'font');
  throw new CjkpressError(namesFont ? message : `${describe(origin)}: ${message}`, origin.file, origin.line, 1, 'font');
}

/** fc-match's file, face and families for a family name; undefined when fontconfig is not installed. */
function fcMatch(name: string): { file: string; postscriptName: string; families: string[] } | undefined {
  let out: string;
  try {
    out = execFileSync('fc-match', ['-f', '%{file}\\n%{postscriptname}\\n%{family}\\n', name], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { file: '', postscriptName: '', families: [] };
  }
  const [file = '', postscriptName = '', families = ''] = out.split('\n');
  return { file, postscriptName, families: families.split(',').map((f) => f.trim()) };
}

/**
 * Resolves a font option: `FILE`, `FILE#PostScriptName` (a face of a collection) or a family name
 * looked up with fontconfig. From an article, a file must be inside the article's folder.
 */
export async function resolveFontSpec(spec: string, origin: FontOrigin): Promise<FontFace> {
  const hash = spec.lastIndexOf('#');
  const [pathPart, ps] = hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
  const looksLikeFile = FONT_EXT.test(pathPart) || /[\\/]/.test(pathPart);
  let path: string | undefined;
  if (origin.kind === 'article') {
    if (looksLikeFile) path = await resolveAsset(origin.file, pathPart, origin.line === undefined ? {} : { line: origin.line, col: 1 });
  } else {
    path = resolve(pathPart);
    if (!looksLikeFile) {
      try {
        statSync(path);
      } catch {
        path = undefined;
      }
    }
  }
  if (path !== undefined) {
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch {
      return fail(`font file not found: ${pathPart}`, origin);
    }
    if (!isFile) return fail(`not a font file: ${pathPart}`, origin);
    return describeFace({ family: '', path, ...(ps ? { postscriptName: ps } : {}) }, origin, pathPart);
  }
  // a family name
  const m = fcMatch(spec);
  if (!m) return fail(`no font file ${spec}, and fontconfig (fc-match) is not installed to look up a family of that name`, origin);
  if (!m.file || !m.families.some((f) => f.toLowerCase() === spec.toLowerCase())) {
    return fail(`no font file ${spec}, and no installed font family of that name${m.families[0] ? ` (fontconfig's nearest is ${m.families[0]})` : ''}`, origin);
  }
  return describeFace({ family: m.families[0] ?? spec, path: m.file, ...(m.postscriptName ? { postscriptName: m.postscriptName } : {}) }, origin, m.file);
}

/** Characters a probe sets with fontkit, when the face has them: Latin, digits, CJK, kana, Hangul, punctuation. */
const PROBE = 'Aa0中文字あア한。，';

/**
 * Opens the font once to check it (a font, not damaged, the named face exists; fontkit can set text in
 * it) and to learn its family and face. `shown`: the file as the user wrote it, for messages.
 */
async function describeFace(face: FontFace, origin: FontOrigin, shown: string): Promise<FontFace> {
  let sfnt: SfntFace;
  try {
    const f = await openFontFace(face);
    // fontkit only: HarfBuzz reads the whole font again (0.4 s for a 20 MB CJK collection), and the
    // EPUB writer's subset of it fails as a [font] error anyway
    probeGlyphs(f, [...PROBE].filter((ch) => f.has(ch.codePointAt(0) ?? 0)).join(''));
    sfnt = f;
  } catch (e) {
    if (e instanceof SfntError) return fail(fontProblem(e, e.kind === 'damaged' ? shown : face.path), origin, e.kind === 'damaged');
    throw e;
  }
  const collection = isCollection(await readFontFile(face));
  return {
    family: sfnt.family || face.family || sfnt.postscriptName,
    path: face.path,
    ...(collection ? { postscriptName: sfnt.postscriptName } : {}),
  };
}

export interface FontChoice {
  /** `--font` or front matter `font` */
  font?: { spec: string; origin: FontOrigin };
  /** `--heading-font` or front matter `heading-font` */
  headingFont?: { spec: string; origin: FontOrigin };
}

/**
 * The font set for a book: the user's faces (body; headings default to the body face) in front of the
 * language's default fonts, which become fallbacks; or just the defaults.
 */
export async function chooseFonts(lang: string, choice: FontChoice): Promise<FontSet> {
  if (!choice.font && !choice.headingFont) return defaultFonts(lang);
  const { sets, notInstalled } = fallbackChain(lang, false);
  const regular = choice.font ? await resolveFontSpec(choice.font.spec, choice.font.origin) : undefined;
  const heading = choice.headingFont ? await resolveFontSpec(choice.headingFont.spec, choice.headingFont.origin) : undefined;
  const base = sets[0];
  const body = regular ?? base?.regular;
  const bold = heading ?? regular ?? base?.bold;
  if (!body || !bold) {
    throw new CjkpressError(
      `the default font for \`lang: ${lang}\` is not installed (${notInstalled.join(', ')}): choose both --font and --heading-font, or run \`npm ci\``,
      undefined,
      undefined,
      undefined,
      'font',
    );
  }
  return { regular: body, bold, fallbacks: sets, notInstalled };
}
