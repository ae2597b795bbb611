import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
const POOL_IDS = 256;

/**
 * Random ids drawn from a pooled buffer: one `randomFillSync` per 256 ids instead of one
 * per event (the relay makes an id for every logged event).
 */
export class IdGenerator {
  private readonly pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
  private offset = this.pool.length;

  /** 16 url-safe characters (base64url of 12 random bytes). */
  next(): string {
    if (this.offset >= this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('base64url', this.offset, this.offset + ID_BYTES);
    this.offset += ID_BYTES;
    return id;
  }
}

/** A fresh log epoch: identifies one incarnation of a session's log. */
export function newEpoch(): string {
  return randomFillSync(Buffer.alloc(ID_BYTES)).toString('base64url');
}
