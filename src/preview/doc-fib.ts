/**
 * The parts of a Word 97–2003 binary document (.doc, .dot) that its text needs: the File
 * Information Block at the start of the `WordDocument` stream, the piece table (Clx → Pcdt →
 * PlcPcd) in the table stream, and which paragraphs are table cells and row ends (the PAPX
 * formatted disk pages). Every offset read from the file is checked against its stream: a FIB
 * that points outside gives a `corrupt` error, never a read past the end.
 */
import { PreviewError } from './preview-error.js';

export interface Fib {
  encrypted: boolean;
  /** `1Table` or `0Table`. */
  tableStream: string;
  /** Characters of the main document (footnotes, headers, comments follow it). */
  ccpText: number;
  fcClx: number;
  lcbClx: number;
  fcPlcfBtePapx: number;
  lcbPlcfBtePapx: number;
}

export interface Piece {
  cpStart: number;
  cpEnd: number;
  /** Byte offset of the piece's text in the `WordDocument` stream. */
  offset: number;
  /** One byte per character (cp1252), else two (UTF-16LE). */
  compressed: boolean;
}

/** A paragraph's table properties for the file positions `[fcStart, fcEnd)`. */
export interface ParagraphRun {
  fcStart: number;
  fcEnd: number;
  inTable: boolean;
  /** The paragraph is a table row's end mark. */
  rowEnd: boolean;
}

export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private check(at: number, size: number): void {
    if (!Number.isInteger(at) || at < 0 || at + size > this.bytes.length) {
      throw new PreviewError('corrupt', `the ${this.what} is shorter than its index says (${at} + ${size} > ${this.bytes.length})`);
    }
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.bytes[at]!;
  }

  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }

  i16(at: number): number {
    this.check(at, 2);
    return this.view.getInt16(at, true);
  }

  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }

  slice(at: number, size: number): Uint8Array {
    this.check(at, size);
    return this.bytes.subarray(at, at + size);
  }
}

/** Reads the FIB of a `WordDocument` stream. */
export function readFib(word: ByteReader): Fib {
  if (word.u16(0) !== 0xa5ec) throw new PreviewError('corrupt', 'the WordDocument stream does not start with a Word 97 FIB');
  const nFib = word.u16(2);
  if (nFib < 0xc0) throw new PreviewError('unsupported', `Word 6/95 documents (nFib ${nFib}) are not read`);
  const flags = word.u16(0x0a);
  const csw = word.u16(32);
  const lw = 34 + csw * 2 + 2;
  const cslw = word.u16(lw - 2);
  const ccpText = word.u32(lw + 3 * 4);
  const fcLcb = lw + cslw * 4 + 2;
  const cbRgFcLcb = word.u16(fcLcb - 2);
  if (cbRgFcLcb < 34) throw new PreviewError('corrupt', 'the FIB has no piece table entry');
  const pair = (index: number) => [word.u32(fcLcb + index * 8), word.u32(fcLcb + index * 8 + 4)] as const;
  const [fcClx, lcbClx] = pair(33);
  const [fcPlcfBtePapx, lcbPlcfBtePapx] = pair(13);
  return {
    // fEncrypted, or fObfuscated (XOR obfuscation is a kind of protection too).
    encrypted: (flags & 0x0100) !== 0 || (flags & 0x8000) !== 0,
    tableStream: flags & 0x0200 ? '1Table' : '0Table',
    ccpText,
    fcClx,
    lcbClx,
    fcPlcfBtePapx,
    lcbPlcfBtePapx,
  };
}

