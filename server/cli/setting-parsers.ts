import { isFileTypePattern } from '../../src/protocol/index.js';

/**
 * A setting's raw text (from a flag or an environment variable) that does not parse. The
 * message says what was expected; the reader adds where the value came from.
 */
export class SettingValueError extends Error {
  override name = 'SettingValueError';
}

/** Turns one raw string into a typed value, or throws a {@link SettingValueError}. */
export type SettingParser<T> = (raw: string) => T;

const quote = (raw: string): string => JSON.stringify(raw);

/** A whole number from `min` to `max` (decimal digits only: no `1e3`, no `0x10`, no `10ms`). */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): SettingParser<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (raw) => {
    const text = raw.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new SettingValueError(`must be an integer ${range}, got ${quote(raw)}`);
    }
    return value;
  };
}

/** A number > 0, fractions allowed (a rate per second). */
export function positiveNumber(raw: string): number {
  const text = raw.trim();
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0) || !Number.isFinite(value)) throw new SettingValueError(`must be a number > 0, got ${quote(raw)}`);
  return value;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`). */
export function boolean(raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new SettingValueError(`must be true or false, got ${quote(raw)}`);
}

/** A string of at least `minLength` characters (secrets and keys). */
export function text(minLength: number): SettingParser<string> {
  return (raw) => {
    if (raw.length < minLength) {
      throw new SettingValueError(minLength > 1 ? `must be at least ${minLength} characters long` : 'must not be empty');
    }
    return raw;
  };
}

/** An absolute http(s) URL. */
export function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SettingValueError(`must be an absolute http(s) URL, got ${quote(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingValueError(`must be an absolute http(s) URL, got ${quote(raw)}`);
  }
  return raw.trim();
}

function origin(raw: string): string {
  const problem = `${quote(raw)} is not an origin such as https://support.example.com (scheme, host and port only)`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingValueError(problem);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new SettingValueError(problem);
  }
  return url.origin;
}

/** `*`, or origins separated by commas. */
export function origins(raw: string): readonly string[] | '*' {
  const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 1 && items[0] === '*') return '*';
  if (items.includes('*')) throw new SettingValueError('must be "*" alone or a comma-separated list of origins');
  return items.map(origin);
}

/** MIME type patterns separated by commas (`image/*,application/pdf`). */
export function mimePatterns(raw: string): readonly string[] {
  const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const bad = items.find((item) => !isFileTypePattern(item));
  if (bad !== undefined) {
    throw new SettingValueError(`${quote(bad)} is not a MIME type pattern such as image/* or application/pdf`);
  }
  return items;
}

/** One of a fixed list of words. */
export function oneOf<T extends string>(words: readonly T[]): SettingParser<T> {
  return (raw) => {
    const word = raw.trim().toLowerCase();
    if (!(words as readonly string[]).includes(word)) {
      throw new SettingValueError(`must be one of ${words.join(', ')}, got ${quote(raw)}`);
    }
    return word as T;
  };
}

/** A `redis://` or `rediss://` URL. */
export function redisUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SettingValueError(`must be a redis:// or rediss:// URL, got ${quote(raw)}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new SettingValueError(`must be a redis:// or rediss:// URL, got ${quote(raw)}`);
  }
  return raw.trim();
}
