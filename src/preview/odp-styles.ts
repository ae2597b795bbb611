/**
 * The OpenDocument styles a slide shape uses, resolved through their parents and the family's
 * default style: fill and outline of a graphic style, font size, weight, style and colour of a
 * text style, a paragraph's alignment. Lengths become points; a value in another form (a
 * percentage, a gradient) is left out.
 */
import { EMU_PER_POINT } from './slide-html.js';
import { attr, childOf, descendantsOf } from './slide-xml.js';

export interface OdpStyle {
  fill?: string;
  fillColor?: string;
  stroke?: string;
  strokeColor?: string;
  /** Points. */
  strokeWidth?: number;
  /** Points. */
  fontSize?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right' | 'justify';
}

const UNIT_EMU: Record<string, number> = { cm: 360_000, mm: 36_000, in: 914_400, pt: EMU_PER_POINT, pc: EMU_PER_POINT * 12, px: 9525 };

/** An ODF length (`2cm`, `0.5in`, `12pt`…) in EMU, or NaN. */
export function lengthEmu(value: string | null | undefined): number {
  const match = /^\s*(-?[\d.]+(?:e-?\d+)?)\s*(cm|mm|in|pt|pc|px)?\s*$/i.exec(value ?? '');
  if (!match) return NaN;
  return Number(match[1]) * (UNIT_EMU[(match[2] ?? 'cm').toLowerCase()] ?? NaN);
}

const ALIGN: Record<string, OdpStyle['align']> = { center: 'center', end: 'right', right: 'right', justify: 'justify', start: 'left', left: 'left' };

function ownProperties(style: Element): OdpStyle {
  const out: OdpStyle = {};
  const graphic = childOf(style, 'graphic-properties');
  const text = childOf(style, 'text-properties');
  const paragraph = childOf(style, 'paragraph-properties');
  const fill = attr(graphic, 'fill');
  if (fill) out.fill = fill;
  const fillColor = attr(graphic, 'fill-color');
  if (fillColor) out.fillColor = fillColor;
  const stroke = attr(graphic, 'stroke');
  if (stroke) out.stroke = stroke;
  const strokeColor = attr(graphic, 'stroke-color');
  if (strokeColor) out.strokeColor = strokeColor;
  const strokeWidth = lengthEmu(attr(graphic, 'stroke-width')) / EMU_PER_POINT;
  if (Number.isFinite(strokeWidth)) out.strokeWidth = strokeWidth;
  const size = lengthEmu(attr(text, 'font-size')) / EMU_PER_POINT;
  if (Number.isFinite(size) && size > 0) out.fontSize = size;
  const weight = attr(text, 'font-weight');
  if (weight) out.bold = weight === 'bold' || Number(weight) >= 600;
  const italic = attr(text, 'font-style');
  if (italic) out.italic = italic === 'italic' || italic === 'oblique';
  const underline = attr(text, 'text-underline-style');
  if (underline) out.underline = underline !== 'none';
  const color = attr(text, 'color');
  if (color) out.color = color;
  const align = ALIGN[attr(paragraph, 'text-align') ?? ''];
  if (align) out.align = align;
  return out;
}

export class OdpStyles {
  private readonly named = new Map<string, Element>();
  private readonly defaults = new Map<string, Element>();
  private readonly resolved = new Map<string, OdpStyle>();

  /** `docs`: styles.xml first, then content.xml (whose automatic styles win), or one flat document. */
  constructor(docs: Document[]) {
    for (const doc of docs) {
      for (const style of descendantsOf(doc, 'style')) {
        const name = attr(style, 'name');
        if (name && style.namespaceURI?.includes(':style:')) this.named.set(`${attr(style, 'family')}/${name}`, style);
      }
      for (const style of descendantsOf(doc, 'default-style')) this.defaults.set(attr(style, 'family') ?? '', style);
    }
  }

  /** A style's properties, its parents' and the family default's beneath them. */
  get(name: string | null, family: string): OdpStyle {
    const key = `${family}/${name ?? ''}`;
    let style = this.resolved.get(key);
    if (style) return style;
    const chain: Element[] = [];
    let at = name ? this.named.get(key) : undefined;
    while (at && chain.length < 12 && !chain.includes(at)) {
      chain.unshift(at);
      const parent = attr(at, 'parent-style-name');
      at = parent ? this.named.get(`${family}/${parent}`) : undefined;
    }
    const base = this.defaults.get(family);
    if (base) chain.unshift(base);
    style = Object.assign({}, ...chain.map(ownProperties)) as OdpStyle;
    this.resolved.set(key, style);
    return style;
  }

  /** The `style:page-layout-properties` of a page layout by name. */
  pageLayout(name: string | null, docs: Document[]): Element | null {
    for (const doc of docs) {
      for (const layout of descendantsOf(doc, 'page-layout')) if (attr(layout, 'name') === name) return childOf(layout, 'page-layout-properties');
    }
    return null;
  }
}
