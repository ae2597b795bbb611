import { ErrorCodes, type ErrorCode } from './codes.js';
import type { EventDraft, SharedFileInfo } from './events.js';
import type { IntentFrame, ShareIntentFrame } from './frames.js';
import type { RuledTransfer, TransferEndIntentFrame, TransferOfferIntentFrame } from './live-transfers.js';
import type { ParticipantInfo } from './participants.js';
import { findMessage } from './reducer.js';
import type { ChatMessage, SessionState } from './state.js';

/**
 * What the rules read of a message: the client's full {@link ChatMessage} and the relay's
 * compact record (`held-state.ts`) both answer it, so both decide by the same code.
 */
export interface RuledMessage {
  readonly from: string;
  readonly deleted: boolean;
  /** True for a shared file (its caption cannot be edited). */
  readonly isFile: boolean;
  /** Whether `participantId` has reacted with `emoji`. */
  reacted(emoji: string, participantId: string): boolean;
}

/** What the rules read of a session: whether it ended, and the message or live transfer an intent names. */
export interface RulesView {
  readonly hasEnded: boolean;
  ruledMessage(id: string): RuledMessage | undefined;
  ruledTransfer(id: string): RuledTransfer | undefined;
}

/** A {@link RulesView} over a full folded state (tests and clients; the relay keeps its own). */
export function rulesViewOf(state: SessionState): RulesView {
  return {
    hasEnded: state.ended !== null,
    ruledMessage(id) {
      const message = findMessage(state, id);
      return message && ruledChatMessage(message);
    },
    ruledTransfer(id) {
      const message = findMessage(state, id);
      return message?.transfer ? { from: message.from, to: message.transfer.to, ended: message.transfer.ended !== null } : undefined;
    },
  };
}

function ruledChatMessage(message: ChatMessage): RuledMessage {
  return {
    from: message.from,
    deleted: message.deleted !== null,
    isFile: message.file !== null || message.transfer !== null,
    reacted: (emoji, participantId) => message.reactions.some((r) => r.emoji === emoji && r.by.includes(participantId)),
  };
}

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
  return permissionsOn(state.ended !== null, actor, ruledChatMessage(message), policy);
}

function permissionsOn(ended: boolean, actor: ParticipantInfo, message: RuledMessage, policy: SessionPolicy): MessagePermissions {
  if (ended || message.deleted) return { edit: false, delete: false, reply: false, react: false };
  const own = message.from === actor.id;
  return {
    edit: own && !message.isFile,
    delete: own || (policy.technicianCanDeleteAny && actor.role === 'technician'),
    reply: true,
    react: true,
  };
}

