/**
 * Loads tus-js-client on the first upload (`import()`: never part of the widget's first load)
 * and adapts it to Node, where its own file reader takes Buffers and streams but not Blobs.
 */
import type * as Tus from 'tus-js-client';

export type TusModule = typeof Tus;

let loading: Promise<TusModule> | null = null;

/** The tus client module, imported once. */
export function loadTus(): Promise<TusModule> {
  loading ??= import('tus-js-client').then(
    (module) => module,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * A tus file source over a Blob (or File) that hands out chunks as bytes: Node's tus HTTP
 * stack sends Uint8Arrays and streams, not Blobs. One chunk is in memory at a time, so a
 * disk-backed Blob (`fs.openAsBlob`) uploads with flat memory whatever its size.
 */
class BlobBytesSource {
  readonly size: number;
  private readonly blob: Blob;

  constructor(blob: Blob) {
    this.blob = blob;
    this.size = blob.size;
  }

  async slice(start: number, end: number): Promise<{ value: Uint8Array & { size: number }; done: boolean }> {
    const bytes = new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
    // tus-js-client reads a chunk's length from `size` (as on Blobs) and sends it as Content-Length.
    return { value: Object.assign(bytes, { size: bytes.length }), done: end >= this.size };
  }

  close(): void {
    /* nothing held */
  }
}

/**
 * The file reader to give tus-js-client for a Blob: the library's own in browsers (it slices
 * Blobs natively), one that reads Blob chunks into bytes under Node.
 */
export function blobFileReader(tus: TusModule): Tus.UploadOptions['fileReader'] | undefined {
  if (tus.defaultOptions.httpStack.getName() !== 'NodeHttpStack') return undefined;
  return {
    openFile: (input: unknown) => {
      if (typeof Blob !== 'undefined' && input instanceof Blob) return Promise.resolve(new BlobBytesSource(input));
      return tus.defaultOptions.fileReader.openFile(input, Number.POSITIVE_INFINITY);
    },
  };
}
