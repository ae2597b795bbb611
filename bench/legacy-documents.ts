/**
 * Large rtf and Word 97 (.doc) documents for the preview benchmark, generated without any
 * office software. The .doc is a compound file (written with `cfb`) holding a minimal Word 97
 * FIB and a one-piece table over cp1252 text, which is what the previewer's reader needs.
 */
import CFB from 'cfb';

const SENTENCE = 'The quick brown fox jumps over the lazy dog; Grüße aus Köln, twice.';

/** An rtf of about `bytes` bytes: paragraphs with a bold word, an umlaut as \'hh and a \u character. */
export function makeBigRtf(bytes: number): Buffer {
  const parts = ['{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\uc1\n'];
  let size = parts[0]!.length;
  for (let i = 1; size < bytes; i++) {
    const paragraph = `\\pard\\plain\\f0 Paragraph ${i}: the {\\b quick} brown fox, Gr\\'fc\\'dfe aus K\\u246\\'f6ln, jumps over the {\\i lazy} dog.\\par\n`;
    parts.push(paragraph);
    size += paragraph.length;
  }
  parts.push('}');
  return Buffer.from(parts.join(''), 'latin1');
}

const FIB_SIZE = 1024;
const CSW = 14;
const CSLW = 22;
const PAIRS = 93;

/** A Word 97 .doc of about `bytes` bytes of text, one paragraph per sentence. */
export function makeBigDoc(bytes: number): Buffer {
  const paragraphs: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    const paragraph = `Paragraph ${i}: ${SENTENCE}\r`;
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  const text = Buffer.from(paragraphs.join(''), 'latin1');
  const word = Buffer.alloc(FIB_SIZE + text.length);
  word.writeUInt16LE(0xa5ec, 0); // wIdent
  word.writeUInt16LE(0x00c1, 2); // nFib: Word 97
  word.writeUInt16LE(0x0200, 0x0a); // fWhichTblStm: 1Table
  word.writeUInt16LE(CSW, 32);
  const lw = 34 + CSW * 2;
  word.writeUInt16LE(CSLW, lw);
  word.writeUInt32LE(text.length, lw + 2 + 3 * 4); // ccpText
  const fcLcb = lw + 2 + CSLW * 4;
  word.writeUInt16LE(PAIRS, fcLcb);
  text.copy(word, FIB_SIZE);

  // The table stream: a Clx holding only a Pcdt with one compressed piece.
  const table = Buffer.alloc(1 + 4 + 8 + 8);
  table.writeUInt8(0x02, 0);
  table.writeUInt32LE(16, 1);
  table.writeUInt32LE(0, 5);
  table.writeUInt32LE(text.length, 9);
  table.writeUInt16LE(0, 13);
  table.writeUInt32LE(((FIB_SIZE * 2) | 0x40000000) >>> 0, 15);
  table.writeUInt16LE(0, 19);
  word.writeUInt32LE(0, fcLcb + 2 + 33 * 8); // fcClx
  word.writeUInt32LE(table.length, fcLcb + 2 + 33 * 8 + 4); // lcbClx

  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'WordDocument', word);
  CFB.utils.cfb_add(container, '1Table', table);
  return CFB.write(container, { type: 'buffer' }) as Buffer;
}
