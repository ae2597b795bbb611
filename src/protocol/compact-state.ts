import type { SessionEvent } from './events.js';
import type { RuledTransfer } from './live-transfers.js';
import type { RuledMessage, RulesView } from './rules.js';
import type { ChatParticipant, SessionState } from './state.js';

/**
 * What the relay keeps of one message: only what the rules and the relay need (author, deleted,
 * file id, reactions, edit count), never its text, caption or edit history. Those stay in the
 * log and in the window of encoded events.
 */
export class CompactMessage implements RuledMessage {
  deleted = false;
  /** Number of edits. */
  edits = 0;
  /** emoji -> participant ids, in the order they reacted; null until the first reaction. */
  reactions: Map<string, string[]> | null = null;

  /** A live transfer's offer: its receivers and whether it ended; null for other messages. */
  transfer: { to: readonly string[]; ended: boolean } | null = null;

  constructor(
    readonly from: string,
    /** Id of the shared file, or null for a text message. */
    readonly fileId: string | null,
  ) {}

  /** A shared file or a live transfer: no text of its own to edit. */
  get isFile(): boolean {
    return this.fileId !== null || this.transfer !== null;
  }

  reacted(emoji: string, participantId: string): boolean {
    return this.reactions?.get(emoji)?.includes(participantId) ?? false;
  }
}

/*
 * Most messages are text nobody reacted to: such a message is held as one small integer (no
 * object): its author's index in `participants`, its edit count and whether it was deleted.
 * It becomes a {@link CompactMessage} with its first reaction, or when a field would not fit.
 */
const DELETED_BIT = 1;
/** Edits are counted in bits 1-10. */
const EDIT_UNIT = 2;
const MAX_PACKED_EDITS = 1023;
/** The author's index starts at bit 11; below 2^19, so that the whole stays a small integer. */
const AUTHOR_UNIT = 2048;
const MAX_PACKED_AUTHOR = 2 ** 19 - 1;

/**
 * The relay's fold of a session's log: the same rules as {@link reduce} for everything the relay
 * decides by, at a fraction of the memory (a few dozen bytes per message instead of the message
 * with its text). Folded in place, one event at a time, and never shared.
 */
export class CompactSessionState implements RulesView {
  /** `seq` of the last event folded in; 0 for an empty log. */
  lastSeq = 0;
  startedAt: number | null = null;
  readonly participants: ChatParticipant[] = [];
  ended: SessionState['ended'] = null;
  transcript: SessionState['transcript'] = null;
  /** Message id -> the message, packed (a number) or not; made with the first message. */
  private messages: Map<string, number | CompactMessage> | null = null;
  /** file id -> its message, for downloads and removals (made with the first file). */
  private files: Map<string, CompactMessage> | null = null;

  constructor(readonly sessionId: string) {}

  get hasEnded(): boolean {
    return this.ended !== null;
  }

  /** Number of messages held (shared files included). */
  get messageCount(): number {
    return this.messages?.size ?? 0;
  }

  /** The message, as the rules read it (a packed one is unpacked into a copy). */
  ruledMessage(id: string): CompactMessage | undefined {
    const held = this.messages?.get(id);
    return typeof held === 'number' ? this.unpack(held) : held;
  }

  /** The live transfer offered by message `id`, as the rules read it. */
  ruledTransfer(id: string): RuledTransfer | undefined {
    const held = this.messages?.get(id);
    if (typeof held !== 'object' || !held.transfer) return undefined;
    return { from: held.from, to: held.transfer.to, ended: held.transfer.ended };
  }

  /** The message that shared `fileId`, if this session has one. */
  fileMessage(fileId: string): CompactMessage | undefined {
    return this.files?.get(fileId);
  }

