/**
 * The EPUB of the seed article: zip layout, well-formed documents, navigation, links, language,
 * fonts, determinism, epubcheck, and a reviewed digest (golden/seed-digest.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkCallsDuring } from '../../helpers/network.ts';
import { expectGolden } from '../../helpers/golden.ts';
import { DATE, type Document, type Element, OPS_NS, XML_NS, buildSeed, elements, type Epub, openEpub, openFont, parseXml, root, seedBook } from './helpers.ts';

let bytes: Uint8Array;
let epub: Epub;
let opfPath: string;
let opf: Document;
/** manifest: href (full zip path) by id */
const manifest = new Map<string, { href: string; mediaType: string; properties: string }>();
let spine: string[];
let xhtml: { name: string; doc: Document; text: string }[];

const resolve = (from: string, href: string): string => posix.normalize(posix.join(posix.dirname(from), href));

beforeAll(async () => {
  bytes = await buildSeed();
  epub = await openEpub(bytes);
  const container = parseXml(await epub.text('META-INF/container.xml'), 'container.xml');
  opfPath = elements(container, 'rootfile')[0]?.getAttribute('full-path') ?? '';
  opf = parseXml(await epub.text(opfPath), opfPath);
  for (const it of elements(opf, 'item')) {
    manifest.set(it.getAttribute('id') ?? '', {
      href: resolve(opfPath, it.getAttribute('href') ?? ''),
      mediaType: it.getAttribute('media-type') ?? '',
      properties: it.getAttribute('properties') ?? '',
    });
  }
  spine = elements(opf, 'itemref').map((r) => manifest.get(r.getAttribute('idref') ?? '')?.href ?? '?');
  xhtml = [];
  for (const item of manifest.values()) {
    if (item.mediaType !== 'application/xhtml+xml') continue;
    const text = await epub.text(item.href);
    xhtml.push({ name: item.href, doc: parseXml(text, item.href), text });
  }
}, 30_000);

const navDoc = (): Document => {
  const nav = [...manifest.values()].find((i) => i.properties.split(' ').includes('nav'));
  const d = xhtml.find((x) => x.name === nav?.href);
  if (!d) throw new Error('no nav document');
  return d.doc;
};
const navOfType = (type: string): Element => {
  const nav = elements(navDoc(), 'nav').find((n) => (n.getAttributeNS(OPS_NS, 'type') ?? '').split(' ').includes(type));
  if (!nav) throw new Error(`no ${type} nav`);
  return nav;
};

interface Entry {
  title: string;
  href: string;
  depth: number;
}
function navEntries(nav: Element): Entry[] {
  const out: Entry[] = [];
  const walk = (ol: Element, depth: number) => {
    for (const li of elements(ol).filter((e) => e.localName === 'li' && e.parentNode === ol)) {
      const a = elements(li).find((e) => e.localName === 'a' && e.parentNode === li);
      out.push({ title: a?.textContent ?? '', href: a?.getAttribute('href') ?? '', depth });
      for (const sub of elements(li).filter((e) => e.localName === 'ol' && e.parentNode === li)) walk(sub, depth + 1);
    }
  };
  for (const ol of elements(nav).filter((e) => e.localName === 'ol' && e.parentNode === nav)) walk(ol, 1);
  return out;
}
async function ncxEntries(): Promise<(Entry & { playOrder: number })[]> {
  const ncxItem = [...manifest.values()].find((i) => i.mediaType === 'application/x-dtbncx+xml');
  if (!ncxItem) throw new Error('no NCX');
  const ncx = parseXml(await epub.text(ncxItem.href), ncxItem.href);
  const out: (Entry & { playOrder: number })[] = [];
  const walk = (el: Element, depth: number) => {
    for (const np of elements(el).filter((e) => e.localName === 'navPoint' && e.parentNode === el)) {
      const label = elements(np).find((e) => e.localName === 'navLabel' && e.parentNode === np);
      const content = elements(np).find((e) => e.localName === 'content' && e.parentNode === np);
      out.push({ title: label?.textContent?.trim() ?? '', href: content?.getAttribute('src') ?? '', depth, playOrder: Number(np.getAttribute('playOrder')) });
      walk(np, depth + 1);
    }
  };
  const navMap = elements(ncx, 'navMap')[0];
  if (!navMap) throw new Error('no navMap');
  walk(navMap, 1);
  return out;
}

