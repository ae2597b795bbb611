/**
 * OpenDocument presentations: .odp (a zip: `content.xml`, `styles.xml`, pictures under
 * `Pictures/`) and .fodp (the same in one XML file, pictures as base64 inside). Every
 * `draw:page` is a slide; its frames, text boxes, pictures, tables and basic shapes are written
 * in document order, and `presentation:notes` gives its speaker notes. A picture linked from
 * outside the file is never fetched.
 */
import { PreviewError } from './preview-error.js';
import { SlideWriter, type Geometry, type SlideFrame, type TextParagraph, type TextRun } from './slide-html.js';
import { attr, childOf, childrenOf, descendantsOf, parseXml } from './slide-xml.js';
import { pictureDataUrl, type ZipPackage } from './slides-zip.js';
import { OdpStyles, lengthEmu } from './odp-styles.js';
import type { DeckStrings, SlideContent, SlideDeck } from './slides-deck.js';

const MAX_SHAPES = 5000;
const DRAW_NS = 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0';
const PRESENTATION_NS = 'urn:oasis:names:tc:opendocument:xmlns:presentation:1.0';
const DEFAULT_SIZE = { title: 40, subtitle: 28, outline: 28 } as Record<string, number>;
const SHAPES = new Set(['frame', 'rect', 'ellipse', 'circle', 'line', 'connector', 'custom-shape', 'g', 'polygon', 'polyline', 'path']);

function base64Bytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

export class OdpDeck implements SlideDeck {
  readonly width: number;
  readonly height: number;
  readonly count: number;
  readonly textOnly = false;
  private readonly pages: Element[];
  private readonly styles: OdpStyles;

  /** `zip`: the .odp package; for a .fodp, `null` and `flat` its text. */
  constructor(
    private readonly zip: ZipPackage | null,
    private readonly strings: DeckStrings,
    flat?: string,
  ) {
    const content = zip ? zip.text('content.xml') : (flat ?? null);
    if (content === null) throw new PreviewError('corrupt', 'no content.xml');
    const contentDoc = parseXml(content, 'content.xml');
    const stylesText = zip?.text('styles.xml') ?? null;
    const docs = stylesText === null ? [contentDoc] : [parseXml(stylesText, 'styles.xml'), contentDoc];
    const presentation = descendantsOf(contentDoc, 'presentation').find((node) => node.namespaceURI?.includes(':office:'));
    if (!presentation) throw new PreviewError('corrupt', 'no office:presentation');
    this.pages = childrenOf(presentation, 'page');
    this.count = this.pages.length;
    this.styles = new OdpStyles(docs);
    // The slide size: the first page's master page's page layout.
    const masterName = attr(this.pages[0], 'master-page-name');
    const master = docs.flatMap((doc) => descendantsOf(doc, 'master-page')).find((node) => attr(node, 'name') === masterName);
    const layout = this.styles.pageLayout(attr(master, 'page-layout-name'), docs);
    const width = lengthEmu(attr(layout, 'page-width'));
    const height = lengthEmu(attr(layout, 'page-height'));
    this.width = width > 0 ? width : 10_080_000;
    this.height = height > 0 ? height : 5_670_000;
  }

  render(index: number): SlideContent {
    const page = this.pages[index];
    if (!page) throw new PreviewError('corrupt', `slide ${index + 1} is missing`);
    const writer = new SlideWriter(this.width, this.height);
    const pageProps = descendantsOf(page.ownerDocument, 'style').find((s) => attr(s, 'name') === attr(page, 'style-name') && attr(s, 'family') === 'drawing-page');
    const fill = attr(childOf(pageProps, 'drawing-page-properties'), 'fill-color');
    if (fill && attr(childOf(pageProps, 'drawing-page-properties'), 'fill') === 'solid') writer.background(fill);
    this.drawChildren(page, writer, { left: MAX_SHAPES });
    return { html: writer.html(), notes: this.notes(page) };
  }

  private drawChildren(parent: Element, writer: SlideWriter, budget: { left: number }): void {
    for (const node of childrenOf(parent)) {
      if (!SHAPES.has(node.localName) || budget.left-- <= 0) continue;
      if (node.localName === 'g') this.drawChildren(node, writer, budget);
      else this.drawShape(node, writer);
    }
  }

