import {
  HOST_ACTOR_ID,
  RELAY_ACTOR_ID,
  fold,
  initialState,
  type ChatMessage,
  type ChatParticipant,
  type SessionEvent,
  type SessionState,
} from '../../src/protocol/index.js';
import { transcriptLanguage, type TranscriptLanguage } from './transcript-strings.js';

/** What every transcript format is written from: the fold of the log plus the files' checksums. */
export interface TranscriptInput {
  sessionId: string;
  events: readonly SessionEvent[];
  /** SHA-256 (hex) of each shared file's bytes, by file id, as computed when it was stored. */
  fileChecksums?: Readonly<Record<string, string>>;
  /** The session's language (BCP 47); the headings are written in it when it is shipped (de, ar), else in English. */
  lang?: string;
}

export interface TranscriptModel {
  sessionId: string;
  state: SessionState;
  events: readonly SessionEvent[];
  fileChecksums: Readonly<Record<string, string>>;
  /** The language the transcript's own words are written in. */
  lang: TranscriptLanguage;
  /** The participant of an id; an unknown id (never joined) gets a stand-in. */
  participant(id: string): Pick<ChatParticipant, 'id' | 'name' | 'role'>;
  message(id: string): ChatMessage | undefined;
  startedAt: number | null;
  endedAt: number | null;
}

/** Someone who acted without joining: the host's API, the relay itself, or an unknown id. */
function stranger(id: string): Pick<ChatParticipant, 'id' | 'name' | 'role'> {
  if (id === HOST_ACTOR_ID) return { id, name: 'Host system', role: 'admin' };
  if (id === RELAY_ACTOR_ID) return { id, name: 'Relay (idle timeout)', role: 'admin' };
  return { id, name: id, role: 'customer' };
}

/** Folds the log with the shared reducer: the transcript says exactly what every client showed. */
export function buildTranscriptModel(input: TranscriptInput): TranscriptModel {
  const state = fold(input.events, initialState(input.sessionId));
  const people = new Map(state.participants.map((p) => [p.id, p]));
  const messages = new Map(state.messages.map((m) => [m.id, m]));
  return {
    sessionId: input.sessionId,
    state,
    events: input.events,
    fileChecksums: input.fileChecksums ?? {},
    lang: transcriptLanguage(input.lang),
    participant: (id) => people.get(id) ?? stranger(id),
    message: (id) => messages.get(id),
    startedAt: state.startedAt,
    endedAt: state.ended?.at ?? null,
  };
}
