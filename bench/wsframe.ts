/**
 * Client-side WebSocket frames, written by hand so that the load generator spends almost
 * nothing per message: a message is a pre-masked template that is copied and has a few
 * digits patched in (the clientId counter and the send timestamp), masked with the same key.
 *
 * The mask key is random and never zero: `ws` skips unmasking when the key is all zeros,
 * which would flatter the servers.
 */
import { randomBytes } from 'node:crypto';

function maskKey(): Buffer {
  for (;;) {
    const key = randomBytes(4);
    if (key[0]! | key[1]! | key[2]! | key[3]!) return key;
  }
}

function header(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, 0x80 | length]);
  if (length < 65536) {
    const h = Buffer.alloc(4);
    h[0] = 0x80 | opcode;
    h[1] = 0x80 | 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.alloc(10);
  h[0] = 0x80 | opcode;
  h[1] = 0x80 | 127;
  h.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  h.writeUInt32BE(length >>> 0, 6);
  return h;
}

/** One masked client frame (FIN set). opcode 1 = text, 9 = ping, 10 = pong, 8 = close. */
export function clientFrame(payload: Buffer | string, opcode = 1): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const key = maskKey();
  const h = header(opcode, data.length);
  const out = Buffer.allocUnsafe(h.length + 4 + data.length);
  h.copy(out, 0);
  key.copy(out, h.length);
  const start = h.length + 4;
  for (let i = 0; i < data.length; i++) out[start + i] = data[i]! ^ key[i & 3]!;
  return out;
}

/**
 * A text frame with fixed-width decimal fields. `text` contains each placeholder once (ASCII
 * text only); `build(values)` returns a fresh frame with the fields set, zero-padded.
 */
export class FrameTemplate {
  private readonly frame: Buffer;
  private readonly key: Buffer;
  private readonly payloadStart: number;
  private readonly fields: { offset: number; width: number }[] = [];

  constructor(text: string, placeholders: readonly string[]) {
    let plain = text;
    for (const ph of placeholders) {
      const offset = plain.indexOf(ph);
      if (offset < 0) throw new Error(`placeholder ${ph} missing from template`);
      this.fields.push({ offset, width: ph.length });
      plain = plain.slice(0, offset) + '0'.repeat(ph.length) + plain.slice(offset + ph.length);
    }
    if (Buffer.byteLength(plain) !== plain.length) throw new Error('template text must be ASCII');
    this.frame = clientFrame(plain);
    this.payloadStart = this.frame.length - plain.length;
    this.key = this.frame.subarray(this.payloadStart - 4, this.payloadStart);
  }

  get length(): number {
    return this.frame.length;
  }

  build(values: readonly number[]): Buffer {
    const out = Buffer.allocUnsafe(this.frame.length);
    this.frame.copy(out, 0);
    const key = this.key;
    for (let f = 0; f < this.fields.length; f++) {
      const { offset, width } = this.fields[f]!;
      let v = values[f]!;
      for (let i = width - 1; i >= 0; i--) {
        const digit = v % 10;
        v = (v - digit) / 10;
        const p = offset + i;
        out[this.payloadStart + p] = (48 + digit) ^ key[p & 3]!;
      }
    }
    return out;
  }
}
