/**
 * One document read in a worker, for the docx and the rtf/.doc previewers: the bytes go in, a
 * long document's first screen may come back before the whole (`complete: false`), and the
 * worker is ended on a time limit, on the preview's close or on a failure.
 */
import { PreviewError } from './preview-error.js';

/** What a document worker answers: `complete: false` is a long document's first screen. */
export type DocumentWorkerResponse = { ok: true; complete: boolean } | { ok: false };

export interface DocumentWorkerRun<R extends DocumentWorkerResponse> {
  readonly worker: Worker;
  readonly bytes: ArrayBuffer;
  readonly signal: AbortSignal;
  /** The worker is terminated and the run rejects with `timeout` after this long. */
  readonly timeLimit: number;
  /** What the worker does, for messages: "convert", "read". */
  readonly verb: string;
  /** A long document's first screen, while the rest is read. */
  readonly onFirstScreen?: (firstScreen: Extract<R, { ok: true }>) => void;
  /** Called with the worker after a complete answer (to keep it warm); else it is terminated. */
  readonly keep?: (worker: Worker) => void;
}

/** Settles with the worker's complete answer (which may be `ok: false`), or rejects. */
export function runDocumentWorker<R extends DocumentWorkerResponse>(run: DocumentWorkerRun<R>): Promise<R> {
  const { worker, signal, timeLimit, verb, keep } = run;
  return new Promise((resolve, reject) => {
    const finish = (done: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      if (done && keep) keep(worker);
      else worker.terminate();
    };
    const onAbort = () => {
      finish(false);
      reject(signal.reason ?? new DOMException('The preview was closed', 'AbortError'));
    };
    if (signal.aborted) {
      // Never used: as good as a finished one.
      if (keep) keep(worker);
      else worker.terminate();
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      finish(false);
      reject(new PreviewError('timeout', `the document took longer than ${timeLimit} ms to ${verb}`));
    }, timeLimit);
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<R>) => {
      const response = event.data;
      if (response.ok && !response.complete) {
        run.onFirstScreen?.(response as Extract<R, { ok: true }>);
        return;
      }
      finish(response.ok);
      resolve(response);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(false);
      reject(new PreviewError('unknown', `the document ${verb}er failed: ${event.message}`));
    };
    worker.postMessage({ bytes: run.bytes }, [run.bytes]);
  });
}
