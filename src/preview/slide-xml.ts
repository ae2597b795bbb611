/**
 * Small helpers over the browser's XML parser for the slide readers: elements are matched by
 * local name (a package may pick any prefix for a namespace), attributes by qualified name or
 * local name. Nothing here turns text into markup.
 */
import { PreviewError } from './preview-error.js';

/** Parses an XML part; a part that is not well-formed XML is a damaged file. */
export function parseXml(text: string, part: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0 && doc.documentElement.localName === 'parsererror') {
    throw new PreviewError('corrupt', `${part} is not well-formed XML`);
  }
  if (doc.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'parsererror').length > 0) throw new PreviewError('corrupt', `${part} is not well-formed XML`);
  return doc;
}

/** The element children of `parent` with the local name `name` (all of them when `name` is omitted). */
export function childrenOf(parent: Element | null | undefined, name?: string): Element[] {
  if (!parent) return [];
  const found: Element[] = [];
  for (let node = parent.firstElementChild; node; node = node.nextElementSibling) {
    if (name === undefined || node.localName === name) found.push(node);
  }
  return found;
}

/** The first element child named `name`. */
export function childOf(parent: Element | null | undefined, name: string): Element | null {
  if (!parent) return null;
  for (let node = parent.firstElementChild; node; node = node.nextElementSibling) if (node.localName === name) return node;
  return null;
}

/** The first element at the end of a path of child names (`path(sp, 'spPr', 'xfrm', 'off')`). */
export function pathOf(parent: Element | null | undefined, ...names: string[]): Element | null {
  let at: Element | null = parent ?? null;
  for (const name of names) at = childOf(at, name);
  return at;
}

/** Every descendant named `name`, in document order. */
export function descendantsOf(parent: Element | Document | null | undefined, name: string): Element[] {
  return parent ? [...parent.getElementsByTagNameNS('*', name)] : [];
}

/** An attribute by local name, whatever its namespace prefix. */
export function attr(element: Element | null | undefined, name: string): string | null {
  if (!element) return null;
  const direct = element.getAttribute(name);
  if (direct !== null) return direct;
  for (const attribute of element.attributes) if (attribute.localName === name) return attribute.value;
  return null;
}

/** A numeric attribute, or `fallback` when missing or not a finite number. */
export function numberAttr(element: Element | null | undefined, name: string, fallback = 0): number {
  const value = Number(attr(element, name) ?? NaN);
  return Number.isFinite(value) ? value : fallback;
}

const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A relationship id attribute (`r:id`, `r:embed`, `r:link`), apart from a plain `id` beside it. */
export function relAttr(element: Element | null | undefined, name: string): string | null {
  return element?.getAttributeNS(RELATIONSHIPS_NS, name) ?? null;
}
