import type { Json, ServerFrame } from '../src/protocol/index.js';

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
