/**
 * A small RTF reader: the text of a document with bold, italic, underline, strike-through,
 * paragraphs, line breaks, tables, web and mail links and PNG/JPEG pictures. Everything else is
 * skipped: font, colour and style tables, document information, headers and footers, footnotes,
 * list definitions, `\*` destinations it does not know, embedded objects' data, and field
 * instructions (an `INCLUDEPICTURE "http://…"` is never fetched; a field shows its last result).
 *
 * Text is decoded in the document's code page (`\ansicpg`, or a font's `\fcharset`), `\uN`
 * characters are read with `\ucN` fallback characters skipped. Groups are kept on an array, not
 * on the call stack, so a hostile nesting depth costs memory in proportion, not a crash.
 */
import { BlockCollector, hyperlinkTarget, MAX_TEXT_CHARS, type LegacyDocument, type RunFormat } from './legacy-document.js';
import { PreviewError } from './preview-error.js';

type Destination = 'text' | 'skip' | 'fldinst' | 'pict' | 'fonttbl';

interface Field {
  instruction: string;
}

interface Picture {
  type: 'png' | 'jpeg' | 'other';
  hex: string[];
  binary: Uint8Array[];
}

interface GroupState {
  format: RunFormat;
  uc: number;
  dest: Destination;
  inTable: boolean;
  font: number;
  field: Field | null;
  picture: Picture | null;
  /** The next control word decides whether this `\*` group is read or skipped. */
  starred: boolean;
}

/** Destinations whose content is not document text. */
const SKIPPED = new Set(
  (
    'colortbl stylesheet info listtable listoverridetable rsidtbl generator xmlnstbl mmathPr themedata colorschememapping ' +
    'latentstyles datastore revtbl pgdsctbl header headerl headerr headerf footer footerl footerr footerf footnote annotation ' +
    'atnid atnauthor atndate atnref objdata objclass objname nonshppict fldtype xe tc txe bkmkstart bkmkend pn pnseclvl ' +
    'userprops docvar template filetbl passwordhash wgrffmtfilter ftnsep ftnsepc ftncn aftnsep aftnsepc aftncn sp shprslt ' +
    'blipuid picprop listpicture protusertbl operator company title subject author keywords comment doccomm hlinkbase ' +
    'fchars lchars panose falt fontemb fontfile leveltext levelnumbers'
  ).split(' '),
);
/** `\*` destinations that are read. */
// A shape's instructions are read for the text of a text box (`\shptxt`); its properties
// (`\sp`) and its fallback result (`\shprslt`, the same text again) are skipped.
const STARRED_READ = new Set(['fldinst', 'shppict', 'fldrslt', 'shpinst']);

const SYMBOLS: Record<string, string> = {
  emdash: '\u2014', endash: '\u2013', bullet: '\u2022', lquote: '\u2018', rquote: '\u2019', ldblquote: '\u201c',
  rdblquote: '\u201d', emspace: '\u2003', enspace: '\u2002', qmspace: '\u2005', tab: '\t', zwj: '\u200d', zwnj: '\u200c',
};

