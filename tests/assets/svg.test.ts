/**
 * src/assets/svg.ts: SVG parsed as XML, dangerous content refused, unknown content removed (with a
 * warning) and editor data removed (silently); the checked markup is what both editions carry.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImages, type ImageAsset } from '../../src/assets/images.ts';
import { checkSvg, SvgProblem } from '../../src/assets/svg.ts';
import { CjkpressError, Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { openEpub } from '../writers/epub/helpers.ts';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (inner: string, attrs = ''): string => `<svg ${NS} width="100" height="50"${attrs}>${inner}</svg>`;
const PNG_DATA = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

/** An Inkscape drawing as saved (trimmed): namespaces, sodipodi:namedview, RDF metadata, inkscape:* attributes. */
const INKSCAPE_SVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="120mm" height="60mm" viewBox="0 0 120 60" version="1.1" id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)" sodipodi:docname="diagram.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" bordercolor="#000000" inkscape:zoom="1.2" inkscape:current-layer="layer1" />
  <defs id="defs1">
    <linearGradient id="g1" inkscape:collect="always"><stop style="stop-color:#1a4d8f" offset="0" /><stop style="stop-color:#ffffff" offset="1" /></linearGradient>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:title>流程图</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="图层 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#g1);stroke:#000000;stroke-width:0.5" id="rect1" width="50" height="30" x="5" y="5" />
    <text xml:space="preserve" style="font-size:8px" x="62" y="24" id="text1"><tspan sodipodi:role="line" id="tspan1" x="62" y="24">步骤一</tspan></text>
  </g>
</svg>
`;

describe('SVG: refused (dangerous)', () => {
  it.each([
    ['a DOCTYPE with an external entity', `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`, /has a DOCTYPE/],
    [
      'a DOCTYPE without entities',
      `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg('<rect/>')}`,
      /has a DOCTYPE/,
    ],
    ['@import in a style sheet', svg('<style>@import url(http://evil.example/a.css);</style>'), /refers to http:\/\/evil\.example\/a\.css with @import/],
    ['@import of a bare string', svg('<style>@import "a.css";</style>'), /refers to a\.css with @import/],
    ['<set> rewriting an href to javascript:', svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'), /contains a <set>|script URL/],
    ['<set> (harmless-looking)', svg('<rect><set attributeName="fill" to="red"/></rect>'), /contains a <set>/],
    ['<animate>', svg('<rect><animate attributeName="x" values="0;10" dur="1s"/></rect>'), /contains a <animate>/],
    ['<use> of a remote file', svg('<use xlink:href="http://evil.example/s.svg#a"/>'), /refers to http:\/\/evil\.example\/s\.svg#a/],
    ['<use> of a local file', svg('<use href="other.svg#a"/>'), /refers to other\.svg#a/],
    ['<image> of a local file', svg('<image xlink:href="/etc/passwd" width="1" height="1"/>'), /refers to \/etc\/passwd/],
    ['<image> of an SVG data: URL', svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>'), /refers to data:image\/svg\+xml/],
    ['a <script>', svg('<script>alert(1)</script>'), /contains a <script>/],
    ['a <script> inside an unknown element', svg('<foo><script>alert(1)</script></foo>'), /contains a <script>/],
    ['a <foreignObject>', svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), /contains a <foreignObject>/],
    ['XHTML elements', svg('<html:iframe xmlns:html="http://www.w3.org/1999/xhtml" src="x"/>'), /contains HTML/],
    ['an event handler', svg('<rect onclick="x()" width="1" height="1"/>'), /event handler attribute \(onclick=\)/],
    ['an event handler in a foreign namespace', svg('<rect xmlns:e="urn:x" e:onload="x()"/>'), /event handler/],
    ['url() to a file in a presentation attribute', svg('<rect fill="url(paint.svg#p)"/>'), /refers to paint\.svg#p/],
    ['url() to a URL in a style attribute', svg('<rect style="fill: url( \'https://x.example/p.svg#p\' )"/>'), /refers to https:\/\/x\.example\/p\.svg#p/],
    ['a link to a web page', svg('<a href="https://example.com"><rect/></a>'), /refers to https:\/\/example\.com/],
    ['an xml-stylesheet instruction', `<?xml-stylesheet href="http://x.example/a.css"?>${svg('<rect/>')}`, /xml-stylesheet/],
    ['a file that is not XML', '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', /is not well-formed XML: .*rect/],
    ['a root that is not <svg>', '<html xmlns="http://www.w3.org/1999/xhtml"/>', /not an SVG document/],
  ])('%s', (_name, text, msg) => {
    let err: unknown;
    try {
      checkSvg(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SvgProblem);
    expect((err as Error).message).toMatch(msg);
  });
});

describe('SVG: kept, cleaned', () => {
  it('keeps a static drawing: #id references, gradients, data: PNG images, text', () => {
    const text = svg(
      `<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient><symbol id="s"><circle r="3"/></symbol></defs>` +
        `<use xlink:href="#s" x="5"/><rect fill="url(#g)" style="stroke: url(#g)" width="9" height="9"/><image href="${PNG_DATA}" width="1" height="1"/><text x="1" y="9">图</text>`,
    );
    const r = checkSvg(text);
    expect(r.removed).toEqual([]);
    expect(r.text).toContain('<use xlink:href="#s" x="5"/>');
    expect(r.text).toContain(`href="${PNG_DATA}"`);
    expect(r.text).toContain('<text x="1" y="9">图</text>');
  });

  it('removes Inkscape editor data silently, keeps the drawing, sizes it from the DOM (mm → px)', () => {
    const r = checkSvg(INKSCAPE_SVG);
    expect(r.removed).toEqual([]);
    expect(r.text).not.toMatch(/sodipodi:namedview|inkscape:label|<metadata|rdf:RDF|sodipodi:role/);
    expect(r.text).toContain('id="rect1"');
    expect(r.text).toContain('>步骤一</tspan>');
    expect(r.text).toContain('xml:space="preserve"');
    expect(r.width).toBeCloseTo((120 * 96) / 25.4, 6);
    expect(r.height).toBeCloseTo((60 * 96) / 25.4, 6);
  });

  it('removes unknown SVG elements and attributes and names them', () => {
    const r = checkSvg(svg('<rect data-id="7" frobnicate="1" width="2" height="2"/><blink><rect/></blink>'));
    expect(r.removed.sort()).toEqual(['<blink>', 'data-id=', 'frobnicate=']);
    expect(r.text).toBe(`<svg ${NS} width="100" height="50"><rect width="2" height="2"/></svg>`);
  });

  it.each([
    ['width and height', ' ', [100, 50]],
    ['viewBox only', '', [300, 150]],
  ])('size from %s', (_n, _a, size) => {
    const text = _a === '' ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"/>` : svg('');
    const r = checkSvg(text);
    expect([r.width, r.height]).toEqual(size);
  });

  it('one side and a viewBox: the other side follows the aspect ratio; units converted', () => {
    expect(((r) => [r.width, r.height])(checkSvg('<svg xmlns="http://www.w3.org/2000/svg" width="200" viewBox="0 0 100 25"/>'))).toEqual([200, 50]);
    expect(((r) => [r.width, r.height])(checkSvg('<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="72pt"/>'))).toEqual([96, 96]);
  });
});

