/** What a `Range` header asks of a resource of a known size. */
export type RangeRequest =
  /** No usable range: send the whole resource (200). Also for multiple ranges and other units. */
  | { kind: 'whole' }
  /** One satisfiable range, ends inclusive (206). */
  | { kind: 'range'; start: number; end: number }
  /** A syntactically valid range that the resource cannot satisfy (416). */
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

/**
 * Parses a single `bytes=` range (RFC 9110 §14): `a-b`, `a-` or the suffix `-n`. A header
 * that is missing, malformed, multi-range or not in bytes yields `whole` (the server may
 * ignore a Range it does not support); a range starting at or past the end, or any range of
 * an empty resource, yields `unsatisfiable`.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(.*)$/i.exec(header.trim());
  if (!match || match[1]!.includes(',')) return { kind: 'whole' };
  const spec = SPEC.exec(match[1]!.trim());
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'whole' };
  const first = spec[1] === '' ? undefined : Number(spec[1]);
  const last = spec[2] === '' ? undefined : Number(spec[2]);
  if ((first !== undefined && !Number.isSafeInteger(first)) || (last !== undefined && !Number.isSafeInteger(last))) {
    return { kind: 'whole' };
  }
  if (first === undefined) {
    // Suffix range: the last `last` bytes.
    if (last === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - last!), end: size - 1 };
  }
  if (last !== undefined && last < first) return { kind: 'whole' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start: first, end: Math.min(last ?? size - 1, size - 1) };
}
