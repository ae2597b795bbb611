import type { SessionEvent } from './events.js';
import type { ChatFile, ChatMessage, ChatParticipant, ChatTransfer, SessionState } from './state.js';

/** Index of a message by id, searching from the newest (targets are usually recent). */
export function findMessageIndex(state: SessionState, id: string): number {
  const { messages } = state;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.id === id) return i;
  return -1;
}

export function findMessage(state: SessionState, id: string): ChatMessage | undefined {
  const i = findMessageIndex(state, id);
  return i < 0 ? undefined : state.messages[i];
}

/** How a fold changes the state's lists: by copying (pure) or in place (a private state). */
interface ListOps {
  append<T>(list: T[], item: T): T[];
  replace<T>(list: T[], index: number, item: T): T[];
}

const COPYING: ListOps = {
  append: (list, item) => [...list, item],
  replace: (list, index, item) => {
    const copy = list.slice();
    copy[index] = item;
    return copy;
  },
};

const IN_PLACE: ListOps = {
  append: (list, item) => {
    list.push(item);
    return list;
  },
  replace: (list, index, item) => {
    list[index] = item;
    return list;
  },
};

/**
 * A message as the fold first holds it: the logged `message.sent` / `file.shared`, or (in the
 * widget) a typed message the relay has not acked yet, shaped the same way.
 */
export function newChatMessage(
  base: { id: string; seq: number; from: string; at: number; clientId?: string | undefined; replyTo?: string | undefined },
  text: string,
): ChatMessage {
  const message: ChatMessage = {
    id: base.id,
    seq: base.seq,
    from: base.from,
    at: base.at,
    text,
    replyTo: base.replyTo ?? null,
    edited: null,
    deleted: null,
    reactions: [],
    file: null,
    transfer: null,
  };
  if (base.clientId !== undefined) message.clientId = base.clientId;
  return message;
}

function participant(id: string, name: string, role: ChatParticipant['role'], joinedAt: number, left: boolean): ChatParticipant {
  return { id, name, role, joinedAt, left };
}

/** A removed file keeps its name, size and type; its thumbnail goes with the bytes. */
function removedFile(file: ChatFile): ChatFile {
  const { thumbnail: _thumbnail, ...rest } = file;
  return { ...rest, removed: true };
}

/**
 * Folds one logged event into the state. Pure: no I/O, no clock, never mutates `state`.
 * Events at or below `state.lastSeq` are ignored, so folding a replayed event is harmless.
 * An event whose target is missing or deleted changes nothing but `lastSeq` (the relay never
 * logs one; a reader of a foreign log stays total).
 */
export function reduce(state: SessionState, event: SessionEvent): SessionState {
  return foldWith(COPYING, state, event);
}

/**
 * The same fold with the same rules, for a state that nobody else holds (the relay's head):
 * its message and participant lists are updated in place, so an event costs O(1) instead of
 * a copy of the whole conversation. The returned state object is new; its lists are not.
 */
export function reduceInPlace(state: SessionState, event: SessionEvent): SessionState {
  return foldWith(IN_PLACE, state, event);
}

function foldWith(ops: ListOps, state: SessionState, event: SessionEvent): SessionState {
  if (event.seq <= state.lastSeq) return state;
  const next: SessionState = { ...state, lastSeq: event.seq };
  if (next.startedAt === null) next.startedAt = event.at;

  switch (event.type) {
    case 'participant.joined': {
      const i = state.participants.findIndex((p) => p.id === event.participant.id);
      const { id, name, role } = event.participant;
      // Literals of one shape (not spreads): every participant shares one hidden class, which
      // matters to a relay holding thousands of sessions.
      next.participants =
        i < 0
          ? ops.append(state.participants, participant(id, name, role, event.at, false))
          : ops.replace(state.participants, i, participant(id, name, role, state.participants[i]!.joinedAt, false));
      return next;
    }
    case 'participant.left': {
      const i = state.participants.findIndex((p) => p.id === event.from);
      if (i < 0) return next;
      const { id, name, role, joinedAt } = state.participants[i]!;
      next.participants = ops.replace(state.participants, i, participant(id, name, role, joinedAt, true));
      return next;
    }
    case 'message.sent': {
      const message = newChatMessage(event, event.text);
      next.messages = ops.append(state.messages, message);
      return next;
    }
    case 'file.shared': {
      const message = newChatMessage(event, event.caption ?? '');
      message.file = { ...event.file, removed: false };
      next.messages = ops.append(state.messages, message);
      return next;
    }
    case 'message.edited': {
      const i = findMessageIndex(state, event.target);
      const target = state.messages[i];
      if (!target || target.deleted) return next;
      const history = [...(target.edited?.history ?? []), { text: target.text, at: target.edited?.at ?? target.at }];
      next.messages = ops.replace(state.messages, i, {
        ...target,
        text: event.text,
        edited: { at: event.at, notify: event.notify, history },
      });
      return next;
    }
    case 'message.deleted': {
      const i = findMessageIndex(state, event.target);
      const target = state.messages[i];
      if (!target || target.deleted) return next;
      next.messages = ops.replace(state.messages, i, {
        ...target,
        text: '',
        edited: target.edited ? { ...target.edited, history: [] } : null,
        deleted: { by: event.from, at: event.at },
        reactions: [],
        file: target.file ? removedFile(target.file) : null,
      });
      return next;
    }
    case 'reaction.added':
    case 'reaction.removed': {
      const i = findMessageIndex(state, event.target);
      const target = state.messages[i];
      if (!target || target.deleted) return next;
      const adding = event.type === 'reaction.added';
      const reactions = target.reactions
        .map((r) => (r.emoji === event.emoji ? { emoji: r.emoji, by: r.by.filter((who) => who !== event.from) } : r))
        .filter((r) => r.by.length > 0 || r.emoji === event.emoji);
      const j = reactions.findIndex((r) => r.emoji === event.emoji);
      if (adding) {
        if (j < 0) reactions.push({ emoji: event.emoji, by: [event.from] });
        else reactions[j] = { emoji: event.emoji, by: [...reactions[j]!.by, event.from] };
      } else if (j >= 0 && reactions[j]!.by.length === 0) {
        reactions.splice(j, 1);
      }
      next.messages = ops.replace(state.messages, i, { ...target, reactions });
      return next;
    }
    case 'session.ended':
      if (state.ended) return next;
      next.ended = { by: event.from, at: event.at };
      return next;
    case 'transcript.ready':
      next.transcript = { ...event.urls };
      return next;
    case 'transfer.offered': {
      const message = newChatMessage(event, '');
      message.transfer = { ...event.transfer, to: [...event.transfer.to], ended: null };
      next.messages = ops.append(state.messages, message);
      return next;
    }
    case 'transfer.ended': {
      const i = findMessageIndex(state, event.target);
      const target = state.messages[i];
      if (!target?.transfer || target.transfer.ended || target.from !== event.from) return next;
      const ended: NonNullable<ChatTransfer['ended']> = { at: event.at, outcome: event.outcome, receivers: event.receivers.map((r) => ({ ...r })) };
      if (event.sha256 !== undefined) ended.sha256 = event.sha256;
      next.messages = ops.replace(state.messages, i, { ...target, transfer: { ...target.transfer, ended } });
      return next;
    }
  }
}

/** Folds a whole list of events into a fresh or given state. */
export function fold(events: Iterable<SessionEvent>, state: SessionState): SessionState {
  let s = state;
  for (const event of events) s = reduce(s, event);
  return s;
}