  private frameOf(node: Element): SlideFrame {
    if (node.localName === 'line' || node.localName === 'connector') {
      const x1 = lengthEmu(attr(node, 'x1'));
      const y1 = lengthEmu(attr(node, 'y1'));
      const x2 = lengthEmu(attr(node, 'x2'));
      const y2 = lengthEmu(attr(node, 'y2'));
      return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
    }
    let x = lengthEmu(attr(node, 'x'));
    let y = lengthEmu(attr(node, 'y'));
    let rotation = 0;
    const transform = attr(node, 'transform') ?? '';
    const translate = /translate\s*\(\s*([^\s,)]+)[\s,]+([^\s,)]+)\s*\)/.exec(transform);
    if (translate) {
      x = lengthEmu(translate[1]);
      y = lengthEmu(translate[2]);
    }
    const rotate = /rotate\s*\(\s*([-\d.e]+)\s*\)/.exec(transform);
    if (rotate) rotation = (-Number(rotate[1]) * 180) / Math.PI;
    return { x: x || 0, y: y || 0, w: lengthEmu(attr(node, 'width')) || 0, h: lengthEmu(attr(node, 'height')) || 0, rotation };
  }

  private drawShape(node: Element, writer: SlideWriter): void {
    const frame = this.frameOf(node);
    // A shape names a graphic style (draw:) or a presentation style (presentation:), or both.
    const graphic = this.styles.get(node.getAttributeNS(DRAW_NS, 'style-name'), 'graphic');
    const presentationStyle = this.styles.get(node.getAttributeNS(PRESENTATION_NS, 'style-name'), 'presentation');
    const look = { ...presentationStyle, ...graphic };
    const kind = attr(node, 'class') ?? '';
    const defaultSize = DEFAULT_SIZE[kind] ?? look.fontSize ?? 18;
    if (node.localName === 'frame') {
      const image = childOf(node, 'image');
      if (image) {
        this.drawImage(image, frame, writer);
        return;
      }
      const table = childOf(node, 'table');
      if (table) {
        const rows = descendantsOf(table, 'table-row').map((row) => childrenOf(row, 'table-cell').map((cell) => this.paragraphs(cell, 0)));
        writer.table(frame, rows, 14);
        return;
      }
      const box = childOf(node, 'text-box');
      if (!box) return;
      writer.shape(frame, { geometry: 'rect', ...this.colours(look) }, writer.paragraphs(this.paragraphs(box, 0), defaultSize), kind === 'title' ? 'middle' : 'top');
      return;
    }
    let geometry: Geometry = 'rect';
    if (node.localName === 'ellipse' || node.localName === 'circle') geometry = 'ellipse';
    else if (node.localName === 'line' || node.localName === 'connector') geometry = 'line';
    else if (node.localName === 'custom-shape') {
      const type = attr(childOf(node, 'enhanced-geometry'), 'type') ?? '';
      if (type === 'ellipse' || type === 'circle') geometry = 'ellipse';
      else if (type.startsWith('round-')) geometry = 'roundRect';
    } else if (node.localName === 'rect' && attr(node, 'corner-radius')) geometry = 'roundRect';
    const colours = this.colours(look);
    writer.shape(frame, { geometry, ...colours, stroke: colours.stroke || (geometry === 'line' ? '#000000' : '') }, writer.paragraphs(this.paragraphs(node, 0), defaultSize), 'middle');
  }

  private colours(look: { fill?: string; fillColor?: string; stroke?: string; strokeColor?: string; strokeWidth?: number }): { fill: string; stroke: string; strokeWidth?: number } {
    return {
      fill: look.fill === 'solid' ? (look.fillColor ?? '') : '',
      stroke: look.stroke && look.stroke !== 'none' ? (look.strokeColor ?? '#3465a4') : '',
      strokeWidth: look.strokeWidth,
    };
  }

  private drawImage(image: Element, frame: SlideFrame, writer: SlideWriter): void {
    const href = attr(image, 'href') ?? '';
    const binary = childOf(image, 'binary-data');
    let bytes: Uint8Array | null = null;
    if (binary) bytes = base64Bytes(binary.textContent ?? '');
    else if (href) {
      // Inside the package: a relative path without a scheme that stays inside it.
      const inside = !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('/') && !href.startsWith('..');
      if (!inside || !this.zip) {
        writer.missingPicture(frame, this.strings.linkedPicture);
        return;
      }
      bytes = this.zip.read(href.replace(/^\.\//, ''));
    }
    const url = pictureDataUrl(bytes);
    const alt = childOf(image.parentElement, 'desc')?.textContent ?? childOf(image.parentElement, 'title')?.textContent ?? '';
    if (url) writer.picture(frame, url, alt);
    else writer.missingPicture(frame, this.strings.pictureNotShown);
  }

  /** The paragraphs of a text container (`text:p`, `text:h`, lists nested to any depth). */
  private paragraphs(container: Element, level: number, out: TextParagraph[] = [], bullet = ''): TextParagraph[] {
    for (const node of childrenOf(container)) {
      if (node.localName === 'p' || node.localName === 'h') {
        const style = this.styles.get(attr(node, 'style-name'), 'paragraph');
        const runs: TextRun[] = [];
        this.runs(node, style, runs);
        out.push({ runs, bullet: runs.some((run) => run.text.trim()) ? bullet : '', level: Math.max(0, level - 1), align: style.align });
      } else if (node.localName === 'list') {
        this.paragraphs(node, level + 1, out, bullet);
      } else if (node.localName === 'list-item' || node.localName === 'list-header') {
        this.paragraphs(node, level, out, node.localName === 'list-item' ? '•' : '');
      }
    }
    return out;
  }

  private runs(node: Element, inherited: { fontSize?: number; bold?: boolean; italic?: boolean; underline?: boolean; color?: string }, out: TextRun[]): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const base: TextRun = { text: '', size: inherited.fontSize, bold: inherited.bold, italic: inherited.italic, underline: inherited.underline, color: inherited.color };
      if (child.nodeType === Node.TEXT_NODE) {
        out.push({ ...base, text: child.nodeValue ?? '' });
        continue;
      }
      if (!(child instanceof Element)) continue;
      if (child.localName === 'span' || child.localName === 'a') this.runs(child, { ...inherited, ...this.styles.get(attr(child, 'style-name'), 'text') }, out);
      else if (child.localName === 'line-break') out.push({ ...base, lineBreak: true });
      else if (child.localName === 's') out.push({ ...base, text: ' '.repeat(Math.min(100, Math.max(1, Number(attr(child, 'c') ?? 1) || 1))) });
      else if (child.localName === 'tab') out.push({ ...base, text: '\t' });
      else if (!['annotation', 'note'].includes(child.localName)) out.push({ ...base, text: child.textContent ?? '' });
    }
  }

  private notes(page: Element): string[] {
    const notes = childOf(page, 'notes');
    if (!notes) return [];
    const texts: string[] = [];
    for (const paragraph of descendantsOf(notes, '*')) {
      if (paragraph.localName !== 'p' && paragraph.localName !== 'h') continue;
      const text = paragraph.textContent ?? '';
      if (text.trim()) texts.push(text);
    }
    return texts;
  }
}
