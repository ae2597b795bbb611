/**
 * What the sender's browser measured of an audio or video file, carried with its share: the
 * playing time (shown on the file card without a request per card) and, for a voice message
 * recorded in the composer, the loudness peaks its waveform is drawn from. The relay checks
 * the shape and stores it as given; it never reads the bytes to confirm it.
 */
export interface MediaInfo {
  /** Playing time in milliseconds. */
  durationMs?: number;
  /** A voice message recorded in the composer (not a file picked from disk). */
  voice?: true;
  /** Loudness peaks in playing order, each 0–255, at most {@link MAX_WAVEFORM_LENGTH}. */
  waveform?: number[];
}

/** Longest waveform, in peaks. */
export const MAX_WAVEFORM_LENGTH = 128;
/** Longest playing time accepted, in milliseconds (a week: anything longer is not a measurement). */
export const MAX_MEDIA_DURATION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The media info in `value` if it is well formed, with only the known fields; else a message
 * saying what is wrong. Unknown fields are dropped, not refused, so newer senders still share.
 */
export function parseMediaInfo(value: unknown): MediaInfo | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '"media" must be an object';
  const data = value as Record<string, unknown>;
  const media: MediaInfo = {};
  if (data.durationMs !== undefined) {
    const ms = data.durationMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_MEDIA_DURATION_MS) {
      return `"media.durationMs" must be an integer from 0 to ${MAX_MEDIA_DURATION_MS}`;
    }
    media.durationMs = ms;
  }
  if (data.voice !== undefined) {
    if (data.voice !== true) return '"media.voice" must be true when present';
    media.voice = true;
  }
  if (data.waveform !== undefined) {
    const peaks = data.waveform;
    if (
      !Array.isArray(peaks) ||
      peaks.length > MAX_WAVEFORM_LENGTH ||
      !peaks.every((p) => typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 255)
    ) {
      return `"media.waveform" must be at most ${MAX_WAVEFORM_LENGTH} integers from 0 to 255`;
    }
    media.waveform = peaks.slice();
  }
  return media;
}
