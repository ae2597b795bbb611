/**
 * A pptx slide's shape tree written as HTML: text boxes and placeholders (with the position a
 * placeholder inherits from its layout or master when the slide gives none), pictures from the
 * package, tables' text, groups, and the basic shapes with their fill and outline. Reading
 * order is the tree's order, as a screen reader reads a slide in PowerPoint.
 */
import { attr, childOf, childrenOf, numberAttr, pathOf, relAttr } from './slide-xml.js';
import { pictureDataUrl } from './slides-zip.js';
import type { Geometry, ShapeLook, SlideFrame, SlideWriter, TextParagraph, TextRun } from './slide-html.js';
import type { DeckStrings } from './slides-deck.js';

export interface Relationship {
  type: string;
  /** A part name inside the package, or the URL as written for an external target. */
  target: string;
  external: boolean;
}

export interface PptxSlideContext {
  writer: SlideWriter;
  part: string;
  rels: Map<string, Relationship>;
  theme: Map<string, string>;
  /** The layout then the master: where placeholders inherit their positions from. */
  inherited: Document[];
  picture(part: string): Uint8Array | null;
  strings: DeckStrings;
}

/** More shapes than this on one slide are not drawn (a hostile file could have millions). */
const MAX_SHAPES = 5000;
const PRESET_COLOURS: Record<string, string> = { black: '000000', white: 'ffffff', red: 'ff0000', green: '008000', blue: '0000ff', yellow: 'ffff00', gray: '808080' };
const TITLES = new Set(['title', 'ctrTitle']);

interface Transform {
  (frame: SlideFrame): SlideFrame;
}
const identity: Transform = (frame) => frame;

/** A colour element's parent (`solidFill`, `fillRef`…) to a hex colour, theme colours approximated. */
export function colourOf(parent: Element | null, theme: Map<string, string>): string {
  if (!parent) return '';
  const srgb = childOf(parent, 'srgbClr');
  if (srgb) return attr(srgb, 'val') ?? '';
  const scheme = childOf(parent, 'schemeClr');
  if (scheme) return theme.get(attr(scheme, 'val') ?? '') ?? '';
  const sys = childOf(parent, 'sysClr');
  if (sys) return attr(sys, 'lastClr') ?? '';
  const preset = childOf(parent, 'prstClr');
  if (preset) return PRESET_COLOURS[attr(preset, 'val') ?? ''] ?? '';
  return '';
}

function frameOf(xfrm: Element | null): SlideFrame | null {
  const off = childOf(xfrm, 'off');
  const ext = childOf(xfrm, 'ext');
  if (!off || !ext) return null;
  return { x: numberAttr(off, 'x'), y: numberAttr(off, 'y'), w: numberAttr(ext, 'cx'), h: numberAttr(ext, 'cy'), rotation: numberAttr(xfrm, 'rot') / 60000 };
}

/** The placeholder a shape stands for (`type`, `idx`), if any. */
function placeholderOf(shape: Element, nv: string): { type: string; idx: string } | null {
  const ph = pathOf(shape, nv, 'nvPr', 'ph');
  if (!ph) return null;
  return { type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? '' };
}

/** The position of the layout's or master's placeholder that matches `ph`. */
function inheritedFrame(ph: { type: string; idx: string }, docs: Document[]): SlideFrame | null {
  const kind = (type: string) => (TITLES.has(type) ? 'title' : type === 'subTitle' || type === 'obj' ? 'body' : type);
  for (const doc of docs) {
    const shapes = [...doc.getElementsByTagNameNS('*', 'sp')];
    const byIdx = ph.idx ? shapes.find((sp) => attr(pathOf(sp, 'nvSpPr', 'nvPr', 'ph'), 'idx') === ph.idx) : undefined;
    const byType = shapes.find((sp) => {
      const other = pathOf(sp, 'nvSpPr', 'nvPr', 'ph');
      return other !== null && kind(attr(other, 'type') ?? 'body') === kind(ph.type);
    });
    const frame = frameOf(pathOf(byIdx ?? byType, 'spPr', 'xfrm'));
    if (frame) return frame;
  }
  return null;
}

function runOf(run: Element, theme: Map<string, string>): TextRun {
  const props = childOf(run, 'rPr');
  const size = numberAttr(props, 'sz', 0) / 100;
  const flag = (name: string) => ['1', 'true'].includes(attr(props, name) ?? '');
  const underline = attr(props, 'u');
  return {
    text: childOf(run, 't')?.textContent ?? '',
    bold: flag('b'),
    italic: flag('i'),
    underline: underline !== null && underline !== 'none',
    size: size > 0 ? size : undefined,
    color: colourOf(childOf(props, 'solidFill'), theme),
  };
}

