/**
 * The one module that imports linkedom (a small, fast DOM: parsing a saved news page takes milliseconds, where jsdom
 * needs a much larger install and start-up). The rest of the HTML importer sees only the structural types below —
 * the few DOM members it uses — so it type-checks without the DOM library and could take another DOM.
 */
import { parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement;
  readonly title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export const isElement = (n: DomNode): n is DomElement => n.nodeType === ELEMENT_NODE;

/** Parses an HTML page into a DOM. Nothing is fetched and no script runs: linkedom has neither a loader nor a JS engine. */
export function parseHtml(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}
