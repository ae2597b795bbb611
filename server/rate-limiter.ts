/** One clock for every limiter (a bound `performance.now` per connection costs memory). */
const monotonicNow = (): number => performance.now();

/**
 * A token bucket: `burst` frames at once, refilled at `perSecond`. One per connection.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.last = this.now();
  }

  /** Takes one token. Returns 0 when allowed, else how many milliseconds until one is available. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }

  /**
   * Spends `amount` tokens even past zero (a byte rate: a chunk is passed on whole). Returns 0
   * while the bucket is not in debt, else how many milliseconds until it is out of it.
   */
  spend(amount: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000) - amount;
    this.last = now;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }
}
