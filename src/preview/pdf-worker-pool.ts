/**
 * One pdf.js worker for all pdf previews: opening the next file does not pay for a worker start.
 * Its script is found by `asset-url.ts` (the host's asset base, the copy next to this chunk, or
 * the relay); pdf.js starts a cross-origin script through a `blob:` wrapper itself.
 */
import { GlobalWorkerOptions, PDFWorker } from 'pdfjs-dist';
import { resolveAsset } from './asset-url.js';

/** An idle shared worker is ended after this long without documents. */
const WORKER_IDLE_MS = 30_000;

let sharedWorker: PDFWorker | null = null;
let workerUsers = 0;
let workerIdleTimer: ReturnType<typeof setTimeout> | undefined;

/** The shared worker, started on first use; `relay` is the relay's base URL when known. */
export async function acquireWorker(relay: string | undefined): Promise<PDFWorker> {
  clearTimeout(workerIdleTimer);
  workerUsers += 1;
  if (!sharedWorker) {
    const src = await resolveAsset('chunks/pdf-worker.js', new URL('./pdf-worker.js', import.meta.url), relay);
    if (!sharedWorker) {
      GlobalWorkerOptions.workerSrc = src;
      sharedWorker = new PDFWorker();
    }
  }
  return sharedWorker;
}

/** Gives a worker back; the last user's release ends it after a while. */
export function releaseWorker(): void {
  workerUsers -= 1;
  if (workerUsers > 0) return;
  clearTimeout(workerIdleTimer);
  workerIdleTimer = setTimeout(() => {
    if (workerUsers > 0) return;
    sharedWorker?.destroy();
    sharedWorker = null;
  }, WORKER_IDLE_MS);
}
