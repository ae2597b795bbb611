import type { Role, SessionEndReason } from '../../../protocol/index.js';

/** Who ended a session, as `<session-chat>` names them. */
export interface SessionEndedBy {
  /** The participant's id, or `host` (the host's API) or `relay` (ended after inactivity). */
  id: string;
  /** The participant's display name; for the host or the relay, the localised "Host" or "Relay". */
  name: string;
  /** The participant's role; null for the host and the relay, and for an id the log does not know. */
  role: Role | null;
}

export interface SessionEndedEventDetail {
  by: SessionEndedBy;
  /** Relay time of the end, milliseconds since the Unix epoch. */
  at: number;
  /** `participant` (a technician or admin in the widget or the HTTP API), `host` (the API key) or `idle`. */
  reason: SessionEndReason;
}

/**
 * The session has ended, for every participant: fired once per session, when the end arrives
 * live or is found in the history on joining. Customers are disconnected right after it.
 */
export class ChatSessionEndedEvent extends CustomEvent<SessionEndedEventDetail> {
  constructor(detail: SessionEndedEventDetail) {
    super('session-ended', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-ended': ChatSessionEndedEvent;
  }
}
