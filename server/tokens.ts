import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ErrorCodes, MAX_CUSTOMER_REF_LENGTH, SessionChatError, isCustomerRef, isRole, type ParticipantInfo, type Role } from '../src/protocol/index.js';

/** What a verified join token grants. */
export interface TokenClaims extends ParticipantInfo {
  sessionId: string;
  /** Expiry, seconds since the Unix epoch. */
  exp: number;
  /** The host's stable reference of the customer the session is for (the `customer` claim), when the token carries one. */
  customer?: string;
  /** The participant's language (the `lang` claim, BCP 47), when the token carries one. */
  lang?: string;
}

/** A BCP 47 language tag as tokens carry it: `de`, `ar`, `pt-BR`, `zh-Hant-TW`. */
export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 35 && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(value);
}

export interface CreateTokenOptions {
  /** The relay's shared secret (`SESSION_CHAT_SECRET`). */
  secret: string;
  sessionId: string;
  role: Role;
  name: string;
  /** Participant id; a random one when omitted. */
  participantId?: string;
  /** Lifetime: seconds, or a string such as `"2h"`, `"30m"`, `"7d"` (default `"2h"`). */
  ttl?: number | string;
  /**
   * A stable reference of the customer the session is for (a CRM id, an account number): the
   * relay remembers it per session and lists that customer's earlier sessions to technicians.
   * 1–128 characters of letters, digits and `. _ - : @ + /`.
   */
  customer?: string;
  /**
   * The participant's language (BCP 47: `"de"`, `"ar"`). A technician's or admin's is the
   * session's language (the first one wins): the relay writes the transcript's headings in it
   * when it ships that language (German, Arabic), else in `transcriptLanguage`.
   */
  lang?: string;
}

const MAX_CLAIM_LENGTH = 200;

function keyOf(secret: string): Uint8Array {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new TypeError('The secret must be a string of at least 16 characters');
  }
  return new TextEncoder().encode(secret);
}

/** Parses `90`, `"90s"`, `"30m"`, `"2h"`, `"7d"` into seconds. */
export function parseTtl(ttl: number | string): number {
  if (typeof ttl === 'number') {
    if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('ttl must be a positive number of seconds');
    return Math.floor(ttl);
  }
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(ttl.trim());
  if (!match) throw new TypeError(`ttl "${ttl}" is not a duration such as 90s, 30m, 2h or 7d`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw new TypeError('ttl must be positive');
  return seconds;
}

/** Mints an HS256 join token for one participant of one session. */
export async function createToken(options: CreateTokenOptions): Promise<string> {
  const { secret, sessionId, role, name } = options;
  if (!isRole(role)) throw new TypeError(`role must be one of technician, customer, admin (got "${String(role)}")`);
  for (const [label, value] of [['sessionId', sessionId], ['name', name]] as const) {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLAIM_LENGTH) {
      throw new TypeError(`${label} must be a non-empty string of at most ${MAX_CLAIM_LENGTH} characters`);
    }
  }
  const { customer } = options;
  if (customer !== undefined && !isCustomerRef(customer)) {
    throw new TypeError(`customer must be 1-${MAX_CUSTOMER_REF_LENGTH} characters of letters, digits and . _ - : @ + / (got "${String(customer).slice(0, 40)}")`);
  }
  const { lang } = options;
  if (lang !== undefined && !isLanguageTag(lang)) throw new TypeError(`lang must be a BCP 47 language tag such as de or pt-BR (got "${String(lang).slice(0, 40)}")`);
  const participantId = options.participantId ?? randomUUID();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: sessionId, name, role, ...(customer !== undefined ? { customer } : {}), ...(lang !== undefined ? { lang } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(participantId)
    .setIssuedAt(now)
    .setExpirationTime(now + parseTtl(options.ttl ?? '2h'))
    .sign(keyOf(secret));
}

/**
 * Verifies a join token: HS256 only (so `alg: none` and others are refused), a valid
 * signature, an `exp` claim that has not passed, and well-formed claims. With `sessionId`
 * the token must be for that session. Throws a {@link SessionChatError} with a TOKEN_* code.
 */
export async function verifyToken(
  secret: string,
  token: string | undefined | null,
  expect: { sessionId?: string } = {},
): Promise<TokenClaims> {
  if (!token) throw new SessionChatError(ErrorCodes.TOKEN_MISSING, 'a token is required');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw new SessionChatError(ErrorCodes.TOKEN_EXPIRED, 'the token has expired');
    }
    throw new SessionChatError(ErrorCodes.TOKEN_INVALID, 'the token is invalid');
  }
  if (typeof payload.exp !== 'number') {
    throw new SessionChatError(ErrorCodes.TOKEN_NO_EXPIRY, 'the token has no expiry ("exp")');
  }
  const { sub, sid, name, role, exp, customer, lang } = payload;
  const valid = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_CLAIM_LENGTH;
  if (!valid(sub) || !valid(sid) || !valid(name) || !isRole(role)) {
    throw new SessionChatError(ErrorCodes.TOKEN_INVALID, 'the token lacks session, participant, name or role');
  }
  if (customer !== undefined && !isCustomerRef(customer)) {
    throw new SessionChatError(ErrorCodes.TOKEN_INVALID, 'the token\'s customer reference is malformed');
  }
  if (lang !== undefined && !isLanguageTag(lang)) {
    throw new SessionChatError(ErrorCodes.TOKEN_INVALID, 'the token\'s language is malformed');
  }
  if (expect.sessionId !== undefined && expect.sessionId !== sid) {
    throw new SessionChatError(ErrorCodes.TOKEN_WRONG_SESSION, 'the token is for another session');
  }
  return { sessionId: sid, id: sub, name, role, exp, ...(customer !== undefined ? { customer } : {}), ...(lang !== undefined ? { lang } : {}) };
}
