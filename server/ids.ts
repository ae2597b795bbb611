import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
const POOL_IDS = 256;
/** base64url characters of one id: 4 for every 3 bytes, no padding. */
const ID_CHARS = (ID_BYTES / 3) * 4;

/**
 * Random ids drawn from a pooled buffer: one `randomFillSync` per 256 ids instead of one
 * per event (the relay makes an id for every logged event), and one base64url text per pool,
 * from which each id is cut (12 random bytes are exactly 16 characters, so the cuts line up).
 * A cut shares the pool's text (no copy): a kept id keeps that 4 KB text, 16 bytes per id.
 */
export class IdGenerator {
  private readonly pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
  private text = '';
  private offset = ID_CHARS * POOL_IDS;

  /** 16 url-safe characters (base64url of 12 random bytes). */
  next(): string {
    if (this.offset >= this.text.length) {
      randomFillSync(this.pool);
      this.text = this.pool.toString('base64url');
      this.offset = 0;
    }
    const id = this.text.slice(this.offset, this.offset + ID_CHARS);
    this.offset += ID_CHARS;
    return id;
  }
}

/** A fresh log epoch: identifies one incarnation of a session's log. */
export function newEpoch(): string {
  return randomFillSync(Buffer.alloc(ID_BYTES)).toString('base64url');
}
