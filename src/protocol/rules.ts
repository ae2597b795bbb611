import { ErrorCodes, type ErrorCode } from './codes.js';
import type { EventDraft, SharedFileInfo } from './events.js';
import type { IntentFrame, ShareIntentFrame } from './frames.js';
import type { ParticipantInfo } from './participants.js';
import { findMessage } from './reducer.js';
import type { ChatMessage, SessionState } from './state.js';

/** Session policy the relay applies; documented as relay options. */
export interface SessionPolicy {
  /** A technician may delete anyone's message (default true). */
  technicianCanDeleteAny: boolean;
}

export const DEFAULT_POLICY: SessionPolicy = { technicianCanDeleteAny: true };

/** What a participant may do with one message; views and {@link decideIntent} share it. */
export interface MessagePermissions {
  edit: boolean;
  delete: boolean;
  reply: boolean;
  react: boolean;
}

/** Pure: the actions `actor` may take on `message` in `state` (all false once deleted or ended). */
export function messagePermissions(
  state: SessionState,
  actor: ParticipantInfo,
  message: ChatMessage,
  policy: SessionPolicy = DEFAULT_POLICY,
): MessagePermissions {
  if (state.ended || message.deleted) return { edit: false, delete: false, reply: false, react: false };
  const own = message.from === actor.id;
  return {
    edit: own && !message.file,
    delete: own || (policy.technicianCanDeleteAny && actor.role === 'technician'),
    reply: true,
    react: true,
  };
}

/** Technicians and admins end sessions; customers cannot. */
export function mayEndSession(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/** Transcripts are for technicians and admins, never customers. */
export function mayReadTranscripts(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/**
 * A share intent once the relay stored its upload: `file` is what the event will name (id,
 * name, size, type from the relay; the thumbnail comes from the intent). Never on the wire.
 */
export interface ResolvedShareIntent extends ShareIntentFrame {
  file: Omit<SharedFileInfo, 'thumbnail'>;
}

export type RuleResult = { ok: true; draft: EventDraft } | { ok: false; code: ErrorCode; message: string };

function refuse(code: ErrorCode, message: string): RuleResult {
  return { ok: false, code, message };
}

/**
 * Decides an intent against the folded state: either the event to append or a typed refusal.
 * Pure; the relay calls it with the state of the session at the moment of the append.
 */
export function decideIntent(
  state: SessionState,
  actor: ParticipantInfo,
  intent: IntentFrame | ResolvedShareIntent,
  policy: SessionPolicy = DEFAULT_POLICY,
): RuleResult {
  if (state.ended) return refuse(ErrorCodes.SESSION_ENDED, 'the session has ended');
  const base = { from: actor.id, clientId: intent.clientId };

  if (intent.type === 'end') {
    if (!mayEndSession(actor)) return refuse(ErrorCodes.FORBIDDEN, 'only a technician or an admin can end the session');
    return { ok: true, draft: { ...base, type: 'session.ended', reason: 'participant' } };
  }

  if (intent.type === 'share') {
    if (!('file' in intent)) return refuse(ErrorCodes.UPLOAD_NOT_FOUND, 'the upload has not been stored');
    const { id, name, size, type } = intent.file;
    const file: SharedFileInfo = { id, name, size, type };
    if (intent.thumbnail !== undefined) file.thumbnail = intent.thumbnail;
    const draft: EventDraft = { ...base, type: 'file.shared', file };
    if (intent.caption !== undefined) draft.caption = intent.caption;
    return { ok: true, draft };
  }

  if (intent.type === 'message') {
    if (intent.replyTo !== undefined) {
      const target = findMessage(state, intent.replyTo);
      if (!target) return refuse(ErrorCodes.UNKNOWN_TARGET, 'the message replied to does not exist');
      if (target.deleted) return refuse(ErrorCodes.TARGET_DELETED, 'the message replied to was deleted');
      return { ok: true, draft: { ...base, type: 'message.sent', text: intent.text, replyTo: intent.replyTo } };
    }
    return { ok: true, draft: { ...base, type: 'message.sent', text: intent.text } };
  }

  const target = findMessage(state, intent.target);
  if (!target) return refuse(ErrorCodes.UNKNOWN_TARGET, 'no message with that id in this session');
  if (target.deleted) return refuse(ErrorCodes.TARGET_DELETED, 'the message was deleted');

  const may = messagePermissions(state, actor, target, policy);
  switch (intent.type) {
    case 'edit':
      if (target.from !== actor.id) return refuse(ErrorCodes.NOT_AUTHOR, 'only the author can edit a message');
      if (!may.edit) return refuse(ErrorCodes.FORBIDDEN, 'a shared file cannot be edited');
      return { ok: true, draft: { ...base, type: 'message.edited', target: target.id, text: intent.text, notify: intent.notify } };
    case 'delete':
      if (!may.delete) return refuse(ErrorCodes.NOT_AUTHOR, 'only the author can delete this message');
      return { ok: true, draft: { ...base, type: 'message.deleted', target: target.id } };
    case 'react': {
      const reacted = target.reactions.some((r) => r.emoji === intent.emoji && r.by.includes(actor.id));
      return {
        ok: true,
        draft: { ...base, type: reacted ? 'reaction.removed' : 'reaction.added', target: target.id, emoji: intent.emoji },
      };
    }
  }
}