/** Technicians and admins end sessions; customers cannot. */
export function mayEndSession(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/** Technicians and admins add participants to a session (a second technician, a colleague of the customer); customers cannot. */
export function mayInvite(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/** Technicians and admins see a customer's earlier sessions (see `earlier-sessions.ts`); customers never do. */
export function mayReadEarlierSessions(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/** Transcripts are for technicians and admins, never customers. */
export function mayReadTranscripts(actor: Pick<ParticipantInfo, 'role'>): boolean {
  return actor.role === 'technician' || actor.role === 'admin';
}

/** A live transfer's offer once the relay named its receivers (everyone else online then). Never on the wire. */
export interface ResolvedTransferOffer extends TransferOfferIntentFrame {
  to: string[];
}

/**
 * A share intent once the relay stored its upload: `file` is what the event will name (id,
 * name, size, type from the relay; the thumbnail comes from the intent). Never on the wire.
 */
export interface ResolvedShareIntent extends ShareIntentFrame {
  file: Omit<SharedFileInfo, 'thumbnail' | 'media'>;
}

export type RuleResult = { ok: true; draft: EventDraft } | { ok: false; code: ErrorCode; message: string };

function refuse(code: ErrorCode, message: string): RuleResult {
  return { ok: false, code, message };
}

/**
 * Decides an intent against the folded state: either the event to append or a typed refusal.
 * Pure; the same rules as {@link decideIntentOn}, over a full state.
 */
export function decideIntent(
  state: SessionState,
  actor: ParticipantInfo,
  intent: IntentFrame | ResolvedShareIntent | ResolvedTransferOffer,
  policy: SessionPolicy = DEFAULT_POLICY,
): RuleResult {
  return decideIntentOn(rulesViewOf(state), actor, intent, policy);
}

/**
 * Decides an intent against what the rules read of a session. Pure; the relay calls it with
 * its compact state at the moment of the append.
 */
export function decideIntentOn(
  state: RulesView,
  actor: ParticipantInfo,
  intent: IntentFrame | ResolvedShareIntent | ResolvedTransferOffer,
  policy: SessionPolicy = DEFAULT_POLICY,
): RuleResult {
  if (state.hasEnded) return refuse(ErrorCodes.SESSION_ENDED, 'the session has ended');
  // Each draft is one literal of its final shape (a spread of a shared base would clone, then grow, an object per intent).
  const from = actor.id;
  const clientId = intent.clientId;

  if (intent.type === 'end') {
    if (!mayEndSession(actor)) return refuse(ErrorCodes.FORBIDDEN, 'only a technician or an admin can end the session');
    return { ok: true, draft: { from, clientId, type: 'session.ended', reason: 'participant' } };
  }

  if (intent.type === 'share') {
    if (!('file' in intent)) return refuse(ErrorCodes.UPLOAD_NOT_FOUND, 'the upload has not been stored');
    const { id, name, size, type } = intent.file;
    const file: SharedFileInfo = { id, name, size, type };
    if (intent.thumbnail !== undefined) file.thumbnail = intent.thumbnail;
    if (intent.media !== undefined) file.media = intent.media;
    const draft: EventDraft = { from, clientId, type: 'file.shared', file };
    if (intent.caption !== undefined) draft.caption = intent.caption;
    return { ok: true, draft };
  }

  if (intent.type === 'transfer-offer' || intent.type === 'transfer-end') return decideTransferIntent(state, actor, intent);

  if (intent.type === 'message') {
    if (intent.replyTo !== undefined) {
      const target = state.ruledMessage(intent.replyTo);
      if (!target) return refuse(ErrorCodes.UNKNOWN_TARGET, 'the message replied to does not exist');
      if (target.deleted) return refuse(ErrorCodes.TARGET_DELETED, 'the message replied to was deleted');
      return { ok: true, draft: { from, clientId, type: 'message.sent', text: intent.text, replyTo: intent.replyTo } };
    }
    return { ok: true, draft: { from, clientId, type: 'message.sent', text: intent.text } };
  }

  const target = state.ruledMessage(intent.target);
  if (!target) return refuse(ErrorCodes.UNKNOWN_TARGET, 'no message with that id in this session');
  if (target.deleted) return refuse(ErrorCodes.TARGET_DELETED, 'the message was deleted');

  const may = permissionsOn(state.hasEnded, actor, target, policy);
  switch (intent.type) {
    case 'edit':
      if (target.from !== actor.id) return refuse(ErrorCodes.NOT_AUTHOR, 'only the author can edit a message');
      if (!may.edit) return refuse(ErrorCodes.FORBIDDEN, 'a shared file cannot be edited');
      return { ok: true, draft: { from, clientId, type: 'message.edited', target: intent.target, text: intent.text, notify: intent.notify } };
    case 'delete':
      if (!may.delete) return refuse(ErrorCodes.NOT_AUTHOR, 'only the author can delete this message');
      return { ok: true, draft: { from, clientId, type: 'message.deleted', target: intent.target } };
    case 'react': {
      const reacted = target.reacted(intent.emoji, actor.id);
      return {
        ok: true,
        draft: { from, clientId, type: reacted ? 'reaction.removed' : 'reaction.added', target: intent.target, emoji: intent.emoji },
      };
    }
  }
}

/** A live transfer's offer (its receivers named by the relay) or its end (by its sender, once). */
function decideTransferIntent(state: RulesView, actor: ParticipantInfo, intent: TransferOfferIntentFrame | ResolvedTransferOffer | TransferEndIntentFrame): RuleResult {
  const from = actor.id;
  const clientId = intent.clientId;
  if (intent.type === 'transfer-offer') {
    const to = 'to' in intent ? intent.to.filter((id) => id !== from) : [];
    if (to.length === 0) return refuse(ErrorCodes.TRANSFER_NO_RECEIVER, 'nobody else is online to receive a live transfer');
    return { ok: true, draft: { from, clientId, type: 'transfer.offered', transfer: { name: intent.name, size: intent.size, type: intent.mime, to } } };
  }
  const transfer = state.ruledTransfer(intent.target);
  if (!transfer) return refuse(ErrorCodes.UNKNOWN_TARGET, 'no live transfer with that id in this session');
  if (transfer.from !== from) return refuse(ErrorCodes.NOT_AUTHOR, 'only the sender of a live transfer says how it ended');
  if (transfer.ended) return refuse(ErrorCodes.TRANSFER_ENDED, 'that live transfer has ended already');
  const stranger = intent.receivers.find((r) => !transfer.to.includes(r.id));
  if (stranger) return refuse(ErrorCodes.INVALID_FIELD, `${stranger.id} was not offered this transfer`);
  const draft: EventDraft = { from, clientId, type: 'transfer.ended', target: intent.target, outcome: intent.outcome, receivers: intent.receivers };
  if (intent.sha256 !== undefined) draft.sha256 = intent.sha256;
  return { ok: true, draft };
}
