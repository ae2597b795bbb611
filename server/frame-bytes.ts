import type { EventSplice, Json, ServerFrame } from '../src/protocol/index.js';

declare const bytesOf: unique symbol;

/**
 * The UTF-8 bytes of one encoded server frame, made once and written to many sockets (`ws`
 * then sends them as they are instead of encoding the text again for every recipient).
 */
export type FrameBytes = Buffer & { readonly [bytesOf]: ServerFrame };

/** What a socket may be given to send: an encoded server frame, as text or as its bytes. */
export type OutgoingFrame = Json<ServerFrame> | FrameBytes;

export function frameBytes(frame: Json<ServerFrame>): FrameBytes {
  return Buffer.from(frame, 'utf8') as FrameBytes;
}

/**
 * The bytes of a frame spliced around an encoded event: the three parts are written straight
 * into one buffer. Joining them into a string first would make the runtime flatten the joined
 * text (a copy of the whole event) before encoding it; this copies each part once.
 */
export function splicedFrameBytes<F extends ServerFrame>(parts: EventSplice<F>): FrameBytes {
  const { head, event, tail } = parts;
  const headBytes = Buffer.byteLength(head, 'utf8');
  const eventBytes = Buffer.byteLength(event, 'utf8');
  const bytes = Buffer.allocUnsafe(headBytes + eventBytes + Buffer.byteLength(tail, 'utf8'));
  bytes.write(head, 0, 'utf8');
  bytes.write(event, headBytes, 'utf8');
  bytes.write(tail, headBytes + eventBytes, 'utf8');
  return bytes as FrameBytes;
}
