/**
 * SVG images are parsed as XML (@xmldom/xmldom), checked against an allowlist for static drawings,
 * and re-serialised: the markup that reaches the EPUB and the PDF is the checked one, never the file.
 *
 * Two kinds of problem, two answers:
 * - dangerous — a DOCTYPE (entities), `<script>`, `<foreignObject>`, animation (`<set>`, `<animate…>`
 *   can rewrite an `href` to `javascript:`), an event attribute (`on…`), XHTML elements, `@import`,
 *   or any reference (`href`, `xlink:href`, `url(…)`) that is not a `#id` inside the file (an `<image>`
 *   may embed a data: PNG or JPEG): the file is refused (`SvgProblem`, reported as `[bad-asset]`).
 *   Silently dropping these would change what the author drew with no visible sign.
 * - unknown but harmless — an SVG element or attribute not in the allowlist (e.g. a newer filter
 *   primitive, `data-*`): removed, and named in the result so the caller can warn.
 * Elements and attributes in a drawing program's own namespace (Inkscape's `sodipodi:namedview`,
 * `inkscape:label`, Illustrator's `i:pgf`, RDF inside `<metadata>`) are editor state no renderer
 * shows: removed without a word, or every Inkscape drawing would warn.
 */
import { createRequire } from 'node:module';
import type { Element as XElement, Node as XNode } from '@xmldom/xmldom';
import type * as Xmldom from '@xmldom/xmldom';

// the XML parser is loaded only when a book has an SVG image
let xmldomModule: typeof Xmldom | undefined;
const xmldom = (): typeof Xmldom => (xmldomModule ??= createRequire(import.meta.url)('@xmldom/xmldom') as typeof Xmldom);

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** A file the book must not carry; `message` completes "SVG image x.svg …". */
export class SvgProblem extends Error {}

const ELEMENTS = new Set(
  (
    'svg g path rect circle ellipse line polyline polygon text tspan textPath defs use symbol ' +
    'linearGradient radialGradient stop clipPath mask pattern marker title desc image style metadata switch a ' +
    'filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
    'feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur ' +
    'feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence'
  ).split(' '),
);

/** Never in a book: they run code, embed HTML, or change the drawing (and its links) over time. */
const DANGEROUS = new Set(
  'script foreignObject set animate animateMotion animateTransform animateColor discard handler listener iframe embed object audio video canvas'.split(' '),
);

const ATTRIBUTES = new Set(
  // core and styling
  (
    'id class style lang tabindex version baseProfile x y width height viewBox preserveAspectRatio transform ' +
    'requiredFeatures requiredExtensions systemLanguage role aria-label aria-hidden focusable ' +
    // geometry
    'd points x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy rotate textLength lengthAdjust pathLength ' +
    'startOffset method spacing side ' +
    // paint servers, clipping, masking, markers
    'gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits patternTransform ' +
    'clipPathUnits maskUnits maskContentUnits markerWidth markerHeight markerUnits orient refX refY ' +
    // presentation attributes
    'fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin ' +
    'stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility overflow ' +
    'clip clip-path clip-rule mask marker marker-start marker-mid marker-end stop-color stop-opacity ' +
    'font font-family font-size font-size-adjust font-stretch font-style font-variant font-weight ' +
    'text-anchor text-decoration text-rendering dominant-baseline alignment-baseline baseline-shift ' +
    'letter-spacing word-spacing writing-mode direction unicode-bidi shape-rendering image-rendering ' +
    'color-interpolation color-interpolation-filters color-rendering paint-order vector-effect mix-blend-mode isolation ' +
    'filter flood-color flood-opacity lighting-color ' +
    // filter primitives
    'filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues ' +
    'slope intercept amplitude exponent order kernelMatrix divisor bias targetX targetY edgeMode preserveAlpha ' +
    'surfaceScale diffuseConstant specularConstant specularExponent kernelUnitLength scale xChannelSelector ' +
    'yChannelSelector azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle radius ' +
    'baseFrequency numOctaves seed stitchTiles ' +
    // references: checked below
    'href'
  ).split(' '),
);

