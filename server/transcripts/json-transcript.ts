import type { SessionEvent } from '../../src/protocol/index.js';
import { isoUtc } from './time-format.js';
import type { TranscriptModel } from './transcript-model.js';

/** Version of the JSON transcript's shape. */
export const TRANSCRIPT_JSON_VERSION = 1;

/**
 * The machine transcript: every event, the folded messages with edit history, reactions and
 * files with their SHA-256. Texts of deleted messages are redacted here too (in the events and
 * the edit history): deleted means gone for everyone, also from the organisation's files.
 */
export function writeJson(model: TranscriptModel): string {
  const { state } = model;
  const deleted = new Set(state.messages.filter((m) => m.deleted).map((m) => m.id));
  const person = (id: string) => {
    const p = model.participant(id);
    return { id: p.id, name: p.name, role: p.role };
  };
  const document = {
    format: 'session-chat-transcript',
    version: TRANSCRIPT_JSON_VERSION,
    sessionId: model.sessionId,
    startedAt: model.startedAt === null ? null : isoUtc(model.startedAt),
    endedAt: state.ended ? isoUtc(state.ended.at) : null,
    endedBy: state.ended ? person(state.ended.by) : null,
    participants: state.participants.map((p) => ({ id: p.id, name: p.name, role: p.role, joinedAt: isoUtc(p.joinedAt), left: p.left })),
    messages: state.messages.map((m) => ({
      id: m.id,
      seq: m.seq,
      at: isoUtc(m.at),
      from: person(m.from),
      text: m.deleted ? null : m.text,
      replyTo: m.replyTo,
      edited: m.edited
        ? { at: isoUtc(m.edited.at), notify: m.edited.notify, history: m.edited.history.map((v) => ({ at: isoUtc(v.at), text: v.text })) }
        : null,
      deleted: m.deleted ? { at: isoUtc(m.deleted.at), by: person(m.deleted.by) } : null,
      reactions: m.reactions.map((r) => ({ emoji: r.emoji, by: r.by.map(person) })),
      file: m.file
        ? { id: m.file.id, name: m.file.name, size: m.file.size, type: m.file.type, removed: m.file.removed, sha256: model.fileChecksums[m.file.id] ?? null }
        : null,
      // A live transfer ("sent directly, not stored"): its receivers and how it ended; no bytes, no checksum of ours.
      ...(m.transfer
        ? {
            transfer: {
              name: m.transfer.name,
              size: m.transfer.size,
              type: m.transfer.type,
              to: m.transfer.to.map(person),
              ended: m.transfer.ended
                ? { at: isoUtc(m.transfer.ended.at), outcome: m.transfer.ended.outcome, receivers: m.transfer.ended.receivers.map((r) => ({ ...person(r.id), outcome: r.outcome })), sha256: m.transfer.ended.sha256 ?? null }
                : null,
            },
          }
        : {}),
    })),
    events: model.events.map((event) => redact(event, deleted)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function redact(event: SessionEvent, deleted: ReadonlySet<string>): SessionEvent | (Omit<SessionEvent, 'text'> & { text: null; redacted: true }) {
  if (event.type === 'message.sent' && deleted.has(event.id)) return { ...event, text: null, redacted: true };
  if (event.type === 'file.shared' && deleted.has(event.id)) {
    const { thumbnail: _thumbnail, ...file } = event.file;
    return { ...event, file, ...(event.caption !== undefined ? { caption: null } : {}), redacted: true } as unknown as SessionEvent;
  }
  if (event.type === 'message.edited' && deleted.has(event.target)) return { ...event, text: null, redacted: true };
  return event;
}
