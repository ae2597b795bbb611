import type { EventSplice, Json, ServerFrame } from '../src/protocol/index.js';

declare const bytesOf: unique symbol;

/**
 * One encoded server frame as it goes on the wire: a whole WebSocket text frame (FIN, opcode 1,
 * unmasked as every server frame is, its length, then the frame's UTF-8 JSON). Made once and
 * written as it is to every recipient's socket: no header, options object or second write per
 * recipient, and no text encoded again.
 */
export type FrameBytes = Buffer & { readonly [bytesOf]: ServerFrame };

/** What a socket may be given to send: an encoded server frame, as text or as its wire bytes. */
export type OutgoingFrame = Json<ServerFrame> | FrameBytes;

/** Length of the WebSocket header of a server frame (no mask) with `payload` bytes (RFC 6455, 5.2). */
function headerLength(payload: number): number {
  return payload < 126 ? 2 : payload < 0x10000 ? 4 : 10;
}

/** Writes the header of a final, unmasked text frame of `payload` bytes at the start of `target`. */
function writeHeader(target: Buffer, payload: number): void {
  target[0] = 0x81;
  if (payload < 126) {
    target[1] = payload;
  } else if (payload < 0x10000) {
    target[1] = 126;
    target.writeUInt16BE(payload, 2);
  } else {
    target[1] = 127;
    target.writeUInt32BE(Math.floor(payload / 0x1_0000_0000), 2);
    target.writeUInt32BE(payload >>> 0, 6);
  }
}

/** The frame's JSON bytes (its payload), without the WebSocket header. */
export function framePayload(frame: FrameBytes): Buffer {
  const length = frame[1]! & 0x7f;
  return frame.subarray(length < 126 ? 2 : length === 126 ? 4 : 10);
}

export function frameBytes(frame: Json<ServerFrame>): FrameBytes {
  const payload = Buffer.byteLength(frame, 'utf8');
  const start = headerLength(payload);
  const bytes = Buffer.allocUnsafe(start + payload);
  writeHeader(bytes, payload);
  bytes.write(frame, start, 'utf8');
  return bytes as FrameBytes;
}

/**
 * The wire bytes of a frame spliced around an encoded event: the header and the three parts
 * are written straight into one buffer. Joining the parts into a string first would make the
 * runtime flatten the joined text (a copy of the whole event) before encoding it; this copies
 * each part once.
 */
export function splicedFrameBytes<F extends ServerFrame>(parts: EventSplice<F>): FrameBytes {
  const { head, event, tail } = parts;
  const headBytes = Buffer.byteLength(head, 'utf8');
  const eventBytes = Buffer.byteLength(event, 'utf8');
  const payload = headBytes + eventBytes + Buffer.byteLength(tail, 'utf8');
  const start = headerLength(payload);
  const bytes = Buffer.allocUnsafe(start + payload);
  writeHeader(bytes, payload);
  bytes.write(head, start, 'utf8');
  bytes.write(event, start + headBytes, 'utf8');
  bytes.write(tail, start + headBytes + eventBytes, 'utf8');
  return bytes as FrameBytes;
}

/** The JSON text of an outgoing frame. */
export function frameText(frame: OutgoingFrame): string {
  return typeof frame === 'string' ? frame : framePayload(frame).toString('utf8');
}
