/**
 * Which reader opens a presentation, from its first bytes (never from its name or type): a zip
 * holding `ppt/presentation.xml` is PowerPoint's, one holding `content.xml` OpenDocument's, an
 * XML file a flat OpenDocument (.fodp), and a Compound File a legacy .ppt (its reader, with the
 * `cfb` library, is loaded only for such a file).
 */
import { PreviewError } from './preview-error.js';
import { OdpDeck } from './odp-deck.js';
import { PptxDeck } from './pptx-deck.js';
import { ZipPackage } from './slides-zip.js';
import type { DeckStrings, SlideDeck } from './slides-deck.js';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function openDeck(bytes: ArrayBuffer, strings: DeckStrings): Promise<SlideDeck> {
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 8));
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const zip = new ZipPackage(bytes);
    if (zip.has('ppt/presentation.xml') || zip.has('[Content_Types].xml')) return new PptxDeck(zip, strings);
    if (zip.has('content.xml')) return new OdpDeck(zip, strings);
    throw new PreviewError('corrupt', 'a zip that is no presentation');
  }
  if (CFB_MAGIC.every((byte, i) => head[i] === byte)) {
    const { PptDeck } = await import('./ppt-deck.js');
    return new PptDeck(new Uint8Array(bytes));
  }
  const text = new TextDecoder().decode(bytes);
  if (/^\s*</.test(text)) return new OdpDeck(null, strings, text);
  throw new PreviewError('corrupt', 'not a presentation');
}
