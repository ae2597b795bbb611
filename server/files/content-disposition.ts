import { sanitizeFileName } from '../../src/protocol/index.js';

/** RFC 5987 `attr-char`: what may stand unencoded in `filename*`. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
const encoder = new TextEncoder();

function percentEncode(text: string): string {
  let out = '';
  for (const byte of encoder.encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A `Content-Disposition` value for a user's file name (RFC 6266 with RFC 5987/8187):
 * `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded`. The fallback
 * keeps printable ASCII with `"` and `\` escaped and everything else (non-ASCII, `%`) as `_`;
 * the name is sanitized first, so no CR, LF or NUL can reach the header whatever the input.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const clean = sanitizeFileName(name);
  const fallback = clean.replace(/[^\x20-\x7e]|%/gu, '_').replace(/["\\]/g, (c) => `\\${c}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${percentEncode(clean)}`;
}
