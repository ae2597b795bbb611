import type { EarlierMessage, EarlierTranscript, ParticipantInfo } from '../../src/protocol/index.js';

/** The parts of the stored JSON transcript (`json-transcript.ts`, version 1) the read-only view takes. */
interface StoredMessage {
  id: string;
  at: string;
  from: ParticipantInfo;
  text: string | null;
  replyTo: string | null;
  edited: unknown;
  deleted: unknown;
  file: { name: string; size: number; type: string; removed: boolean } | null;
}

interface StoredTranscriptDocument {
  sessionId: string;
  startedAt: string | null;
  endedAt: string | null;
  participants: (ParticipantInfo & Record<string, unknown>)[];
  messages: StoredMessage[];
}

const person = (p: ParticipantInfo): ParticipantInfo => ({ id: p.id, name: p.name, role: p.role });

/**
 * The read-only view of an ended session from its stored JSON transcript: participants and
 * messages with author, time, text and file names; no events, edit history, checksums or file
 * ids (the files of an ended session are not offered from here).
 */
export function earlierTranscriptOf(stored: unknown): EarlierTranscript {
  const doc = stored as StoredTranscriptDocument;
  return {
    sessionId: doc.sessionId,
    startedAt: doc.startedAt,
    endedAt: doc.endedAt,
    participants: doc.participants.map(person),
    messages: doc.messages.map(
      (m): EarlierMessage => ({
        id: m.id,
        at: m.at,
        from: person(m.from),
        text: m.deleted ? null : m.text,
        replyTo: m.replyTo,
        edited: Boolean(m.edited),
        deleted: Boolean(m.deleted),
        file: m.file && !m.deleted ? { name: m.file.name, size: m.file.size, type: m.file.type, removed: m.file.removed } : null,
      }),
    ),
  };
}
