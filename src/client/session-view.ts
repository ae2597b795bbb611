import type { ParticipantInfo, PresenceEntry, ReceiptEntry, SessionLimits, SessionPolicy, SessionState } from '../protocol/index.js';
import type { SessionClientEventMap } from './types.js';

/** The client's public view of the session, which the frames from the relay update. */
export interface SessionView {
  state: SessionState;
  me: ParticipantInfo | null;
  presence: PresenceEntry[];
  receipts: ReceiptEntry[];
  policy: SessionPolicy;
  limits: SessionLimits;
}

/** Dispatches one of the client's typed events. */
export type Dispatch = <K extends keyof SessionClientEventMap>(type: K, detail: SessionClientEventMap[K]['detail']) => void;
