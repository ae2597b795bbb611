import type { Role } from './participants.js';

/** Who a technician adds to a session: `POST /api/sessions/:id/invites`'s body. */
export interface InviteRequest {
  /** A second technician, or a colleague of the customer. */
  role: 'technician' | 'customer';
  /** The name the others will see (1–{@link MAX_INVITE_NAME_LENGTH} characters). */
  name: string;
}

/** The relay's answer to an invite: the new participant's join token and what it grants. */
export interface Invitation {
  token: string;
  sessionId: string;
  participantId: string;
  role: Role;
  name: string;
  /** When the token expires, milliseconds since the Unix epoch. */
  expiresAt: number;
}

/** Longest name of an invited participant. */
export const MAX_INVITE_NAME_LENGTH = 80;
/** The roles that may be invited (an admin is never minted from a session). */
export const INVITABLE_ROLES: readonly InviteRequest['role'][] = ['technician', 'customer'];
