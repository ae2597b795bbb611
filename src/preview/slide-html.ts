/**
 * The slide readers' shared way to write a slide as HTML: every element is positioned in
 * percent of the slide and sized in `vw` (the frame is as wide as the slide), so a slide scales
 * to any width with no script. Every text goes through `escapeHtml`; colours pass `cssColor`
 * (six hex digits or nothing), numbers are formatted here: no text of the file ever reaches a
 * style or an attribute. The result is still sanitized before it is shown (`slides-sanitize.ts`).
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `#rrggbb` from six hex digits (with or without `#`), else ''. */
export function cssColor(hex: string | null | undefined): string {
  const value = (hex ?? '').trim().replace(/^#/, '');
  return /^[0-9a-f]{6}$/i.test(value) ? `#${value.toLowerCase()}` : '';
}

/** A box on the slide, in the slide's own units (EMU for pptx, the same for odp after conversion). */
export interface SlideFrame {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Degrees, clockwise. */
  rotation?: number;
}

export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Points. */
  size?: number;
  color?: string;
  /** A line break instead of text. */
  lineBreak?: boolean;
}

export interface TextParagraph {
  runs: TextRun[];
  /** The bullet's character ('' for none); a number list gets `1.` etc. from the reader. */
  bullet?: string;
  level?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
}

export type Geometry = 'rect' | 'roundRect' | 'ellipse' | 'line';

export interface ShapeLook {
  geometry: Geometry;
  fill?: string;
  stroke?: string;
  /** Points. */
  strokeWidth?: number;
  flipH?: boolean;
  flipV?: boolean;
}

/** Units per point: EMU. */
export const EMU_PER_POINT = 12700;

const num = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(3)) : 0);

/** Writes one slide; `width`/`height` are the slide's size in its units (EMU). */
export class SlideWriter {
  private readonly parts: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** A length in points as `vw` of this slide. */
  points(pt: number): string {
    return `${num(((pt * EMU_PER_POINT) / this.width) * 100)}vw`;
  }

  private place(frame: SlideFrame): string {
    const left = (frame.x / this.width) * 100;
    const top = (frame.y / this.height) * 100;
    const width = (Math.max(0, frame.w) / this.width) * 100;
    const height = (Math.max(0, frame.h) / this.height) * 100;
    const rotation = frame.rotation ? `transform:rotate(${num(frame.rotation)}deg);` : '';
    return `left:${num(left)}%;top:${num(top)}%;width:${num(width)}%;height:${num(height)}%;${rotation}`;
  }

  /** A shape: its outline and fill; text (already HTML from `paragraphs`) inside it. */
  shape(frame: SlideFrame, look: ShapeLook, textHtml = '', anchor: 'top' | 'middle' | 'bottom' = 'top'): void {
    if (look.geometry === 'line') {
      this.line(frame, look);
      return;
    }
    const fill = cssColor(look.fill);
    const stroke = cssColor(look.stroke);
    let style = this.place(frame);
    if (fill) style += `background:${fill};`;
    if (stroke) style += `border:${this.points(Math.max(0.75, look.strokeWidth ?? 0.75))} solid ${stroke};`;
    if (look.geometry === 'ellipse') style += 'border-radius:50%;';
    if (look.geometry === 'roundRect') style += `border-radius:${this.points(Math.min(frame.w, frame.h) / EMU_PER_POINT / 6)};`;
    const cls = anchor === 'middle' ? 's m' : anchor === 'bottom' ? 's b' : 's';
    this.parts.push(`<div class="${cls}" style="${style}">${textHtml}</div>`);
  }

  private line(frame: SlideFrame, look: ShapeLook): void {
    const stroke = cssColor(look.stroke) || '#000000';
    const widthPx = (Math.hypot(frame.w / this.width, frame.h / this.width)) * 100;
    let angle = (Math.atan2(frame.h, frame.w) * 180) / Math.PI;
    if (look.flipH !== look.flipV) angle = -angle;
    angle += frame.rotation ?? 0;
    const cx = ((frame.x + frame.w / 2) / this.width) * 100;
    const cy = ((frame.y + frame.h / 2) / this.height) * 100;
    const thickness = this.points(Math.max(0.75, look.strokeWidth ?? 0.75));
    this.parts.push(
      `<div class="ln" style="left:calc(${num(cx)}% - ${num(widthPx / 2)}vw);top:${num(cy)}%;width:${num(widthPx)}vw;border-top:${thickness} solid ${stroke};transform:rotate(${num(angle)}deg);"></div>`,
    );
  }

  /** A picture from a `data:` URL made of the package's own bytes. */
  picture(frame: SlideFrame, dataUrl: string, alt: string): void {
    this.parts.push(`<img class="s" style="${this.place(frame)}" src="${escapeHtml(dataUrl)}" alt="${escapeHtml(alt)}">`);
  }

  /** Where a picture was not drawn (a linked one, or a format a browser cannot show). */
  missingPicture(frame: SlideFrame, label: string): void {
    this.parts.push(`<div class="s missing" style="${this.place(frame)}"><span>${escapeHtml(label)}</span></div>`);
  }

  /** A table of cells, each a list of paragraphs. */
  table(frame: SlideFrame, rows: TextParagraph[][][], defaultSize: number): void {
    const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${this.paragraphs(cell, defaultSize)}</td>`).join('')}</tr>`).join('');
    this.parts.push(`<div class="s" style="${this.place(frame)}"><table><tbody>${body}</tbody></table></div>`);
  }

  /** Paragraphs as HTML (for `shape` or a table cell). */
  paragraphs(paragraphs: TextParagraph[], defaultSize: number): string {
    let out = '';
    for (const paragraph of paragraphs) {
      const sizes = paragraph.runs.map((run) => run.size ?? defaultSize);
      const size = sizes.length ? Math.max(...sizes) : defaultSize;
      let style = `font-size:${this.points(size)};`;
      if (paragraph.align && paragraph.align !== 'left') style += `text-align:${paragraph.align};`;
      const level = Math.max(0, Math.min(8, paragraph.level ?? 0));
      const bullet = paragraph.bullet ? `<span class="bu">${escapeHtml(paragraph.bullet)}</span>` : '';
      if (paragraph.bullet || level) style += `padding-inline-start:${this.points(level * 24 + (paragraph.bullet ? 20 : 0))};`;
      const runs = paragraph.runs.map((run) => this.run(run)).join('');
      out += `<p style="${style}">${bullet}${runs || '<br>'}</p>`;
    }
    return out;
  }

  private run(run: TextRun): string {
    if (run.lineBreak) return '<br>';
    let style = '';
    if (run.bold) style += 'font-weight:bold;';
    if (run.italic) style += 'font-style:italic;';
    if (run.underline) style += 'text-decoration:underline;';
    if (run.size) style += `font-size:${this.points(run.size)};`;
    const color = cssColor(run.color);
    if (color) style += `color:${color};`;
    const text = escapeHtml(run.text);
    return style ? `<span style="${style}">${text}</span>` : `<span>${text}</span>`;
  }

  /** Plain paragraphs flowing down the slide (a slide known only by its text). */
  flow(paragraphs: string[]): void {
    this.parts.push(`<div class="flow">${paragraphs.map((text, i) => (i === 0 ? `<p class="t">${escapeHtml(text)}</p>` : `<p>${escapeHtml(text)}</p>`)).join('')}</div>`);
  }

  /** The slide's background colour. */
  background(color: string): void {
    const value = cssColor(color);
    if (value) this.parts.unshift(`<div class="bg" style="background:${value}"></div>`);
  }

  html(): string {
    return this.parts.join('');
  }
}