/** A paragraph's plain text (runs, fields and line breaks). */
export function paragraphText(paragraph: Element): string {
  return childrenOf(paragraph)
    .map((node) => (node.localName === 'br' ? '\n' : node.localName === 'r' || node.localName === 'fld' ? (childOf(node, 't')?.textContent ?? '') : ''))
    .join('');
}

const ALIGN: Record<string, TextParagraph['align']> = { ctr: 'center', r: 'right', just: 'justify', dist: 'justify' };

/** A text body's paragraphs; `bulleted`: the placeholder's paragraphs have bullets unless told otherwise. */
export function paragraphsOf(body: Element | null, theme: Map<string, string>, bulleted = false): TextParagraph[] {
  const out: TextParagraph[] = [];
  let number = 0;
  for (const paragraph of childrenOf(body, 'p')) {
    const props = childOf(paragraph, 'pPr');
    const runs: TextRun[] = [];
    for (const node of childrenOf(paragraph)) {
      if (node.localName === 'r' || node.localName === 'fld') runs.push(runOf(node, theme));
      else if (node.localName === 'br') runs.push({ text: '', lineBreak: true });
    }
    let bullet = '';
    const hasText = runs.some((run) => run.text.trim() !== '');
    if (childOf(props, 'buAutoNum')) bullet = `${(number += 1)}.`;
    else if (childOf(props, 'buChar')) bullet = attr(childOf(props, 'buChar'), 'char') ?? '•';
    else if (bulleted && !childOf(props, 'buNone')) bullet = '•';
    if (!childOf(props, 'buAutoNum')) number = 0;
    const endSize = numberAttr(childOf(paragraph, 'endParaRPr'), 'sz', 0) / 100;
    if (!runs.length && endSize > 0) runs.push({ text: '', size: endSize });
    out.push({ runs, bullet: hasText ? bullet : '', level: numberAttr(props, 'lvl', 0), align: ALIGN[attr(props, 'algn') ?? ''] });
  }
  return out;
}

function geometryOf(shape: Element): Geometry {
  const preset = attr(pathOf(shape, 'spPr', 'prstGeom'), 'prst') ?? 'rect';
  if (preset === 'ellipse' || preset === 'roundRect') return preset;
  if (preset === 'line' || preset.includes('Connector')) return 'line';
  return 'rect';
}

function lookOf(shape: Element, theme: Map<string, string>, geometry: Geometry): ShapeLook {
  const props = childOf(shape, 'spPr');
  const style = childOf(shape, 'style');
  let fill = '';
  if (childOf(props, 'solidFill')) fill = colourOf(childOf(props, 'solidFill'), theme);
  else if (childOf(props, 'gradFill')) fill = colourOf(pathOf(props, 'gradFill', 'gsLst', 'gs'), theme);
  else if (!childOf(props, 'noFill') && !childOf(props, 'blipFill') && numberAttr(childOf(style, 'fillRef'), 'idx', 0) > 0) fill = colourOf(childOf(style, 'fillRef'), theme);
  const line = childOf(props, 'ln');
  let stroke = '';
  if (line && childOf(line, 'solidFill')) stroke = colourOf(childOf(line, 'solidFill'), theme);
  else if (!childOf(line, 'noFill') && numberAttr(childOf(style, 'lnRef'), 'idx', 0) > 0) stroke = colourOf(childOf(style, 'lnRef'), theme);
  const xfrm = childOf(props, 'xfrm');
  return {
    geometry,
    fill,
    stroke,
    strokeWidth: numberAttr(line, 'w', 9525) / 12700,
    flipH: attr(xfrm, 'flipH') === '1',
    flipV: attr(xfrm, 'flipV') === '1',
  };
}

const ANCHOR: Record<string, 'top' | 'middle' | 'bottom'> = { t: 'top', ctr: 'middle', b: 'bottom' };

