import {
  ErrorCodes,
  encodeHistoryFrame,
  quotedTargets,
  type EncodedHistoryBase,
  type HistoryRequestFrame,
  type Json,
  type SessionEvent,
} from '../src/protocol/index.js';
import type { RoomHistory } from './room-history.js';
import type { RoomMember } from './room-member.js';

/** How long a socket waits before asking again while its previous history request is being read. */
const BUSY_RETRY_MS = 100;

/**
 * Pages of a room's log: the answer to a `history` request and the base of a join's page. The
 * range comes from the room's {@link HistoryIndex} (a binary search over the times for `from`),
 * the lines from one bounded read of the log (or the window in memory); nothing is folded.
 */
export function answerHistory(history: RoomHistory, member: RoomMember, request: HistoryRequestFrame): void {
  const { clientId } = request;
  const end = history.index.lastSeq + 1;
  if (request.before > end) {
    member.sendError(ErrorCodes.HISTORY_OUT_OF_RANGE, `"before" is past the end of the log (at most ${end})`, clientId);
    return;
  }
  if (history.paging.has(member)) {
    member.sendError(ErrorCodes.RATE_LIMITED, 'one history request at a time; this one was dropped', clientId, BUSY_RETRY_MS);
    return;
  }
  history.paging.add(member);
  const range = history.index.range(request.before, request.from, history.pageEvents);
  history
    .linesBetween(range.first, range.last)
    .then(async (lines) => {
      const quoted = await quotesFor(history, lines, range.first);
      member.send(encodeHistoryFrame(clientId, lines, range.more, quoted));
    })
    .catch((error: unknown) => {
      history.ctx.logger.error({ err: error, sessionId: history.room.sessionId }, 'reading a history page failed');
      member.sendError(ErrorCodes.STORAGE_FAILED, 'the history could not be read; retry', clientId);
    })
    .finally(() => history.paging.delete(member));
}

/** What a join's page (`lines`, from seq `first`) needs of the events before it (see `HistoryBase`). */
export async function pageBase(history: RoomHistory, lines: readonly Json<SessionEvent>[], first: number): Promise<EncodedHistoryBase> {
  const state = history.room.state;
  return {
    participants: history.room.participants.map((p) => ({ ...p })),
    startedAt: state.startedAt,
    ended: state.ended,
    transcript: state.transcript,
    quoted: await quotesFor(history, lines, first),
  };
}

/**
 * The logged messages that replies among `lines` quote and that are older than `first`: their
 * seqs from the room's index (learned from the log once, on first need), their lines from one
 * bounded read.
 */
async function quotesFor(history: RoomHistory, lines: readonly Json<SessionEvent>[], first: number): Promise<Json<SessionEvent>[]> {
  if (!lines.some((line) => line.includes('"replyTo"'))) return [];
  const targets = quotedTargets(lines.map((line) => JSON.parse(line) as SessionEvent));
  if (targets.length === 0) return [];
  await learnMessages(history);
  const seqs = targets
    .map((id) => history.index.seqOfMessage(id))
    .filter((seq): seq is number => seq !== undefined && seq < first)
    .sort((a, b) => a - b);
  if (seqs.length === 0) return [];
  const span = await history.linesBetween(seqs[0]!, seqs[seqs.length - 1]!);
  return seqs.map((seq) => span[seq - seqs[0]!]!);
}

/** Indexes the seq of every message of the log, once per loaded room. */
function learnMessages(history: RoomHistory): Promise<void> {
  if (history.learning) return history.learning;
  // Messages written from now on are indexed as they are written; older ones come from the log.
  history.index.startLearning();
  const learning = history.linesBetween(1, history.index.lastSeq).then((lines) => {
    for (const line of lines) history.index.learn(JSON.parse(line) as SessionEvent);
  });
  history.learning = learning.catch((error: unknown) => {
    history.learning = null;
    throw error;
  });
  return history.learning;
}
