/**
 * The docx conversion, in a Web Worker so that a slow or hostile document cannot freeze the
 * page (the previewer terminates this worker after a time limit or when the preview closes).
 * mammoth reads only the zip it is given: `externalFileAccess: false`, and images become
 * `data:` URIs from bytes inside the document; an image linked to an outside target is dropped
 * (mammoth's browser build cannot even open one). The HTML is sanitized on the page, where
 * DOMPurify has a DOM.
 *
 * A long document is answered twice: first the HTML of its first screen (`complete: false`,
 * converted from a copy cut after the body's first blocks, see `docx-head.ts`), then the whole
 * document's (`complete: true`). A short one, once.
 */
// First: JSZip, inside mammoth, looks for setImmediate when it loads.
import './worker-immediate.js';
import mammoth from 'mammoth/mammoth.browser.js';
import { documentHead } from './docx-head.js';

export interface DocxWorkerRequest {
  bytes: ArrayBuffer;
}

export type DocxWorkerResponse = { ok: true; html: string; warnings: string[]; complete: boolean } | { ok: false; message: string };

/** Raster types a browser shows in `<img>` without running anything. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

const scope = self as unknown as { onmessage: ((event: MessageEvent<DocxWorkerRequest>) => void) | null; postMessage(message: DocxWorkerResponse): void };

async function convert(bytes: ArrayBuffer): Promise<{ html: string; warnings: string[] }> {
  const result = await mammoth.convertToHtml(
    { arrayBuffer: bytes },
    {
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        if (!IMAGE_TYPES.has(image.contentType)) return { src: '' };
        return { src: `data:${image.contentType};base64,${await image.readAsBase64String()}` };
      }),
    },
  );
  return { html: result.value, warnings: result.messages.map((message) => message.message) };
}

scope.onmessage = async (event) => {
  const { bytes } = event.data;
  try {
    // The first screen: a failure here is no failure of the document (the whole one decides).
    const head = await documentHead(bytes).catch(() => null);
    if (head) {
      const first = await convert(head).catch(() => null);
      if (first) scope.postMessage({ ok: true, ...first, complete: false });
    }
    scope.postMessage({ ok: true, ...(await convert(bytes)), complete: true });
  } catch (error) {
    scope.postMessage({ ok: false, message: String((error as Error)?.message ?? error) });
  }
};
