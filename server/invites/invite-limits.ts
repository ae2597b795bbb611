import { RateLimiter } from '../rate-limiter.js';

/** Most inviters remembered; the oldest are forgotten first (each then starts with a full bucket). */
const MAX_INVITERS = 10_000;

/**
 * How many invites each participant of each session may create: `perMinute` at once, then one
 * every `60 / perMinute` seconds. A token bucket per inviter, in a bounded map.
 */
export class InviteLimits {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(private readonly perMinute: number) {}

  /** 0 when the inviter may invite now, else milliseconds to wait. */
  take(inviter: string): number {
    let bucket = this.buckets.get(inviter);
    if (!bucket) {
      if (this.buckets.size >= MAX_INVITERS) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = new RateLimiter(this.perMinute / 60, this.perMinute);
      this.buckets.set(inviter, bucket);
    }
    return bucket.take();
  }
}
