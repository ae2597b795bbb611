/**
 * Legacy PowerPoint (.ppt, 97–2003): only the slides' text. The file is a Compound File (read
 * with the `cfb` library); its "PowerPoint Document" stream is a tree of records. The slides'
 * order comes from the SlideListWithText of the slides (SlidePersistAtom), each slide's record
 * from the persist directory (through "Current User" and the UserEditAtom chain), and its text
 * from the TextCharsAtom (UTF-16LE) and TextBytesAtom (latin-1) records inside it, in order; a
 * text box that points to the list's own text (OutlineTextRefAtom) gets that text. A file whose
 * directory cannot be followed falls back to the slide records in stream order. Speaker notes
 * come from the notes records the same way.
 */
import CFB from 'cfb';
import { PreviewError } from './preview-error.js';
import { SlideWriter } from './slide-html.js';
import type { SlideContent, SlideDeck } from './slides-deck.js';

const DOCUMENT = 0x03e8;
const DOCUMENT_ATOM = 0x03e9;
const SLIDE = 0x03ee;
const SLIDE_ATOM = 0x03ef;
const NOTES = 0x03f0;
const SLIDE_PERSIST_ATOM = 0x03f3;
const TEXT_HEADER_ATOM = 0x0f9f;
const OUTLINE_TEXT_REF_ATOM = 0x0f9e;
const TEXT_CHARS_ATOM = 0x0fa0;
const TEXT_BYTES_ATOM = 0x0fa8;
const SLIDE_LIST_WITH_TEXT = 0x0ff0;
const USER_EDIT_ATOM = 0x0ff5;
const PERSIST_DIRECTORY_ATOM = 0x1772;
/** Master units (1/576 inch) to EMU. */
const EMU_PER_MASTER_UNIT = 914_400 / 576;
/** A bound on the records walked for one question (a hostile stream could loop or nest deeply). */
const MAX_RECORDS = 500_000;
const MAX_DEPTH = 32;

interface Slot {
  persistId: number;
  slideId: number;
  /** Texts of this slide's placeholders kept in the list itself (files PowerPoint wrote). */
  texts: string[];
}

const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16le');

export class PptDeck implements SlideDeck {
  readonly width: number = 9_144_000;
  readonly height: number = 6_858_000;
  readonly count: number;
  readonly textOnly = true;
  private readonly stream: Uint8Array;
  private readonly view: DataView;
  private readonly persist = new Map<number, number>();
  private readonly slides: Slot[] = [];
  private readonly notesBySlideId = new Map<number, Slot>();
  /** Slide records in stream order, when the persist directory cannot be followed. */
  private fallback: number[] | null = null;