function drawShape(shape: Element, context: PptxSlideContext, transform: Transform): void {
  const ph = placeholderOf(shape, 'nvSpPr');
  const frame = frameOf(pathOf(shape, 'spPr', 'xfrm')) ?? (ph ? inheritedFrame(ph, context.inherited) : null);
  if (!frame) return;
  const geometry = geometryOf(shape);
  const look = lookOf(shape, context.theme, geometry);
  const title = ph !== null && TITLES.has(ph.type);
  const body = ph !== null && (ph.type === 'body' || ph.type === 'obj') && !pathOf(shape, 'nvSpPr', 'cNvSpPr')?.hasAttribute('txBox');
  const defaultSize = title ? 40 : ph?.type === 'subTitle' ? 28 : body ? 24 : 18;
  const textBody = childOf(shape, 'txBody');
  const anchor = ANCHOR[attr(childOf(textBody, 'bodyPr'), 'anchor') ?? ''] ?? (title ? 'middle' : 'top');
  const text = context.writer.paragraphs(paragraphsOf(textBody, context.theme, body), defaultSize);
  context.writer.shape(transform(frame), look, text, anchor);
}

function drawPicture(picture: Element, context: PptxSlideContext, transform: Transform): void {
  const ph = placeholderOf(picture, 'nvPicPr');
  const frame = frameOf(pathOf(picture, 'spPr', 'xfrm')) ?? (ph ? inheritedFrame(ph, context.inherited) : null);
  if (!frame) return;
  const blip = pathOf(picture, 'blipFill', 'blip');
  const embed = relAttr(blip, 'embed');
  const rel = embed ? context.rels.get(embed) : undefined;
  // A linked picture (r:link, or an embed whose target is external) is never fetched.
  if (relAttr(blip, 'link') !== null || rel?.external) {
    context.writer.missingPicture(transform(frame), context.strings.linkedPicture);
    return;
  }
  const url = rel ? pictureDataUrl(context.picture(rel.target)) : '';
  const alt = attr(pathOf(picture, 'nvPicPr', 'cNvPr'), 'descr') ?? '';
  if (url) context.writer.picture(transform(frame), url, alt);
  else context.writer.missingPicture(transform(frame), context.strings.pictureNotShown);
}

function drawTable(frameElement: Element, context: PptxSlideContext, transform: Transform): void {
  const frame = frameOf(childOf(frameElement, 'xfrm'));
  const table = pathOf(frameElement, 'graphic', 'graphicData', 'tbl');
  if (!frame || !table) return;
  const rows = childrenOf(table, 'tr').map((row) => childrenOf(row, 'tc').map((cell) => paragraphsOf(childOf(cell, 'txBody'), context.theme)));
  context.writer.table(transform(frame), rows, 14);
}

/** Maps a group's child coordinates onto the slide. */
function groupTransform(group: Element, outer: Transform): Transform {
  const xfrm = pathOf(group, 'grpSpPr', 'xfrm');
  const frame = frameOf(xfrm);
  const chOff = childOf(xfrm, 'chOff');
  const chExt = childOf(xfrm, 'chExt');
  if (!frame || !chOff || !chExt) return outer;
  const cx = numberAttr(chOff, 'x');
  const cy = numberAttr(chOff, 'y');
  const sx = numberAttr(chExt, 'cx') > 0 ? frame.w / numberAttr(chExt, 'cx') : 1;
  const sy = numberAttr(chExt, 'cy') > 0 ? frame.h / numberAttr(chExt, 'cy') : 1;
  return (child) => outer({ ...child, x: frame.x + (child.x - cx) * sx, y: frame.y + (child.y - cy) * sy, w: child.w * sx, h: child.h * sy });
}

/**
 * Draws every shape of a shape tree (`p:spTree`, or a group) in order. `decorationsOnly`: a
 * master's or layout's tree, whose placeholders are the slide's business (their prompt text is
 * never shown), so only its other shapes (logos, bars, lines) are drawn.
 */
export function drawShapeTree(tree: Element | null, context: PptxSlideContext, decorationsOnly = false, transform: Transform = identity, budget = { left: MAX_SHAPES }): void {
  for (const node of childrenOf(tree)) {
    if (budget.left-- <= 0) return;
    if (decorationsOnly && (pathOf(node, 'nvSpPr', 'nvPr', 'ph') || pathOf(node, 'nvPicPr', 'nvPr', 'ph'))) continue;
    switch (node.localName) {
      case 'sp':
      case 'cxnSp':
        drawShape(node, context, transform);
        break;
      case 'pic':
        drawPicture(node, context, transform);
        break;
      case 'graphicFrame':
        drawTable(node, context, transform);
        break;
      case 'grpSp':
        drawShapeTree(node, context, decorationsOnly, groupTransform(node, transform), budget);
        break;
      case 'AlternateContent':
        drawShapeTree(childOf(node, 'Fallback'), context, decorationsOnly, transform, budget);
        break;
    }
  }
}
