import { MAX_ID_LENGTH } from './limits.js';

/**
 * The shapes of the ids frames carry, defined once for the client, the relay and validation.
 * The relay's event ids and upload ids and the client's keys all fit {@link ID_PATTERN}.
 */

/** 1–{@link MAX_ID_LENGTH} characters of A–Z, a–z, 0–9, `_` or `-`. */
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`);

/** An intent's idempotency key (`clientId`), made by the sender. */
export const CLIENT_ID_PATTERN = ID_PATTERN;
/** An id the relay made that an intent names: `target`, `replyTo`, `uploadId`. */
export const EVENT_ID_PATTERN = ID_PATTERN;

export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && EVENT_ID_PATTERN.test(value);
}

/** Longest raw frame {@link peekClientId} reads: a valid intent that large is not worth answering by name. */
const MAX_PEEK_LENGTH = 4096;

/**
 * Best-effort `clientId` of a client frame that is dropped without being validated (rate
 * limited), so that the error can name the intent. `undefined` when the text is long, not a
 * JSON object or has no valid `clientId`. Never throws.
 */
export function peekClientId(raw: string): string | undefined {
  if (raw.length > MAX_PEEK_LENGTH) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    const clientId = typeof value === 'object' && value !== null ? (value as { clientId?: unknown }).clientId : undefined;
    return isClientId(clientId) ? clientId : undefined;
  } catch {
    return undefined;
  }
}
