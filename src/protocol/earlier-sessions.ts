import type { ParticipantInfo, Role } from './participants.js';

/** Longest customer reference (the `customer` claim of a join token), in characters. */
export const MAX_CUSTOMER_REF_LENGTH = 128;
/** What a customer reference may hold: letters, digits and `. _ - : @ + /` (a CRM id, an account number, an e-mail address). */
const CUSTOMER_REF = /^[A-Za-z0-9._:@+/-]+$/;

/**
 * A stable customer reference set by the host (the `customer` claim): 1–{@link MAX_CUSTOMER_REF_LENGTH}
 * characters of letters, digits and `. _ - : @ + /`, no spaces.
 */
export function isCustomerRef(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CUSTOMER_REF_LENGTH && CUSTOMER_REF.test(value);
}

/** One earlier (ended) session of the same customer, as `GET /api/sessions/:id/earlier` lists it. */
export interface EarlierSession {
  sessionId: string;
  /** ISO 8601 (UTC); null when the log had no event before the end. */
  startedAt: string | null;
  endedAt: string;
  /** The names of the session's technicians (and admins), in the order they joined. */
  technicians: string[];
  /** Messages (not deleted, not files). */
  messageCount: number;
  fileCount: number;
}

/** The answer of `GET /api/sessions/:id/earlier`: the session's customer reference and its earlier sessions, newest first. */
export interface EarlierSessionList {
  /** The customer reference of the current session; null when it has none (then `items` is empty). */
  customer: string | null;
  items: EarlierSession[];
  /** Cursor of the next page (`?cursor=`), null on the last. */
  next: string | null;
}

/** One message of a read-only transcript. */
export interface EarlierMessage {
  id: string;
  /** ISO 8601 (UTC). */
  at: string;
  from: ParticipantInfo;
  /** Null when deleted. */
  text: string | null;
  replyTo: string | null;
  edited: boolean;
  deleted: boolean;
  /** A shared file's name, size and type (the file itself is not offered). */
  file: { name: string; size: number; type: string; removed: boolean } | null;
}

/** The answer of `GET /api/sessions/:id/earlier/:earlierId`: an ended session's transcript to read, never to change. */
export interface EarlierTranscript {
  sessionId: string;
  startedAt: string | null;
  endedAt: string | null;
  participants: ParticipantInfo[];
  messages: EarlierMessage[];
}

const isRoleText = (v: unknown): v is Role => v === 'technician' || v === 'customer' || v === 'admin';
const isText = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOptionalDate = (v: unknown): v is string | null => v === null || isText(v);

function isParticipant(v: unknown): v is ParticipantInfo {
  return isRecord(v) && isText(v.id) && isText(v.name) && isRoleText(v.role);
}

function isEarlierSession(v: unknown): v is EarlierSession {
  return (
    isRecord(v) &&
    isText(v.sessionId) &&
    isOptionalDate(v.startedAt) &&
    isText(v.endedAt) &&
    Array.isArray(v.technicians) &&
    v.technicians.every(isText) &&
    Number.isInteger(v.messageCount) &&
    Number.isInteger(v.fileCount)
  );
}

function isEarlierMessage(v: unknown): v is EarlierMessage {
  if (!isRecord(v) || !isText(v.id) || !isText(v.at) || !isParticipant(v.from)) return false;
  if (!(v.text === null || isText(v.text)) || !(v.replyTo === null || isText(v.replyTo))) return false;
  if (typeof v.edited !== 'boolean' || typeof v.deleted !== 'boolean') return false;
  const file = v.file;
  return file === null || (isRecord(file) && isText(file.name) && typeof file.size === 'number' && isText(file.type) && typeof file.removed === 'boolean');
}

/** Checks the relay's answer to `GET /api/sessions/:id/earlier`; `null` when it is not one. */
export function parseEarlierSessionList(value: unknown): EarlierSessionList | null {
  if (!isRecord(value) || !(value.customer === null || isCustomerRef(value.customer))) return null;
  if (!Array.isArray(value.items) || !value.items.every(isEarlierSession)) return null;
  if (!(value.next === null || isText(value.next))) return null;
  return { customer: value.customer, items: value.items, next: value.next };
}

/** Checks the relay's answer to `GET /api/sessions/:id/earlier/:earlierId`; `null` when it is not one. */
export function parseEarlierTranscript(value: unknown): EarlierTranscript | null {
  if (!isRecord(value) || !isText(value.sessionId) || !isOptionalDate(value.startedAt) || !isOptionalDate(value.endedAt)) return null;
  if (!Array.isArray(value.participants) || !value.participants.every(isParticipant)) return null;
  if (!Array.isArray(value.messages) || !value.messages.every(isEarlierMessage)) return null;
  return {
    sessionId: value.sessionId,
    startedAt: value.startedAt,
    endedAt: value.endedAt,
    participants: value.participants,
    messages: value.messages,
  };
}