/** The pieces of the main document's text, each checked to lie inside the `WordDocument` stream. */
export function readPieces(fib: Fib, table: ByteReader, wordLength: number): Piece[] {
  let at = fib.fcClx;
  const end = fib.fcClx + fib.lcbClx;
  if (fib.lcbClx === 0 || end > table.bytes.length) throw new PreviewError('corrupt', 'the piece table lies outside the table stream');
  // Prc entries (formatting for the pieces) come first.
  while (at < end && table.u8(at) === 0x01) at += 3 + Math.max(0, table.i16(at + 1));
  if (at >= end || table.u8(at) !== 0x02) throw new PreviewError('corrupt', 'the piece table has no Pcdt');
  const lcb = table.u32(at + 1);
  const plc = at + 5;
  if (plc + lcb > end || lcb < 16 || (lcb - 4) % 12 !== 0) throw new PreviewError('corrupt', 'the piece table has a bad size');
  const count = (lcb - 4) / 12;
  const pieces: Piece[] = [];
  let previous = 0;
  for (let k = 0; k < count; k++) {
    const cpStart = table.u32(plc + 4 * k);
    const cpEnd = table.u32(plc + 4 * (k + 1));
    if (cpStart < previous || cpEnd < cpStart) throw new PreviewError('corrupt', 'the piece table is out of order');
    previous = cpEnd;
    if (cpStart >= fib.ccpText) break;
    const raw = table.u32(plc + 4 * (count + 1) + 8 * k + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = raw & 0x3fffffff;
    const offset = compressed ? fc / 2 : fc;
    const chars = Math.min(cpEnd, fib.ccpText) - cpStart;
    if (!Number.isInteger(offset) || offset + chars * (compressed ? 1 : 2) > wordLength) {
      throw new PreviewError('corrupt', 'a piece of the text lies outside the WordDocument stream');
    }
    pieces.push({ cpStart, cpEnd: cpStart + chars, offset, compressed });
  }
  return pieces;
}

/** The size of a sprm's operand (its opcode's `spra`), read at `at` (just after the opcode). */
function operandSize(opcode: number, grpprl: ByteReader, at: number): number {
  switch (opcode >> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default:
      // Variable: sprmTDefTable counts with two bytes, the others with one.
      if (opcode === 0xd608) return 2 + grpprl.u16(at) - 1;
      return 1 + grpprl.u8(at);
  }
}

/**
 * The table properties of every paragraph, from the PAPX FKPs that PlcBtePapx points to:
 * sprmPFInTable (0x2416), sprmPItap (0x6649), sprmPFTtp (0x2417) and sprmPFInnerTtp (0x244C).
 * Empty when the document has none or they cannot be read (the caller guesses instead).
 */
export function readParagraphRuns(fib: Fib, table: ByteReader, word: ByteReader): ParagraphRun[] {
  const runs: ParagraphRun[] = [];
  if (fib.lcbPlcfBtePapx < 12 || (fib.lcbPlcfBtePapx - 4) % 8 !== 0) return runs;
  try {
    const count = (fib.lcbPlcfBtePapx - 4) / 8;
    for (let k = 0; k < count; k++) {
      const pn = table.u32(fib.fcPlcfBtePapx + 4 * (count + 1) + 4 * k) & 0x3fffff;
      const fkp = new ByteReader(word.slice(pn * 512, 512), 'paragraph page');
      const crun = fkp.u8(511);
      for (let r = 0; r < crun; r++) {
        const run: ParagraphRun = { fcStart: fkp.u32(4 * r), fcEnd: fkp.u32(4 * (r + 1)), inTable: false, rowEnd: false };
        const papx = fkp.u8(4 * (crun + 1) + 13 * r) * 2;
        if (papx > 0) {
          const cb = fkp.u8(papx);
          const start = cb ? papx + 1 : papx + 2;
          const size = cb ? 2 * cb - 1 : 2 * fkp.u8(papx + 1);
          // After the style index (2 bytes): the sprms.
          let at = start + 2;
          const stop = Math.min(start + size, 511);
          while (at + 2 <= stop) {
            const opcode = fkp.u16(at);
            const operand = at + 2;
            const length = operandSize(opcode, fkp, operand);
            if (opcode === 0x2416) run.inTable = fkp.u8(operand) !== 0;
            else if (opcode === 0x6649) run.inTable = fkp.u32(operand) > 0;
            else if (opcode === 0x2417 || opcode === 0x244c) run.rowEnd ||= fkp.u8(operand) !== 0;
            at = operand + length;
          }
        }
        runs.push(run);
      }
    }
  } catch {
    return [];
  }
  runs.sort((a, b) => a.fcStart - b.fcStart);
  return runs;
}

/** The run holding file position `fc` (binary search), if any. */
export function paragraphRunAt(runs: ParagraphRun[], fc: number): ParagraphRun | undefined {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const run = runs[mid]!;
    if (fc < run.fcStart) high = mid - 1;
    else if (fc >= run.fcEnd) low = mid + 1;
    else return run;
  }
  return undefined;
}