  /** Folds one event in (ignored at or below `lastSeq`, as {@link reduce} does). */
  apply(event: SessionEvent): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (this.startedAt === null) this.startedAt = event.at;
    switch (event.type) {
      case 'participant.joined':
      case 'participant.left':
        foldParticipant(this.participants, event);
        return;
      case 'message.sent': {
        const author = this.participants.findIndex((p) => p.id === event.from);
        (this.messages ??= new Map()).set(event.id, author >= 0 && author <= MAX_PACKED_AUTHOR ? author * AUTHOR_UNIT : new CompactMessage(event.from, null));
        return;
      }
      case 'file.shared': {
        const message = new CompactMessage(event.from, event.file.id);
        (this.messages ??= new Map()).set(event.id, message);
        (this.files ??= new Map()).set(event.file.id, message);
        return;
      }
      case 'message.edited': {
        const target = this.messages?.get(event.target);
        if (typeof target === 'number') {
          if (target & DELETED_BIT) return;
          if (((target % AUTHOR_UNIT) >> 1) < MAX_PACKED_EDITS) this.messages!.set(event.target, target + EDIT_UNIT);
          else this.unpackInPlace(event.target, target).edits++;
        } else if (target && !target.deleted) {
          target.edits++;
        }
        return;
      }
      case 'message.deleted': {
        const target = this.messages?.get(event.target);
        if (typeof target === 'number') {
          this.messages!.set(event.target, target | DELETED_BIT);
          return;
        }
        if (!target || target.deleted) return;
        target.deleted = true;
        target.reactions = null;
        return;
      }
      case 'reaction.added':
      case 'reaction.removed': {
        const held = this.messages?.get(event.target);
        if (typeof held === 'number' && held & DELETED_BIT) return;
        const target = typeof held === 'number' ? this.unpackInPlace(event.target, held) : held;
        if (!target || target.deleted) return;
        foldReaction(target, event.emoji, event.from, event.type === 'reaction.added');
        return;
      }
      case 'session.ended':
        if (!this.ended) this.ended = { by: event.from, at: event.at };
        return;
      case 'transcript.ready':
        this.transcript = { ...event.urls };
        return;
      case 'transfer.offered': {
        const message = new CompactMessage(event.from, null);
        message.transfer = { to: [...event.transfer.to], ended: false };
        (this.messages ??= new Map()).set(event.id, message);
        return;
      }
      case 'transfer.ended': {
        const target = this.messages?.get(event.target);
        if (typeof target === 'object' && target.transfer && target.from === event.from) target.transfer.ended = true;
        return;
      }
    }
  }

  private unpack(packed: number): CompactMessage {
    const message = new CompactMessage(this.participants[Math.floor(packed / AUTHOR_UNIT)]!.id, null);
    message.deleted = (packed & DELETED_BIT) !== 0;
    message.edits = (packed % AUTHOR_UNIT) >> 1;
    return message;
  }

  /** Replaces a packed message by its object, to change what a number cannot hold. */
  private unpackInPlace(id: string, packed: number): CompactMessage {
    const message = this.unpack(packed);
    this.messages!.set(id, message);
    return message;
  }
}

/** One reaction moved: a participant reacts at most once per emoji, in the order they reacted. */
function foldReaction(target: CompactMessage, emoji: string, from: string, adding: boolean): void {
  const reactions = target.reactions ?? (target.reactions = new Map());
  const by = reactions.get(emoji)?.filter((who: string) => who !== from) ?? [];
  if (adding) by.push(from);
  if (by.length > 0) reactions.set(emoji, by);
  else reactions.delete(emoji);
}

/**
 * Folds a `participant.joined` or `participant.left` into a participant list in place, by the
 * rules of {@link reduce}: a join adds or renews (keeping the first `joinedAt`), a leave marks.
 * Literals of one shape, so every participant shares one hidden class.
 */
export function foldParticipant(participants: ChatParticipant[], event: SessionEvent): void {
  if (event.type === 'participant.joined') {
    const { id, name, role } = event.participant;
    const i = participants.findIndex((p) => p.id === id);
    if (i < 0) participants.push({ id, name, role, joinedAt: event.at, left: false });
    else participants[i] = { id, name, role, joinedAt: participants[i]!.joinedAt, left: false };
  } else if (event.type === 'participant.left') {
    const i = participants.findIndex((p) => p.id === event.from);
    if (i < 0) return;
    const { id, name, role, joinedAt } = participants[i]!;
    participants[i] = { id, name, role, joinedAt, left: true };
  }
}