/** Namespaces of drawing programs' own state (removed silently). */
const EDITOR_NS = /inkscape|sodipodi|adobe|illustrator|sketch|figma|purl\.org\/dc|creativecommons|w3\.org\/1999\/02\/22-rdf|serif\.com|krita|boxy/i;

export interface CheckedSvg {
  /** the checked (and cleaned) markup, serialised again */
  text: string;
  /** intrinsic size in px from width/height, else the viewBox; 0 when unknown */
  width: number;
  height: number;
  /** unknown elements and attributes that were removed (`<foo>`, `bar=`), each once */
  removed: string[];
}

// older Illustrator and some exporters write a DOCTYPE (sometimes with entities for the namespaces): say how to fix it
const DOCTYPE =
  'has a DOCTYPE: entities and DTDs are not allowed in a book (export it again as plain SVG, or delete the <!DOCTYPE …> if nothing uses its entities)';

/** A reference inside an SVG may only be a fragment of the file itself. */
const isFragment = (ref: string): boolean => /^#[^\s#]*$/.test(ref.trim());
const DATA_IMAGE = /^data:image\/(png|jpe?g);base64,[A-Za-z0-9+/=\s]*$/i;

/** Every `url(…)` in a value that points outside the file, or `@import` / `javascript:` / `expression(`. */
function cssProblem(css: string): string | undefined {
  const imp = /@import\s*(?:url\(\s*)?['"]?([^'")\s;]*)/i.exec(css);
  if (imp) return `refers to ${imp[1] || '(empty)'} with @import: an SVG in a book may only refer to #ids`;
  if (/expression\s*\(|javascript:|behaviou?r\s*:|-moz-binding/i.test(css)) return 'has script in its styles';
  for (const m of css.matchAll(/url\(\s*(['"]?)([^)'"]*)\1\s*\)/gi)) {
    if (!isFragment(m[2] ?? '')) return `refers to ${m[2] || '(empty)'}: an SVG in a book may only refer to #ids`;
  }
  return undefined;
}

function parse(text: string): XNode & { documentElement: XElement | null; doctype: unknown } {
  const errors: string[] = [];
  try {
    const doc = new (xmldom().DOMParser)({
      onError: (level: string, msg: string) => {
        if (level !== 'warning') {
          errors.push(msg);
          throw new Error(msg); // stop at the first error: a half-parsed file is not checked
        }
      },
    }).parseFromString(text, 'image/svg+xml');
    return doc as unknown as XNode & { documentElement: XElement | null; doctype: unknown };
  } catch (e) {
    if (/<!DOCTYPE/i.test(text)) throw new SvgProblem(DOCTYPE);
    const msg = (errors[0] ?? (e instanceof Error ? e.message : String(e))).replace(/\s+/g, ' ').trim();
    throw new SvgProblem(`is not well-formed XML: ${msg}`);
  }
}

/** Checks and cleans an SVG file's text; throws SvgProblem for anything dangerous. */
export function checkSvg(text: string): CheckedSvg {
  const doc = parse(text.replace(/^\ufeff/, ''));
  if (doc.doctype) throw new SvgProblem(DOCTYPE);
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS) throw new SvgProblem('is not an SVG document (no <svg> root in the SVG namespace)');
  const removed = new Set<string>();

  // `quiet`: inside a drawing program's own element, whose contents all go without a word
  const visit = (el: XElement, quiet: boolean): void => {
    const ns = el.namespaceURI;
    const name = el.localName ?? el.nodeName;
    const note = (what: string): void => {
      if (!quiet) removed.add(what);
    };
    if (ns === XHTML_NS) throw new SvgProblem(`contains HTML (<${el.nodeName}>): only plain pictures are allowed`);
    if (ns === SVG_NS && DANGEROUS.has(name)) {
      throw new SvgProblem(`contains a <${name}>: only plain, static pictures are allowed`);
    }
    // attributes first: a dangerous one refuses the file even on an element that would be removed
    for (const attr of [...Array.from(el.attributes)]) {
      const an = attr.localName ?? attr.name;
      const ans = attr.namespaceURI;
      const value = attr.value;
      if (/^on/i.test(an)) throw new SvgProblem(`has an event handler attribute (${attr.name}=): only plain pictures are allowed`);
      if (/javascript:|vbscript:/i.test(value)) throw new SvgProblem(`has a script URL in ${attr.name}=: only plain pictures are allowed`);
      if (an === 'href' && (ans === null || ans === XLINK_NS)) {
        const ok = isFragment(value) || (name === 'image' && ns === SVG_NS && DATA_IMAGE.test(value.trim()));
        if (!ok)
          throw new SvgProblem(
            `refers to ${value.trim().slice(0, 80) || '(empty)'}: an SVG in a book may only refer to #ids and embed data: PNG or JPEG images`,
          );
        continue;
      }
      const css = cssProblem(value);
      if (css && (an === 'style' || /url\(|@import|expression|javascript/i.test(value))) throw new SvgProblem(css);
      if (ans === XMLNS_NS || attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) {
        if (EDITOR_NS.test(value)) el.removeAttributeNode(attr); // its elements and attributes go too
        continue;
      }
      if (ans === XML_NS) continue; // xml:space, xml:lang
      if (ans !== null && ans !== SVG_NS) {
        if (ans !== XLINK_NS && !EDITOR_NS.test(ans)) note(`${attr.name}=`);
        el.removeAttributeNode(attr); // editor state (inkscape:label …), xlink:title …
        continue;
      }
      if (!ATTRIBUTES.has(an)) {
        note(`${an}=`);
        el.removeAttributeNode(attr);
      }
    }
    if (ns === SVG_NS && name === 'style') {
      const why = cssProblem(el.textContent ?? '');
      if (why) throw new SvgProblem(why);
    }
    for (const child of [...Array.from(el.childNodes)]) {
      if (child.nodeType === 1) {
        const c = child as XElement;
        const cns = c.namespaceURI;
        const cname = c.localName ?? c.nodeName;
        // check what is inside before deciding: a <script> inside an unknown element still refuses the file
        const editor = cns !== null && cns !== SVG_NS && EDITOR_NS.test(cns);
        visit(c, quiet || editor);
        if (cns === SVG_NS && ELEMENTS.has(cname)) continue;
        if (!editor) note(`<${c.nodeName}>`);
        el.removeChild(c);
      } else if (child.nodeType === 7) {
        el.removeChild(child); // processing instructions (<?xml-stylesheet …?>) inside the drawing
      }
    }
  };
  // a processing instruction before the root (<?xml-stylesheet href="…"?>) would load a style sheet
  for (const n of Array.from(doc.childNodes)) {
    if (n.nodeType === 7 && /xml-stylesheet/i.test(n.nodeName)) throw new SvgProblem('has an <?xml-stylesheet?>: an SVG in a book may only refer to #ids');
  }
  visit(root, false);
  // metadata holds RDF (editor state); an emptied one is dropped too
  for (const m of Array.from(root.getElementsByTagNameNS(SVG_NS, 'metadata'))) m.parentNode?.removeChild(m);

  const out = new (xmldom().XMLSerializer)().serializeToString(root);
  const [width, height] = sizeOf(root);
  return { text: out, width, height, removed: [...removed] };
}

/** px from an SVG length (`12`, `12px`, `3cm`, `10pt`; `%` and `em` are unknown → 0). */
function lengthPx(v: string | null): number {
  const m = /^\s*([\d.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(v ?? '');
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'px').toLowerCase();
  const per: Record<string, number> = { px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };
  const px = n * (per[unit] ?? 1);
  return Number.isFinite(px) && px > 0 ? px : 0;
}

function sizeOf(root: XElement): [number, number] {
  const vb = (root.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const vw = vb.length === 4 && Number.isFinite(vb[2]) && (vb[2] ?? 0) > 0 ? (vb[2] ?? 0) : 0;
  const vh = vb.length === 4 && Number.isFinite(vb[3]) && (vb[3] ?? 0) > 0 ? (vb[3] ?? 0) : 0;
  let w = lengthPx(root.getAttribute('width'));
  let h = lengthPx(root.getAttribute('height'));
  // one side given: the other follows the viewBox's aspect ratio
  if (w && !h && vw && vh) h = (w * vh) / vw;
  if (h && !w && vw && vh) w = (h * vw) / vh;
  return [w || vw, h || vh];
}
