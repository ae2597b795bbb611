import { DEFAULT_MAX_FILE_BYTES } from './files.js';
import type { SessionLimits } from './frames.js';

/**
 * Size limits that the client and the relay share, defined once. The relay's options
 * (`maxFrameBytes`, `maxTextLength`, `maxFileBytes`) override them per deployment and a
 * welcome tells the client the values in force; these are what both sides assume until then.
 */

/** Largest WebSocket frame in bytes (64 KiB); the relay option `maxFrameBytes`. */
export const DEFAULT_MAX_FRAME_BYTES = 65_536;
/** Longest text of a message, an edit or a caption, in UTF-16 code units; the relay option `maxTextLength`. */
export const DEFAULT_MAX_TEXT_LENGTH = 10_000;
/** Longest id a frame may name: a clientId, an event id, an upload id (characters). */
export const MAX_ID_LENGTH = 64;

/** The limits a client assumes before its first welcome. */
export const DEFAULT_SESSION_LIMITS: Readonly<SessionLimits> = {
  maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
};

/** A rate of frames per socket: `perSecond` on average, in bursts of up to `burst`. */
export interface FrameRate {
  perSecond: number;
  burst: number;
}

/**
 * The relay's default limit of incoming frames per connection (its `rateLimit` option). The client
 * cannot read the relay's options, so it paces itself to this until a refusal teaches it a lower one.
 */
export const DEFAULT_FRAME_RATE: Readonly<FrameRate> = { perSecond: 20, burst: 60 };
