/** Reconnect delays with full jitter: random in [0, min(max, min·2^attempt)], never below `minMs`/2. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!(minMs > 0) || !(maxMs >= minMs)) throw new TypeError('backoff needs 0 < minMs <= maxMs');
  }

  /** The delay before the next attempt; each call counts one attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(this.minMs / 2, Math.floor(this.random() * ceiling));
  }

  /** Called when a connection opened and joined. */
  reset(): void {
    this.attempt = 0;
  }
}