describe('EPUB of the seed article', () => {
  it('is a zip whose first entry is an uncompressed "mimetype" without extra field', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // method: stored
    const nameLen = view.getUint16(26, true);
    const extraLen = view.getUint16(28, true);
    const size = view.getUint32(18, true);
    const dec = new TextDecoder();
    expect(dec.decode(bytes.subarray(30, 30 + nameLen))).toBe('mimetype');
    expect(extraLen).toBe(0);
    expect(dec.decode(bytes.subarray(30 + nameLen, 30 + nameLen + size))).toBe('application/epub+zip');
    expect(epub.names[0]).toBe('mimetype');
  });

  it('has every entry dated with the build date', () => {
    for (const n of epub.names) {
      const d = epub.zip.files[n]?.date;
      // DOS time has 2 s resolution
      expect(Math.abs((d?.getTime() ?? 0) - DATE.getTime()), n).toBeLessThan(2000);
    }
  });

  it('lists every file it contains in the manifest, and every manifest item exists', () => {
    const listed = new Set([...manifest.values()].map((i) => i.href));
    const extra = epub.files.filter((f) => f !== 'mimetype' && !f.startsWith('META-INF/') && f !== opfPath && !listed.has(f));
    expect(extra).toEqual([]);
    for (const href of listed) expect(epub.files, href).toContain(href);
    expect(epub.files).toContain('META-INF/com.apple.ibooks.display-options.xml');
  });

  it('has only ASCII file names', () => {
    for (const f of epub.files) expect(f).toMatch(/^[A-Za-z0-9._/-]+$/);
  });

  it('has well-formed XML in every XHTML, OPF, NCX and container document', async () => {
    const xmlish = epub.files.filter((f) => /\.(xhtml|opf|ncx|xml)$/.test(f));
    expect(xmlish.length).toBeGreaterThanOrEqual(10);
    for (const f of xmlish) parseXml(await epub.text(f), f);
  });

  it('declares dc:language zh-CN, and lang/xml:lang zh-CN on the package and every XHTML document', () => {
    const langs = elements(opf, 'language').map((e) => e.textContent);
    expect(langs).toEqual(['zh-CN']);
    expect(root(opf).getAttributeNS(XML_NS, 'lang')).toBe('zh-CN');
    expect(xhtml.length).toBeGreaterThanOrEqual(6);
    for (const { name, doc } of xhtml) {
      expect(root(doc).getAttributeNS(XML_NS, 'lang'), name).toBe('zh-CN');
      expect(root(doc).getAttribute('lang'), name).toBe('zh-CN');
    }
  });

  it('writes CJK as characters: no numeric character references outside ASCII', () => {
    for (const { name, text } of xhtml) {
      expect(text, name).not.toMatch(/&#x[0-9a-f]{3,};|&#[0-9]{3,};/i);
      expect(text, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has the metadata epubcheck, Kindle and accessibility checkers look for', () => {
    const meta = (prop: string) =>
      elements(opf, 'meta')
        .filter((m) => m.getAttribute('property') === prop)
        .map((m) => m.textContent);
    expect(meta('dcterms:modified')).toEqual([DATE.toISOString().replace(/\.\d+Z$/, 'Z')]);
    expect(meta('schema:accessMode')).toEqual(['textual']);
    expect(meta('schema:accessModeSufficient')).toEqual(['textual']);
    expect(meta('schema:accessibilityFeature').sort()).toEqual(['readingOrder', 'structuralNavigation', 'tableOfContents']);
    expect(meta('schema:accessibilityHazard')).toEqual(['none']);
    // no image without alt text, and Ace finds nothing (tests/writers/epub/ace.test.ts): the claim holds
    expect(meta('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
    expect(meta('schema:accessibilitySummary')[0]?.length).toBeGreaterThan(10);
    expect(elements(opf, 'description')[0]?.textContent?.length).toBeGreaterThan(20);
    expect(elements(opf, 'identifier')[0]?.textContent).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(elements(opf, 'title')[0]?.textContent).toBe('荆门互联网危机处理案例分析');
  });

  it('reads in order: cover, title page, contents, three chapters split at h2, sources', () => {
    expect(spine.map((s) => posix.basename(s))).toEqual([
      'cover.xhtml',
      'title.xhtml',
      'toc.xhtml',
      'chapter-01.xhtml',
      'chapter-02.xhtml',
      'chapter-03.xhtml',
      'sources.xhtml',
    ]);
    const doc = (n: string) => xhtml.find((x) => x.name.endsWith(n))?.doc as Document;
    // the text before the first h2 opens the first chapter
    const first = elements(doc('chapter-01.xhtml')).filter((e) => ['p', 'h2', 'h3'].includes(e.localName ?? ''));
    expect(first.slice(0, 3).map((e) => e.localName)).toEqual(['p', 'p', 'h2']);
    for (const n of ['chapter-02.xhtml', 'chapter-03.xhtml']) {
      expect(elements(doc(n)).find((e) => ['p', 'h2', 'h3'].includes(e.localName ?? ''))?.localName, n).toBe('h2');
    }
    expect(elements(doc('chapter-03.xhtml'), 'h3')).toHaveLength(3);
  });

  it('has a title page with the title, reading stats, column and origin', () => {
    const title = xhtml.find((x) => x.name.endsWith('title.xhtml'));
    const text = root(title?.doc).textContent ?? '';
    expect(elements(title?.doc as Document, 'h1').map((e) => e.textContent)).toEqual(['荆门互联网危机处理案例分析']);
    expect(text).toContain('3797字');
    expect(text).toContain('10分钟');
    expect(text).toContain('舆论监督');
    expect(text).toContain('快速推动舆论');
  });

  it('never duplicates a heading and never numbers it', async () => {
    const book = await seedBook();
    const headings = xhtml
      .filter((x) => /chapter-\d+\.xhtml$/.test(x.name))
      .flatMap((x) =>
        elements(x.doc)
          .filter((e) => /^h[1-6]$/.test(e.localName ?? ''))
          .map((e) => e.textContent),
      );
    const expected = book.blocks.flatMap((b) => (b.kind === 'heading' ? [b.content.map((c) => (c.kind === 'text' ? c.text : '')).join('')] : []));
    expect(headings).toEqual(expected);
    const navTitles = navEntries(navOfType('toc')).map((e) => e.title);
    for (const t of navTitles) expect(t).not.toMatch(/^\d+\.\s/);
  });

  it('has a sources appendix with working links', () => {
    const src = xhtml.find((x) => x.name.endsWith('sources.xhtml'));
    const links = elements(src?.doc as Document, 'a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['http://www.stocksun.net/yuqingjiankong/2604.html', 'http://www.leixj.com/new/6302.html']);
    expect(root(src?.doc).textContent).toContain('荆门网络危机处理案例分析');
  });

  it('has a nav toc of 8 entries nested two levels, and cover/toc/bodymatter landmarks', () => {
    const toc = navEntries(navOfType('toc'));
    expect(toc.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...toc.map((e) => e.depth))).toBe(2);
    expect(toc.filter((e) => e.depth === 2).map((e) => e.title)).toEqual([
      '1.传统电子商务支持大品牌，中小企业的地位令人尴尬',
      '2.找到另一片蓝色海洋，数以千计的中小企业将改变社会电子商务',
      '3.社交电子商务是大势所趋，巨头们害怕被颠覆和主动部署',
    ]);
    expect(toc.at(-1)?.href).toMatch(/^sources\.xhtml/);
    for (const e of toc.slice(1)) expect(e.href).toMatch(/#./);
    const landmarks = elements(navOfType('landmarks'), 'a').map((a) => a.getAttributeNS(OPS_NS, 'type'));
    expect(landmarks).toEqual(['cover', 'toc', 'bodymatter']);
  });

  it('has an NCX with the same entries, two levels, playOrder 1..n', async () => {
    const ncx = await ncxEntries();
    const toc = navEntries(navOfType('toc'));
    expect(ncx.map(({ title, href, depth }) => ({ title, href, depth }))).toEqual(toc);
    expect(ncx.map((e) => e.playOrder)).toEqual(ncx.map((_, i) => i + 1));
  });

  it('resolves every internal href (nav, NCX, XHTML, OPF, CSS) to a file and an id', async () => {
    const ids = new Map<string, Set<string>>();
    for (const { name, doc } of xhtml)
      ids.set(
        name,
        new Set(
          elements(doc)
            .map((e) => e.getAttribute('id'))
            .filter((x): x is string => !!x),
        ),
      );
    const check = (from: string, href: string) => {
      if (/^[a-z]+:/i.test(href)) {
        expect(href, `${from}: only http(s) links leave the book`).toMatch(/^https?:\/\//);
        return;
      }
      const [path = '', frag] = href.split('#');
      const target = path ? resolve(from, path) : from;
      expect(epub.files, `${from} → ${href}`).toContain(target);
      if (frag !== undefined) expect(ids.get(target)?.has(decodeURIComponent(frag)), `${from} → ${href}`).toBe(true);
    };
    let n = 0;
    for (const { name, doc } of xhtml) {
      for (const a of elements(doc, 'a')) check(name, a.getAttribute('href') ?? ''), n++;
      for (const l of elements(doc, 'link')) check(name, l.getAttribute('href') ?? ''), n++;
    }
    for (const e of await ncxEntries()) check(manifest.get('ncx')?.href ?? '', e.href), n++;
    const css = [...manifest.values()].find((i) => i.mediaType === 'text/css');
    if (!css) throw new Error('no stylesheet');
    const urls = [...(await epub.text(css.href)).matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBe(2);
    for (const u of urls) check(css.href, u), n++;
    expect(n).toBeGreaterThan(20);
  });

  it('has CSS for Chinese text', async () => {
    const css = await epub.text([...manifest.values()].find((i) => i.mediaType === 'text/css')?.href ?? '');
    const rule = (sel: string) => new RegExp(`(^|\\n)${sel}\\s*\\{([^}]*)\\}`).exec(css)?.[2] ?? '';
    expect(rule('p')).toMatch(/text-align:\s*justify/);
    expect(rule('p')).toMatch(/text-indent:\s*2em/);
    expect(rule('p')).toMatch(/margin:\s*0/);
    expect(rule('p')).toMatch(/(^|\s)line-break:\s*strict/);
    expect(rule('body')).toMatch(/line-height:\s*1\.[6-8]/);
    expect(css).toMatch(/@font-face\s*\{[^}]*font-weight:\s*normal[^}]*src:\s*url\(fonts\/[^)]+-Regular\.ttf\)/);
    expect(css).toMatch(/@font-face\s*\{[^}]*font-weight:\s*bold[^}]*src:\s*url\(fonts\/[^)]+-Bold\.ttf\)/);
  });

  it('embeds a regular and a bold subset, ≤ 400 KiB together, covering every character each face renders', async () => {
    const fonts = [...manifest.values()].filter((i) => i.mediaType.startsWith('font/'));
    expect(fonts.map((f) => posix.basename(f.href)).sort()).toEqual(['NotoSerifSC-Bold.ttf', 'NotoSerifSC-Regular.ttf']);
    const data = new Map<string, Uint8Array>();
    for (const f of fonts) data.set(f.href.endsWith('-Bold.ttf') ? 'bold' : 'regular', await epub.bytes(f.href));
    const total = [...data.values()].reduce((s, d) => s + d.length, 0);
    expect(total).toBeLessThanOrEqual(400 * 1024);
    const regular = openFont(data.get('regular') as Uint8Array);
    const bold = openFont(data.get('bold') as Uint8Array);

    // Which face renders what, read back from the documents: headings/strong bold, emphasis both.
    const need = { regular: new Set<string>(), bold: new Set<string>() };
    const walk = (el: Element, faces: ('regular' | 'bold')[], inNav: boolean) => {
      if (el.localName === 'head' || el.hasAttribute('hidden')) return;
      let f = faces;
      if (/^(h[1-6]|strong|b|th)$/.test(el.localName ?? '')) f = ['bold'];
      else if (el.localName === 'em') f = [...new Set([...faces, 'bold' as const])];
      if (el.localName === 'ol' && !inNav) {
        const items = elements(el).filter((e) => e.localName === 'li' && e.parentNode === el).length;
        for (let i = 1; i <= items; i++) for (const face of f) for (const ch of `${i}.`) need[face].add(ch);
      }
      for (let c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          const t = c.nodeValue ?? '';
          if (!t.trim()) continue;
          for (const ch of t) if (!/[\n\r\t]/.test(ch)) for (const face of f) need[face].add(ch);
        } else if (c.nodeType === 1) walk(c as Element, f, inNav || el.localName === 'nav');
      }
    };
    for (const { doc } of xhtml) walk(root(doc), ['regular'], false);
    expect(need.regular.size).toBeGreaterThan(600);
    expect(need.bold.size).toBeGreaterThan(50);
    const missing = (font: ReturnType<typeof openFont>, set: Set<string>) => [...set].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0));
    expect(missing(regular, need.regular)).toEqual([]);
    expect(missing(bold, need.bold)).toEqual([]);
    // subsets, not whole fonts: nothing much beyond what is needed
    expect(regular.characterSet.length).toBeLessThan(need.regular.size + 20);
    expect(bold.characterSet.length).toBeLessThan(need.bold.size + 20);
  });

  it('gives identical bytes for two builds with the same date, and the same identifier for another date', async () => {
    const book = await seedBook();
    const { writeEpub } = await import('../../../src/writers/epub/index.ts');
    const { defaultFonts } = await import('../../../src/fonts/resolve.ts');
    const again = await writeEpub(book, { fonts: defaultFonts('zh-CN'), date: DATE });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    const later = await openEpub(await writeEpub(book, { fonts: defaultFonts('zh-CN'), date: new Date(DATE.getTime() + 86_400_000) }));
    const idOf = async (e: Epub) => /<dc:identifier[^>]*>([^<]+)</.exec(await e.text(opfPath))?.[1];
    expect(await idOf(later)).toBe(await idOf(epub));
  });

  it('never touches the network', async () => {
    const calls = await networkCallsDuring(async () => {
      const book = await seedBook();
      const { writeEpub } = await import('../../../src/writers/epub/index.ts');
      const { defaultFonts } = await import('../../../src/fonts/resolve.ts');
      await writeEpub(book, { fonts: defaultFonts('zh-CN'), date: DATE });
    });
    expect(calls).toEqual([]);
  });

  it('matches the reviewed digest (files, spine, nav, NCX)', async () => {
    expectGolden(join(import.meta.dirname, 'golden', 'seed-digest.json'), {
      files: epub.files,
      spine: spine,
      manifest: [...manifest.entries()].map(([id, i]) => ({ id, href: i.href, mediaType: i.mediaType, properties: i.properties || undefined })),
      nav: navEntries(navOfType('toc')),
      landmarks: elements(navOfType('landmarks'), 'a').map((a) => ({ type: a.getAttributeNS(OPS_NS, 'type'), href: a.getAttribute('href') })),
      ncx: await ncxEntries(),
    });
  });
});

const jar = '/usr/share/java/epubcheck.jar';
const java = spawnSync('java', ['-version']).status === 0;
const haveEpubcheck = java && existsSync(jar);
if (!haveEpubcheck) console.warn(`SKIPPED epubcheck test: ${java ? `no ${jar}` : 'no java on PATH'} (apt-get install epubcheck)`);

describe('epubcheck', () => {
  it.skipIf(!haveEpubcheck)(
    'finds 0 fatals, 0 errors, 0 warnings',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cjkpress-epub-'));
      try {
        const file = join(dir, 'seed.epub');
        writeFileSync(file, await buildSeed());
        const r = spawnSync('java', ['-jar', jar, file, '--json', '-'], { encoding: 'utf8', timeout: 120_000 });
        const out = r.stdout;
        const json = JSON.parse(out.slice(out.indexOf('{'))) as {
          messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
          checker: { nFatal: number; nError: number; nWarning: number };
        };
        const msgs = json.messages.map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`);
        expect(msgs).toEqual([]);
        expect([json.checker.nFatal, json.checker.nError, json.checker.nWarning]).toEqual([0, 0, 0]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
