import type { SessionEvent } from './events.js';
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

  constructor(
    readonly from: string,
    /** Id of the shared file, or null for a text message. */
    readonly fileId: string | null,
  ) {}

  get isFile(): boolean {
    return this.fileId !== null;
  }

  reacted(emoji: string, participantId: string): boolean {
    return this.reactions?.get(emoji)?.includes(participantId) ?? false;
  }
}

/**
 * The relay's fold of a session's log: the same rules as {@link reduce} for everything the relay
 * decides by, at a fraction of the memory (about a hundred bytes per message instead of the
 * message with its text). Folded in place, one event at a time, and never shared.
 */
export class CompactSessionState implements RulesView {
  /** `seq` of the last event folded in; 0 for an empty log. */
  lastSeq = 0;
  startedAt: number | null = null;
  readonly participants: ChatParticipant[] = [];
  ended: SessionState['ended'] = null;
  transcript: SessionState['transcript'] = null;
  private readonly messages = new Map<string, CompactMessage>();
  /** file id -> its message, for downloads and removals. */
  private readonly files = new Map<string, CompactMessage>();

  constructor(readonly sessionId: string) {}

  get hasEnded(): boolean {
    return this.ended !== null;
  }

  /** Number of messages held (shared files included). */
  get messageCount(): number {
    return this.messages.size;
  }

  ruledMessage(id: string): CompactMessage | undefined {
    return this.messages.get(id);
  }

  /** The message that shared `fileId`, if this session has one. */
  fileMessage(fileId: string): CompactMessage | undefined {
    return this.files.get(fileId);
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
      case 'message.sent':
        this.messages.set(event.id, new CompactMessage(event.from, null));
        return;
      case 'file.shared': {
        const message = new CompactMessage(event.from, event.file.id);
        this.messages.set(event.id, message);
        this.files.set(event.file.id, message);
        return;
      }
      case 'message.edited': {
        const target = this.messages.get(event.target);
        if (target && !target.deleted) target.edits++;
        return;
      }
      case 'message.deleted': {
        const target = this.messages.get(event.target);
        if (!target || target.deleted) return;
        target.deleted = true;
        target.reactions = null;
        return;
      }
      case 'reaction.added':
      case 'reaction.removed': {
        const target = this.messages.get(event.target);
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
    }
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
