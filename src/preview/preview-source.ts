import { PreviewError } from './preview-error.js';

/**
 * Reads a response body into one ArrayBuffer, refusing more than `limit` bytes (by the
 * declared length first, then while reading) and stopping when `signal` aborts.
 */
export async function readBytes(response: Response, limit: number, signal: AbortSignal): Promise<ArrayBuffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new PreviewError('too-large', `the file is larger than ${limit} bytes`);
  if (!response.body) return new ArrayBuffer(0);
  const reader = response.body.getReader();
  const abort = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', abort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        void reader.cancel().catch(() => {});
        throw new PreviewError('too-large', `the file is larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
  signal.throwIfAborted();
  if (chunks.length === 1 && chunks[0]!.byteOffset === 0 && chunks[0]!.byteLength === chunks[0]!.buffer.byteLength) {
    return chunks[0]!.buffer as ArrayBuffer;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/** Resolves on the next macrotask: long loops call it so the page can paint and take input. */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * A previewer's progress: `ready` settles when the first content is shown or the work fails
 * before that; a failure after it goes to `onError`. An abort is never an error.
 */
export class PreviewProgress {
  ready: Promise<void> = Promise.resolve();
  private shownOnce = false;
  private markShown!: () => void;
  private readonly shownPromise = new Promise<void>((resolve) => (this.markShown = resolve));

  constructor(
    private readonly signal: AbortSignal,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs the previewer's work. */
  run(work: () => Promise<void>): this {
    const running = work();
    this.ready = Promise.race([this.shownPromise, running]);
    running.catch((error: unknown) => {
      if (this.shownOnce && !this.signal.aborted && (error as { name?: unknown })?.name !== 'AbortError') this.onError(error);
    });
    return this;
  }

  /** The first content is on screen. */
  shown(): void {
    if (this.shownOnce) return;
    this.shownOnce = true;
    this.markShown();
  }
}
