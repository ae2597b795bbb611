import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CloseCodes, ErrorCodes, type ErrorCode, type TransferPipeAddress, type TransferPipeRole } from '../../src/protocol/index.js';
import type { TokenClaims } from '../tokens.js';
import { TransferPipe, type TransferPipeLimits } from './transfer-pipe.js';

/** Open pipes one session may have at once (each is a sender–receiver pair of sockets). */
export const MAX_PIPES_PER_SESSION = 64;

export interface PipeRefusal {
  code: ErrorCode;
  message: string;
}

const keyOf = (address: TransferPipeAddress): string => `${address.sessionId}\n${address.transferId}\n${address.receiverId}`;

/**
 * Every live transfer the relay carries right now, by session, transfer and receiver. A pipe
 * belongs to the participant whose sender socket connected first; only the named receiver may
 * receive. Nothing here survives a restart and nothing is written anywhere: a pipe is two
 * sockets and the chunks between them.
 */
export class TransferPipes {
  private readonly pipes = new Map<string, { pipe: TransferPipe; senderId: string | undefined; sessionId: string }>();
  private readonly perSession = new Map<string, number>();

  constructor(private readonly limits: TransferPipeLimits) {}

  /** Pipes open now. */
  get size(): number {
    return this.pipes.size;
  }

  /** Why `claims` may not connect as `role` to the pipe at `address` (checked before the upgrade), or `undefined`. */
  refusal(address: TransferPipeAddress, role: TransferPipeRole, claims: TokenClaims): PipeRefusal | undefined {
    if (role === 'receive' && claims.id !== address.receiverId) {
      return { code: ErrorCodes.FORBIDDEN, message: 'only the named receiver may receive this transfer' };
    }
    if (role === 'send' && claims.id === address.receiverId) {
      return { code: ErrorCodes.FORBIDDEN, message: 'a participant cannot send a transfer to itself' };
    }
    const entry = this.pipes.get(keyOf(address));
    if (!entry) {
      if ((this.perSession.get(address.sessionId) ?? 0) >= MAX_PIPES_PER_SESSION) {
        return { code: ErrorCodes.RATE_LIMITED, message: `a session has at most ${MAX_PIPES_PER_SESSION} relayed transfers open at once` };
      }
      return undefined;
    }
    if (role === 'send' && entry.senderId !== undefined && entry.senderId !== claims.id) {
      return { code: ErrorCodes.TRANSFER_BUSY, message: 'this transfer is sent by another participant' };
    }
    if ((role === 'send' ? entry.pipe.sender : entry.pipe.receiver) !== undefined) {
      return { code: ErrorCodes.TRANSFER_BUSY, message: `the ${role === 'send' ? 'sender' : 'receiver'} of this transfer is connected already` };
    }
    return undefined;
  }

  /**
   * Connects an upgraded socket as one end of the pipe at `address`. Checked again, since
   * another socket may have taken that end while this one upgraded: a refusal closes it.
   */
  attach(address: TransferPipeAddress, role: TransferPipeRole, ws: WebSocket, raw: Duplex, claims: TokenClaims, isEnded: () => boolean): void {
    const refusal = this.refusal(address, role, claims);
    if (refusal) {
      ws.close(CloseCodes.FORBIDDEN, refusal.message);
      return;
    }
    const key = keyOf(address);
    let entry = this.pipes.get(key);
    if (!entry) {
      const pipe = new TransferPipe(this.limits, () => this.forget(key), isEnded);
      entry = { pipe, senderId: undefined, sessionId: address.sessionId };
      this.pipes.set(key, entry);
      this.perSession.set(address.sessionId, (this.perSession.get(address.sessionId) ?? 0) + 1);
    }
    if (role === 'send') entry.senderId = claims.id;
    entry.pipe.attach(role, { ws, raw, participantId: claims.id, customer: claims.role === 'customer' });
  }

  /** Closes every pipe (the relay drains or closes). */
  closeAll(code: number, reason: string): void {
    for (const { pipe } of this.pipes.values()) pipe.closeAll(code, reason);
  }

  private forget(key: string): void {
    const entry = this.pipes.get(key);
    if (!entry) return;
    this.pipes.delete(key);
    const left = (this.perSession.get(entry.sessionId) ?? 1) - 1;
    if (left > 0) this.perSession.set(entry.sessionId, left);
    else this.perSession.delete(entry.sessionId);
  }
}
