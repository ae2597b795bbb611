/**
 * What the rtf and .doc readers make of a document: paragraphs of formatted runs and tables of
 * such paragraphs, nothing else. `legacyDocumentHtml` writes it as HTML with every piece of text
 * escaped; the page still sanitizes that HTML (DOMPurify) and shows it in a sandboxed frame.
 */

export interface RunFormat {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** Only http(s) or mailto, checked by the reader (the sanitizer checks again). */
  href?: string;
}

export type Inline =
  | { kind: 'text'; text: string; format: RunFormat }
  | { kind: 'break' }
  /** A picture from the document's own bytes: `data:image/png|jpeg;base64,…`. */
  | { kind: 'image'; src: string };

export interface Paragraph {
  inlines: Inline[];
}

export interface Table {
  rows: Paragraph[][][];
}

export type Block = { kind: 'paragraph'; paragraph: Paragraph } | { kind: 'table'; table: Table };

export interface LegacyDocument {
  blocks: Block[];
  /** True when only the text could be read (no formatting, no pictures). */
  textOnly: boolean;
  /** The text was cut at the reader's limit. */
  truncated: boolean;
}

/** A long document's first screen: this many blocks or characters are shown before the rest is read. */
export const FIRST_SCREEN_BLOCKS = 60;
export const FIRST_SCREEN_CHARS = 32 * 1024;

/** Characters of text a reader keeps; past this the document is cut (and says so). */
export const MAX_TEXT_CHARS = 16 * 1024 * 1024;

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** `url` when it is an http(s) or mailto URL without control characters, else undefined. */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  return SAFE_HREF.test(trimmed) && !/[\u0000-\u001f\u007f\s"<>]/.test(trimmed) ? trimmed : undefined;
}

/** The target of a `HYPERLINK "url"` field instruction, when it is a safe one. */
export function hyperlinkTarget(instruction: string): string | undefined {
  const match = /^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))/i.exec(instruction);
  if (!match) return undefined;
  return safeHref(match[1] ?? match[2] ?? '');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sameFormat(a: RunFormat, b: RunFormat): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.href === b.href;
}

function runHtml(text: string, format: RunFormat): string {
  let out = escapeHtml(text);
  if (format.strike) out = `<s>${out}</s>`;
  if (format.underline) out = `<u>${out}</u>`;
  if (format.italic) out = `<i>${out}</i>`;
  if (format.bold) out = `<b>${out}</b>`;
  if (format.href) out = `<a href="${escapeHtml(format.href)}">${out}</a>`;
  return out;
}

function inlinesHtml(inlines: Inline[]): string {
  let out = '';
  let text = '';
  let format: RunFormat = {};
  const flush = () => {
    if (text) out += runHtml(text, format);
    text = '';
  };
  for (const inline of inlines) {
    if (inline.kind === 'text') {
      if (!sameFormat(format, inline.format)) {
        flush();
        format = inline.format;
      }
      text += inline.text;
    } else {
      flush();
      out += inline.kind === 'break' ? '<br>' : `<img alt="" src="${escapeHtml(inline.src)}">`;
    }
  }
  flush();
  return out;
}

function paragraphHtml(paragraph: Paragraph): string {
  // Each paragraph takes its direction from its first strong character (Arabic, Hebrew…).
  return `<p dir="auto">${inlinesHtml(paragraph.inlines)}</p>`;
}

/** The document as body HTML: `<p dir="auto">`, `<table>`, `<b>`, `<i>`, `<u>`, `<s>`, `<a>`, `<br>`, `<img>`. */
export function legacyDocumentHtml(document: LegacyDocument): string {
  const parts: string[] = [];
  for (const block of document.blocks) {
    if (block.kind === 'paragraph') {
      parts.push(paragraphHtml(block.paragraph));
      continue;
    }
    const rows = block.table.rows.map((row) => `<tr>${row.map((cell) => `<td>${cell.map(paragraphHtml).join('')}</td>`).join('')}</tr>`);
    parts.push(`<table><tbody>${rows.join('')}</tbody></table>`);
  }
  return parts.join('\n');
}

/**
 * Collects blocks from a reader: paragraphs, and table cells and rows as the reader finds their
 * ends. A paragraph ended inside a table goes to the open cell; the table is closed by the
 * first paragraph ended outside it.
 */
export class BlockCollector {
  readonly blocks: Block[] = [];
  /**
   * Called once with the blocks so far when a long document's first screen is read (see
   * `FIRST_SCREEN_BLOCKS`), so it can be shown while the rest is read; never for a short one.
   */
  onFirstScreen: ((blocks: Block[]) => void) | null = null;
  private inlines: Inline[] = [];
  private cell: Paragraph[] = [];
  private row: Paragraph[][] = [];
  private rows: Paragraph[][][] = [];
  chars = 0;

  text(text: string, format: RunFormat): void {
    if (!text) return;
    this.chars += text.length;
    const last = this.inlines[this.inlines.length - 1];
    if (last?.kind === 'text' && sameFormat(last.format, format)) last.text += text;
    else this.inlines.push({ kind: 'text', text, format });
  }

  inline(inline: Inline): void {
    this.inlines.push(inline);
  }

  /** Ends a paragraph; `inTable` says whether it belongs to a table cell. */
  paragraph(inTable: boolean): void {
    const paragraph = { inlines: this.inlines };
    this.inlines = [];
    if (inTable) {
      this.cell.push(paragraph);
      return;
    }
    this.closeTable();
    this.blocks.push({ kind: 'paragraph', paragraph });
    if (this.onFirstScreen && (this.blocks.length >= FIRST_SCREEN_BLOCKS || this.chars >= FIRST_SCREEN_CHARS)) {
      const report = this.onFirstScreen;
      this.onFirstScreen = null;
      report(this.blocks.slice());
    }
  }

  /** Ends a cell (its last paragraph included). */
  cellEnd(): void {
    if (this.inlines.length > 0 || this.cell.length === 0) this.paragraph(true);
    this.row.push(this.cell);
    this.cell = [];
  }

  rowEnd(): void {
    if (this.inlines.length > 0) this.cellEnd();
    if (this.row.length > 0) this.rows.push(this.row);
    this.row = [];
    this.cell = [];
  }

  private closeTable(): void {
    if (this.row.length > 0 || this.cell.length > 0) this.rowEnd();
    if (this.rows.length > 0) this.blocks.push({ kind: 'table', table: { rows: this.rows } });
    this.rows = [];
  }

  /** Everything collected, the last paragraph and any open table closed. */
  finish(): Block[] {
    if (this.inlines.length > 0) this.paragraph(false);
    this.closeTable();
    return this.blocks;
  }
}
