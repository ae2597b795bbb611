/**
 * Streaming text decoding with detection: a BOM says UTF-8 or UTF-16 LE/BE; without one the
 * bytes are read as UTF-8 and, the moment they are not valid UTF-8, as windows-1252 (what
 * browsers assume for legacy Western text). Text is only ever shown as text.
 */
export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export class TextStreamDecoder {
  /** The encoding in use; `null` until the first bytes arrived. */
  encoding: DetectedEncoding | null = null;
  /** Whether a BOM announced the encoding. */
  bom = false;
  private decoder: TextDecoder | null = null;
  private head: Uint8Array | null = null;

  /** Decodes the next bytes; returns the text they complete. */
  decode(bytes: Uint8Array): string {
    if (!this.decoder) {
      const head = this.head ? concat(this.head, bytes) : bytes;
      if (head.length < 3) {
        this.head = head;
        return '';
      }
      this.head = null;
      this.start(head);
      return this.decodeWith(head, true);
    }
    return this.decodeWith(bytes, true);
  }

  /** The text still held back at the end of the stream. */
  flush(): string {
    if (!this.decoder) {
      const head = this.head ?? new Uint8Array(0);
      this.head = null;
      this.start(head);
      return this.decodeWith(head, false);
    }
    return this.decodeWith(new Uint8Array(0), false);
  }

  private start(head: Uint8Array): void {
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) this.use('utf-8', true);
    else if (head[0] === 0xff && head[1] === 0xfe) this.use('utf-16le', true);
    else if (head[0] === 0xfe && head[1] === 0xff) this.use('utf-16be', true);
    else this.use('utf-8', false);
  }

  private use(encoding: DetectedEncoding, bom: boolean): void {
    this.encoding = encoding;
    this.bom = bom;
    // Without a BOM, UTF-8 is decoded strictly so that invalid bytes switch to windows-1252.
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' && !bom });
  }

  private decodeWith(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder!.decode(bytes, { stream });
    } catch {
      // Not UTF-8: everything from here on is windows-1252 (which decodes any byte).
      this.encoding = 'windows-1252';
      this.decoder = new TextDecoder('windows-1252');
      return this.decoder.decode(bytes, { stream });
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
