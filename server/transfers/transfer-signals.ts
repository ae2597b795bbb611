import {
  ErrorCodes,
  encodeServerFrame,
  signalRefusal,
  type ResolvedTransferOffer,
  type RulesView,
  type TransferOfferIntentFrame,
  type TransferSignalFrame,
} from '../../src/protocol/index.js';
import { frameBytes } from '../frame-bytes.js';
import type { RoomMember } from '../room-member.js';

/**
 * A live transfer's offer gets its receivers: every other participant online now (with a
 * socket in the room), each once. The rules refuse an offer with none.
 */
export function resolveTransferOffer(intent: TransferOfferIntentFrame, members: readonly RoomMember[], sender: RoomMember): ResolvedTransferOffer {
  const to = new Set<string>();
  for (const member of members) if (member.participant.id !== sender.participant.id) to.add(member.participant.id);
  return { ...intent, to: [...to] };
}

/**
 * A `transfer-signal` (Accept, Decline, a data channel's description or candidates): passed to
 * every socket of the one participant it names, between a transfer's sender and its receivers
 * only, while the transfer and the session run. Never logged. A refusal is an error frame to
 * the sender (the frame is well formed; the relay never closes a socket for it).
 */
export function passTransferSignal(state: RulesView, members: readonly RoomMember[], from: RoomMember, frame: TransferSignalFrame): void {
  const refusal = signalRefusal(state.ruledTransfer(frame.transfer), from.participant.id, frame.to, state.hasEnded);
  if (refusal) {
    from.sendError(refusal.code, refusal.message);
    return;
  }
  let bytes: ReturnType<typeof frameBytes> | undefined;
  for (const member of members) {
    if (member.participant.id !== frame.to) continue;
    bytes ??= frameBytes(encodeServerFrame({ type: 'transfer-signal', transfer: frame.transfer, from: from.participant.id, signal: frame.signal }));
    member.send(bytes);
  }
  if (!bytes) from.sendError(ErrorCodes.TRANSFER_NO_RECEIVER, 'that participant is not online');
}
