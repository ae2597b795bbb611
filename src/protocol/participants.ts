/** Who may take part in a session. */
export const ROLES = ['technician', 'customer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A participant as the relay knows them from their token. */
export interface ParticipantInfo {
  id: string;
  name: string;
  role: Role;
}

/** Ephemeral presence of one participant (never logged). */
export interface PresenceEntry extends ParticipantInfo {
  online: boolean;
  /** Open sockets of this participant on the relay (tabs). */
  connections: number;
  /** Online, but every open tab is hidden. */
  away?: boolean;
}

/** How far one participant's clients got in the log: never logged, kept by the relay per session. */
export interface ReceiptEntry {
  participantId: string;
  /** Highest `seq` a client of this participant holds. */
  delivered: number;
  /** Highest `seq` this participant saw in a visible, focused widget. */
  read: number;
}