/** Windows code page → a label TextDecoder knows. */
function decoderFor(codePage: number): TextDecoder | null {
  const label = { 874: 'windows-874', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 10000: 'macintosh', 20866: 'koi8-r', 28591: 'iso-8859-1', 65001: 'utf-8' }[codePage] ?? (codePage >= 1250 && codePage <= 1258 ? `windows-${codePage}` : '');
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** `\fcharsetN` → code page. */
const CHARSET_CODE_PAGES: Record<number, number> = {
  77: 10000, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
};

const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;

function isLetter(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a);
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

const MAX_PICTURE_BYTES = 8 * 1024 * 1024;

function pictureSource(picture: Picture): string | null {
  if (picture.type === 'other') return null;
  let bytes: Uint8Array;
  if (picture.binary.length > 0) {
    bytes = new Uint8Array(picture.binary.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of picture.binary) {
      bytes.set(part, at);
      at += part.length;
    }
  } else {
    const hex = picture.hex.join('').replace(/[^0-9a-fA-F]/g, '');
    bytes = new Uint8Array(hex.length >> 1);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  if (bytes.length === 0 || bytes.length > MAX_PICTURE_BYTES) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/${picture.type};base64,${btoa(binary)}`;
}

/** Reads an RTF file (the bytes must start with `{\rtf`). */
export function readRtf(bytes: Uint8Array, onFirstScreen: BlockCollector['onFirstScreen'] = null): LegacyDocument {
  // The file as one string of bytes (latin1 maps each byte to the character of its value):
  // words and plain ASCII text are slices of it, text with other bytes is decoded from `bytes`.
  const source = new TextDecoder('latin1').decode(bytes);
  if (!source.startsWith('{\\rtf')) throw new PreviewError('corrupt', 'not an RTF file');
  const out = new BlockCollector();
  out.onFirstScreen = onFirstScreen;
  const stack: GroupState[] = [];
  let state: GroupState = { format: {}, uc: 1, dest: 'text', inTable: false, font: -1, field: null, picture: null, starred: false };
  let documentDecoder = decoderFor(1252)!;
  const fontDecoders = new Map<number, TextDecoder>();
  let tableFont = -1;
  let decoder = documentDecoder;
  let hexBytes: number[] = [];
  let skipChars = 0;
  let truncated = false;

  const emit = (text: string) => {
    if (!text) return;
    if (state.dest === 'text') out.text(text, state.format);
    else if (state.dest === 'fldinst' && state.field && state.field.instruction.length < 4096) state.field.instruction += text;
  };
  const flushHex = () => {
    if (hexBytes.length === 0) return;
    const text = decoder.decode(new Uint8Array(hexBytes));
    hexBytes = [];
    emit(text);
  };
  const endGroup = () => {
    flushHex();
    const ended = state;
    state = stack.pop() ?? state;
    skipChars = 0;
    if (ended.picture && ended.picture !== state.picture) {
      const src = pictureSource(ended.picture);
      if (src && state.dest === 'text') out.inline({ kind: 'image', src });
    }
    decoder = fontDecoders.get(state.font) ?? documentDecoder;
  };

  const n = bytes.length;
  let i = 0;
  while (i < n) {
    if (out.chars > MAX_TEXT_CHARS) {
      truncated = true;
      break;
    }
    const byte = bytes[i]!;
    if (byte === OPEN) {
      flushHex();
      stack.push(state);
      state = { ...state, starred: false };
      skipChars = 0;
      i++;
      continue;
    }
    if (byte === CLOSE) {
      endGroup();
      i++;
      continue;
    }
    if (byte !== BACKSLASH) {
      // A run of plain text (line ends in the file are not text).
      let end = i;
      while (end < n && bytes[end] !== BACKSLASH && bytes[end] !== OPEN && bytes[end] !== CLOSE) end++;
      if (state.dest === 'pict') {
        state.picture?.hex.push(source.slice(i, end));
      } else if (state.dest === 'text' || state.dest === 'fldinst') {
        flushHex();
        let start = i;
        while (skipChars > 0 && start < end) {
          if (bytes[start] !== 0x0d && bytes[start] !== 0x0a) skipChars--;
          start++;
        }
        let text = /^[\x00-\x7f]*$/.test(source.slice(start, end)) ? source.slice(start, end) : decoder.decode(bytes.subarray(start, end));
        if (text.includes('\r') || text.includes('\n') || text.includes('\0')) text = text.replace(/[\r\n\0]/g, '');
        emit(text);
      }
      i = end;
      continue;
    }
    // A control symbol or word.
    const next = bytes[i + 1] ?? 0;
    if (!isLetter(next)) {
      i += 2;
      if (next === 0x27) {
        const value = (hexValue(bytes[i] ?? 0) << 4) | hexValue(bytes[i + 1] ?? 0);
        i += 2;
        if (value < 0) continue;
        if (skipChars > 0) skipChars--;
        else if (state.dest === 'text' || state.dest === 'fldinst') hexBytes.push(value);
        continue;
      }
      if (next === 0x2a) {
        state.starred = true;
        continue;
      }
      flushHex();
      if (next === BACKSLASH || next === OPEN || next === CLOSE) emit(String.fromCharCode(next));
      else if (next === 0x7e) emit('\u00a0');
      else if (next === 0x5f) emit('\u2011');
      else if ((next === 0x0a || next === 0x0d) && state.dest === 'text') out.paragraph(state.inTable);
      continue;
    }
    let end = i + 1;
    while (end < n && end - i <= 32 && isLetter(bytes[end]!)) end++;
    const word = source.slice(i + 1, end);
    let param: number | null = null;
    let digitsStart = end;
    if (bytes[end] === 0x2d) digitsStart = end + 1;
    let digitsEnd = digitsStart;
    while (digitsEnd < n && digitsEnd - digitsStart < 10 && bytes[digitsEnd]! >= 0x30 && bytes[digitsEnd]! <= 0x39) digitsEnd++;
    if (digitsEnd > digitsStart) {
      param = Number(source.slice(digitsStart, digitsEnd)) * (digitsStart > end ? -1 : 1);
      end = digitsEnd;
    }
    if (bytes[end] === 0x20) end++;
    i = end;

    if (word === 'bin') {
      const length = Math.max(0, Math.min(param ?? 0, n - i));
      if (state.dest === 'pict') state.picture?.binary.push(bytes.subarray(i, i + length));
      i += length;
      continue;
    }
    if (word !== 'u') flushHex();
    if (state.starred) {
      state.starred = false;
      if (!STARRED_READ.has(word)) {
        state.dest = 'skip';
        continue;
      }
    }
    if (state.dest === 'skip') continue;
    if (state.dest === 'fonttbl') {
      if (word === 'f' && param !== null) tableFont = param;
      else if (word === 'fcharset' && param !== null && CHARSET_CODE_PAGES[param]) {
        const fontDecoder = decoderFor(CHARSET_CODE_PAGES[param]!);
        if (fontDecoder) fontDecoders.set(tableFont, fontDecoder);
      }
      continue;
    }
    if (state.dest === 'pict') {
      if (word === 'pngblip' && state.picture) state.picture.type = 'png';
      else if (word === 'jpegblip' && state.picture) state.picture.type = 'jpeg';
      else if (/^(emfblip|wmetafile|macpict|pmmetafile|dibitmap|wbitmap)$/.test(word) && state.picture) state.picture.type = 'other';
      continue;
    }
    if (SKIPPED.has(word)) {
      state.dest = 'skip';
      continue;
    }
    const on = param !== 0;
    switch (word) {
      case 'fonttbl':
        state.dest = 'fonttbl';
        break;
      case 'ansicpg':
        documentDecoder = (param !== null && decoderFor(param)) || documentDecoder;
        decoder = fontDecoders.get(state.font) ?? documentDecoder;
        break;
      case 'mac':
        documentDecoder = decoderFor(10000) ?? documentDecoder;
        decoder = documentDecoder;
        break;
      case 'f':
        state.font = param ?? -1;
        decoder = fontDecoders.get(state.font) ?? documentDecoder;
        break;
      case 'u':
        if (param !== null) {
          flushHex();
          emit(String.fromCharCode(param < 0 ? param + 65536 : param & 0xffff));
          skipChars = state.uc;
        }
        break;
      case 'uc':
        state.uc = Math.max(0, Math.min(param ?? 1, 16));
        break;
      case 'pict':
        state.dest = 'pict';
        state.picture = { type: 'other', hex: [], binary: [] };
        break;
      case 'field':
        state.field = { instruction: '' };
        break;
      case 'fldinst':
        state.dest = 'fldinst';
        break;
      case 'fldrslt': {
        const href = state.field ? hyperlinkTarget(state.field.instruction) : undefined;
        if (href) state.format = { ...state.format, href };
        break;
      }
      case 'par':
      case 'sect':
      case 'page':
        if (state.dest === 'text') out.paragraph(state.inTable);
        break;
      case 'line':
        if (state.dest === 'text') out.inline({ kind: 'break' });
        break;
      case 'pard':
        state.inTable = false;
        break;
      case 'intbl':
        state.inTable = true;
        break;
      case 'itap':
        state.inTable = (param ?? 1) > 0;
        break;
      case 'cell':
      case 'nestcell':
        if (state.dest === 'text') out.cellEnd();
        break;
      case 'row':
      case 'nestrow':
        if (state.dest === 'text') out.rowEnd();
        break;
      case 'plain':
        state.format = state.format.href ? { href: state.format.href } : {};
        break;
      case 'b':
        state.format = { ...state.format, bold: on };
        break;
      case 'i':
        state.format = { ...state.format, italic: on };
        break;
      case 'strike':
      case 'striked':
        state.format = { ...state.format, strike: on };
        break;
      case 'ulnone':
        state.format = { ...state.format, underline: false };
        break;
      default:
        if (word.startsWith('ul') && word !== 'ulc') state.format = { ...state.format, underline: word === 'ul' ? on : true };
        else if (SYMBOLS[word] && state.dest === 'text') emit(SYMBOLS[word]);
    }
  }
  flushHex();
  return { blocks: out.finish(), textOnly: false, truncated };
}
