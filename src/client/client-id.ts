/**
 * A fresh idempotency key for an intent. Uses `crypto.getRandomValues`, which (unlike
 * `randomUUID`) also exists on pages served over plain http, such as a demo on a LAN.
 */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