describe('SVG in the book', () => {
  it('is refused with [bad-asset] at the image, or cleaned with a located [svg-cleaned] warning; the book carries the checked markup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-svg-'));
    writeFileSync(join(dir, 'bad.svg'), svg('<set attributeName="href" to="javascript:alert(1)"/>'));
    writeFileSync(join(dir, 'odd.svg'), svg('<rect frobnicate="1" width="2" height="2"/>'));
    writeFileSync(join(dir, 'ink.svg'), INKSCAPE_SVG);
    const file = join(dir, 'a.md');
    writeFileSync(file, '---\ntitle: t\n---\n\n![坏](bad.svg)\n');
    const bad = transform(await readArticle(file));
    const e = await loadImages(file, bad.blocks).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CjkpressError);
    expect((e as CjkpressError).format()).toBe(`${file}:5:1: error: SVG image bad.svg contains a <set>: only plain, static pictures are allowed [bad-asset]`);

    writeFileSync(file, '---\ntitle: t\n---\n\n![怪](odd.svg)\n\n![图](ink.svg)\n');
    const book = transform(await readArticle(file));
    const diagnostics = new Diagnostics();
    const images = await loadImages(file, book.blocks, { diagnostics });
    expect(diagnostics.warnings.map((d) => `${d.line}:${d.col} ${d.message} [${d.rule}]`)).toEqual([
      '5:1 SVG image odd.svg: removed what a static picture does not use: frobnicate= [svg-cleaned]',
    ]);
    const epub = await openEpub(await writeEpub(book, { fonts: defaultFonts('zh-CN'), date: new Date(0), images }));
    const inBook = await epub.text('OEBPS/images/img-02.svg');
    expect(inBook).toBe(new TextDecoder().decode((images.get('ink.svg') as ImageAsset).data));
    expect(inBook).not.toContain('sodipodi:namedview');
    expect(await epub.text('OEBPS/images/img-01.svg')).not.toContain('frobnicate');
  }, 30_000);
});

describe('SVG: any input', () => {
  it('either passes (and the result parses again, unchanged) or is refused with SvgProblem — never another error', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.constantFrom(
      '<rect width="1" height="1"/>',
      '<g>',
      '</g>',
      '<script>x</script>',
      '<text>字</text>',
      '<use href="#a"/>',
      '<use href="a.svg#b"/>',
      '<!DOCTYPE x>',
      '<![CDATA[ <x> ]]>',
      '<!-- c -->',
      '<?pi x?>',
      '&amp;',
      '&x;',
      '<style>a{fill:url(#g)}</style>',
      '<style>@import "x";</style>',
      '<foo:bar xmlns:foo="urn:x"/>',
      '<metadata><x/></metadata>',
      '<a href="#x">',
      '</a>',
      '<',
      '>',
      '"',
      "'",
      ' onload="x"',
      '\u0000',
      '\uFFFF',
    );
    const doc = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 12 })
      .map((parts) => `<svg xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`);
    fc.assert(
      fc.property(fc.oneof(doc, fc.string({ maxLength: 40 })), (text) => {
        try {
          const r = checkSvg(text);
          expect(checkSvg(r.text).text).toBe(r.text); // what goes into the book is itself a checked SVG
        } catch (e) {
          if (!(e instanceof SvgProblem)) throw e;
        }
      }),
      { numRuns: 400, seed: 10 },
    );
  });
});