  constructor(bytes: Uint8Array) {
    let container: ReturnType<typeof CFB.read>;
    try {
      container = CFB.read(bytes, { type: 'array' });
    } catch (error) {
      throw new PreviewError('corrupt', 'not a compound file', { cause: error });
    }
    const entry = CFB.find(container, 'PowerPoint Document');
    if (!entry?.content) throw new PreviewError('corrupt', 'no PowerPoint Document stream');
    this.stream = entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content as ArrayLike<number>);
    this.view = new DataView(this.stream.buffer, this.stream.byteOffset, this.stream.byteLength);
    const user = CFB.find(container, 'Current User')?.content;
    this.readPersistDirectory(user ? (user instanceof Uint8Array ? user : Uint8Array.from(user as ArrayLike<number>)) : null);
    this.readDocument();
    if (this.slides.length === 0 || this.slides.some((slot) => !this.persist.has(slot.persistId))) {
      this.fallback = [];
      this.walk(0, this.stream.length, 0, { left: MAX_RECORDS }, (type, at) => {
        if (type === SLIDE) this.fallback!.push(at);
        return type !== SLIDE;
      });
    }
    this.count = this.fallback ? this.fallback.length : this.slides.length;
  }

  /** Record header at `at`: [version/instance, type, length]. */
  private header(at: number): [number, number, number] | null {
    if (at + 8 > this.stream.length) return null;
    return [this.view.getUint16(at, true), this.view.getUint16(at + 2, true), this.view.getUint32(at + 4, true)];
  }

  /** Visits records in [start, end) depth first; `visit` returns false to skip a container's children. */
  private walk(start: number, end: number, depth: number, budget: { left: number }, visit: (type: number, at: number, length: number, instance: number) => boolean | void): void {
    let at = start;
    while (at + 8 <= end && budget.left-- > 0) {
      const [versionInstance, type, length] = this.header(at)!;
      const bodyEnd = Math.min(at + 8 + length, end);
      const descend = visit(type, at, length, versionInstance >> 4) !== false;
      if ((versionInstance & 0xf) === 0xf && descend && depth < MAX_DEPTH) this.walk(at + 8, bodyEnd, depth + 1, budget, visit);
      at = at + 8 + length;
    }
  }

  /** persistId → offset, from the newest UserEditAtom back through the older ones. */
  private readPersistDirectory(currentUser: Uint8Array | null): void {
    if (!currentUser || currentUser.length < 20) return;
    let edit = new DataView(currentUser.buffer, currentUser.byteOffset, currentUser.byteLength).getUint32(16, true);
    const seen = new Set<number>();
    while (edit > 0 && !seen.has(edit) && seen.size < 1000) {
      seen.add(edit);
      const head = this.header(edit);
      if (!head || head[1] !== USER_EDIT_ATOM || edit + 32 > this.stream.length) return;
      const previous = this.view.getUint32(edit + 16, true);
      const directory = this.view.getUint32(edit + 20, true);
      const dirHead = this.header(directory);
      if (!dirHead || dirHead[1] !== PERSIST_DIRECTORY_ATOM) return;
      let at = directory + 8;
      const end = Math.min(directory + 8 + dirHead[2], this.stream.length);
      while (at + 4 <= end) {
        const word = this.view.getUint32(at, true);
        const first = word & 0xfffff;
        const count = word >>> 20;
        at += 4;
        for (let i = 0; i < count && at + 4 <= end; i++, at += 4) if (!this.persist.has(first + i)) this.persist.set(first + i, this.view.getUint32(at, true));
      }
      edit = previous;
    }
  }

  /** The slide size and the lists of slides and notes. */
  private readDocument(): void {
    let list: Slot[] | null = null;
    this.walk(0, this.stream.length, 0, { left: MAX_RECORDS }, (type, at, length, instance) => {
      if (type === DOCUMENT_ATOM && length >= 8) {
        const width = this.view.getInt32(at + 8, true) * EMU_PER_MASTER_UNIT;
        const height = this.view.getInt32(at + 12, true) * EMU_PER_MASTER_UNIT;
        if (width > 0 && height > 0) Object.assign(this, { width, height });
      } else if (type === SLIDE_LIST_WITH_TEXT) {
        list = instance === 0 ? this.slides : instance === 2 ? [] : null;
        if (instance === 2) this.walkList(at, length, list!, (slot) => this.notesBySlideId.set(slot.slideId, slot));
        else if (list) this.walkList(at, length, list);
        return false;
      }
      // Only the document's own records matter here: the slides' drawings are read per slide.
      return type === DOCUMENT;
    });
  }

  private walkList(at: number, length: number, list: Slot[], added?: (slot: Slot) => void): void {
    this.walk(at + 8, Math.min(at + 8 + length, this.stream.length), 1, { left: MAX_RECORDS }, (type, record, size) => {
      if (type === SLIDE_PERSIST_ATOM && size >= 20) {
        const slot = { persistId: this.view.getUint32(record + 8, true), slideId: this.view.getUint32(record + 20, true), texts: [] };
        list.push(slot);
        added?.(slot);
      } else if (type === TEXT_CHARS_ATOM || type === TEXT_BYTES_ATOM) {
        list.at(-1)?.texts.push(this.text(type, record, size));
      }
    });
  }

  private text(type: number, at: number, length: number): string {
    const bytes = this.stream.subarray(at + 8, Math.min(at + 8 + length, this.stream.length));
    return (type === TEXT_CHARS_ATOM ? utf16 : latin1).decode(bytes);
  }

  /** The paragraphs of the texts inside the record at `at` (a slide or notes container). */
  private textsOf(at: number, listTexts: string[]): { paragraphs: string[]; notesId: number } {
    const head = this.header(at);
    const paragraphs: string[] = [];
    let notesId = 0;
    if (!head) return { paragraphs, notesId };
    this.walk(at + 8, Math.min(at + 8 + head[2], this.stream.length), 1, { left: MAX_RECORDS }, (type, record, size) => {
      let text: string | null = null;
      if (type === TEXT_CHARS_ATOM || type === TEXT_BYTES_ATOM) text = this.text(type, record, size);
      else if (type === OUTLINE_TEXT_REF_ATOM && size >= 4) text = listTexts[this.view.getInt32(record + 8, true)] ?? null;
      else if (type === SLIDE_ATOM && size >= 24) notesId = this.view.getUint32(record + 8 + 16, true);
      else if (type === TEXT_HEADER_ATOM) return;
      if (text !== null) paragraphs.push(...text.split(/\r/).map((line) => line.replace(/\v/g, '\n')).filter((line) => line.trim() !== ''));
    });
    return { paragraphs, notesId };
  }

  render(index: number): SlideContent {
    const slot = this.slides[index];
    const at = this.fallback ? this.fallback[index] : slot ? this.persist.get(slot.persistId) : undefined;
    const head = at === undefined ? null : this.header(at);
    if (at === undefined || !head || (head[1] !== SLIDE && head[1] !== NOTES)) throw new PreviewError('corrupt', `slide ${index + 1} is missing`);
    const { paragraphs, notesId } = this.textsOf(at, this.fallback ? [] : (slot?.texts ?? []));
    const writer = new SlideWriter(this.width, this.height);
    writer.flow(paragraphs);
    const notesSlot = notesId ? this.notesBySlideId.get(notesId) : undefined;
    const notesAt = notesSlot ? this.persist.get(notesSlot.persistId) : undefined;
    const notes = notesAt !== undefined && this.header(notesAt)?.[1] === NOTES ? this.textsOf(notesAt, notesSlot!.texts).paragraphs : [];
    return { html: writer.html(), notes };
  }
}
