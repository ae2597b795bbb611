/**
 * Reads rtf and Word 97–2003 (.doc, .dot) documents in a Web Worker, so that a slow or hostile
 * file cannot freeze the page (the previewer terminates this worker after a time limit or when
 * the preview closes). Which reader runs is decided by the bytes, not the name: Word saved rtf
 * under a `.doc` name for years. The HTML it answers is escaped text in a few tags; the page
 * sanitizes it all the same.
 */
import { readDoc, isCompoundFile } from './doc-reader.js';
import { legacyDocumentHtml, type Block } from './legacy-document.js';
import { PreviewError, previewErrorCode } from './preview-error.js';
import { readRtf } from './rtf-reader.js';
import type { PreviewErrorCode } from './preview-types.js';

export interface LegacyWorkerRequest {
  bytes: ArrayBuffer;
}

export type LegacyWorkerResponse =
  /** `complete: false`: a long document's first screen; the whole document follows. */
  | { ok: true; html: string; textOnly: boolean; truncated: boolean; format: 'rtf' | 'doc'; complete: boolean }
  | { ok: false; code: PreviewErrorCode; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<LegacyWorkerRequest>) => void) | null; postMessage(message: LegacyWorkerResponse): void };

type Converted = Extract<LegacyWorkerResponse, { ok: true }>;

/** Reads the bytes of an rtf or .doc file into body HTML; `onFirstScreen` gets a long document's first screen. */
export function convertLegacy(bytes: Uint8Array, onFirstScreen?: (firstScreen: Converted) => void): Converted {
  const rtf = bytes[0] === 0x7b && bytes[1] === 0x5c;
  if (!rtf && !isCompoundFile(bytes)) throw new PreviewError('corrupt', 'neither an RTF nor a Word 97–2003 document');
  const format = rtf ? 'rtf' : 'doc';
  const first = onFirstScreen
    ? (blocks: Block[]) => onFirstScreen({ ok: true, html: legacyDocumentHtml({ blocks, textOnly: !rtf, truncated: false }), textOnly: !rtf, truncated: false, format, complete: false })
    : null;
  const document = rtf ? readRtf(bytes, first) : readDoc(bytes, first);
  return { ok: true, html: legacyDocumentHtml(document), textOnly: document.textOnly, truncated: document.truncated, format, complete: true };
}

scope.onmessage = (event) => {
  try {
    scope.postMessage(convertLegacy(new Uint8Array(event.data.bytes), (firstScreen) => scope.postMessage(firstScreen)));
  } catch (error) {
    scope.postMessage({ ok: false, code: previewErrorCode(error) === 'unknown' ? 'corrupt' : previewErrorCode(error), message: String((error as Error)?.message ?? error) });
  }
};
