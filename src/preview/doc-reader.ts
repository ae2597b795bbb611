/**
 * The text of a Word 97–2003 document (.doc, .dot): the compound file is opened with `cfb`, the
 * FIB and piece table are read (`doc-fib.ts`) and the main document's characters are turned into
 * paragraphs and tables. Fields show their result without their instruction (a HYPERLINK to a
 * web or mail address stays a link); pictures, objects, footnote marks and other special
 * characters are left out. Formatting is not read: the preview says it shows the text only.
 */
import CFB, { type CFB$Container } from 'cfb';
import { BlockCollector, hyperlinkTarget, MAX_TEXT_CHARS, type LegacyDocument, type RunFormat } from './legacy-document.js';
import { ByteReader, paragraphRunAt, readFib, readParagraphRuns, readPieces, type ParagraphRun } from './doc-fib.js';
import { PreviewError } from './preview-error.js';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCompoundFile(bytes: Uint8Array): boolean {
  return CFB_MAGIC.every((byte, i) => bytes[i] === byte);
}

interface FieldState {
  inResult: boolean;
  instruction: string;
  href: string | undefined;
}

/** Turns the document's characters into blocks, one character at a time. */
class DocText {
  readonly out = new BlockCollector();
  private readonly fields: FieldState[] = [];
  private text = '';
  private format: RunFormat = {};
  private lastMark = 0;

  constructor(private readonly runs: ParagraphRun[]) {}

  private hidden(): boolean {
    return this.fields.some((field) => !field.inResult);
  }

  private flush(): void {
    if (this.text) this.out.text(this.text, this.format);
    this.text = '';
  }

  private updateFormat(): void {
    this.flush();
    const href = [...this.fields].reverse().find((field) => field.inResult && field.href)?.href;
    this.format = href ? { href } : {};
  }

  /**
   * A piece's text; `fcOf(i)` is the file position of its character `i`. Ordinary characters
   * are taken in runs; the control characters below 0x20 one by one.
   */
  segment(text: string, fcOf: (index: number) => number): void {
    const special = /[\u0000-\u001f]/g;
    let at = 0;
    for (;;) {
      special.lastIndex = at;
      const match = special.exec(text);
      const end = match ? match.index : text.length;
      if (end > at) this.plain(text.slice(at, end));
      if (!match) return;
      this.control(text.charCodeAt(end), fcOf(end));
      at = end + 1;
    }
  }

  private plain(run: string): void {
    if (!this.hidden()) {
      this.lastMark = 0;
      this.text += run;
      if (this.text.length > 4096) this.flush();
      return;
    }
    const field = this.fields[this.fields.length - 1]!;
    if (!field.inResult && field.instruction.length < 4096) field.instruction += run.slice(0, 4096);
  }

  /** Control character `code` at file position `fc`. */
  private control(code: number, fc: number): void {
    switch (code) {
      case 0x13:
        this.fields.push({ inResult: false, instruction: '', href: undefined });
        this.updateFormat();
        return;
      case 0x14: {
        const field = this.fields[this.fields.length - 1];
        if (field && !field.inResult) {
          field.inResult = true;
          field.href = hyperlinkTarget(field.instruction);
          this.updateFormat();
        }
        return;
      }
      case 0x15:
        this.fields.pop();
        this.updateFormat();
        return;
    }
    if (this.hidden()) return;
    if (code === 0x0d || code === 0x07 || code === 0x0c || code === 0x0e) {
      this.flush();
      const run = paragraphRunAt(this.runs, fc);
      if (code === 0x07) {
        // Without paragraph properties: a cell mark right after another one ends the row.
        if (run ? run.rowEnd : this.lastMark === 0x07) this.out.rowEnd();
        else this.out.cellEnd();
      } else {
        this.out.paragraph(run?.inTable ?? false);
      }
      this.lastMark = code;
      return;
    }
    this.lastMark = 0;
    if (code === 0x0b) {
      this.flush();
      this.out.inline({ kind: 'break' });
    } else if (code === 0x09) this.text += '\t';
    else if (code === 0x1e) this.text += '\u2011';
    // Other control characters (pictures 0x01, drawings 0x08, notes 0x02, comments 0x05…) are left out.
  }

  finish(): LegacyDocument {
    this.flush();
    return { blocks: this.out.finish(), textOnly: true, truncated: this.out.chars > MAX_TEXT_CHARS };
  }

  get chars(): number {
    return this.out.chars + this.text.length;
  }
}

/** A stream of the compound file's root storage (not one inside an embedded object). */
function rootStream(container: CFB$Container, name: string): Uint8Array | null {
  const index = container.FullPaths.findIndex((path) => /^[^/]*\/[^/]+$/.test(path) && path.slice(path.indexOf('/') + 1) === name);
  const entry = index >= 0 ? container.FileIndex[index] : undefined;
  if (!entry || entry.type !== 2 || !entry.content) return null;
  return entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content);
}

/** Reads a .doc's text; `PreviewError` codes: `encrypted`, `unsupported`, `corrupt`. */
export function readDoc(bytes: Uint8Array, onFirstScreen: BlockCollector['onFirstScreen'] = null): LegacyDocument {
  if (!isCompoundFile(bytes)) throw new PreviewError('corrupt', 'not a Word 97–2003 document (no compound file header)');
  let container: CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'array' });
  } catch (error) {
    // A compound file is made of 512-byte sectors: a file cut elsewhere was cut short.
    const code = bytes.length % 512 !== 0 ? 'truncated' : 'corrupt';
    throw new PreviewError(code, `the compound file cannot be read: ${(error as Error)?.message ?? error}`);
  }
  const wordStream = rootStream(container, 'WordDocument');
  if (!wordStream) throw new PreviewError('corrupt', 'the file has no WordDocument stream');
  const word = new ByteReader(wordStream, 'WordDocument stream');
  const fib = readFib(word);
  if (fib.encrypted) throw new PreviewError('encrypted', 'the document is encrypted');
  const tableStream = rootStream(container, fib.tableStream);
  if (!tableStream) throw new PreviewError('corrupt', `the file has no ${fib.tableStream} stream`);
  const table = new ByteReader(tableStream, 'table stream');
  const pieces = readPieces(fib, table, wordStream.length);
  const text = new DocText(readParagraphRuns(fib, table, word));
  text.out.onFirstScreen = onFirstScreen;
  const cp1252 = new TextDecoder('windows-1252');
  const utf16 = new TextDecoder('utf-16le');
  for (const piece of pieces) {
    const chars = piece.cpEnd - piece.cpStart;
    if (piece.compressed) {
      text.segment(cp1252.decode(wordStream.subarray(piece.offset, piece.offset + chars)), (i) => piece.offset + i);
    } else {
      text.segment(utf16.decode(wordStream.subarray(piece.offset, piece.offset + chars * 2)), (i) => piece.offset + i * 2);
    }
    if (text.chars > MAX_TEXT_CHARS) break;
  }
  return text.finish();
}
