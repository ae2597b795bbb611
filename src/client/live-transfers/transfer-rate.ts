/** Progress of a live transfer as people read it. */
export interface TransferProgress {
  /** Bytes the receiver has written (the sender: the least of its receivers still going). */
  bytes: number;
  total: number;
  /** Smoothed over the last seconds; 0 before a second has passed. */
  bytesPerSecond: number;
  /** At the current speed; `null` while it is unknown. */
  secondsLeft: number | null;
}

/** A speed smoothed over samples about a second apart (an exponential moving average). */
export class TransferRate {
  private lastAt = 0;
  private lastBytes = 0;
  private speed = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Records `bytes` done so far and returns the progress. */
  sample(bytes: number, total: number): TransferProgress {
    const at = this.now();
    if (this.lastAt === 0) {
      this.lastAt = at;
      this.lastBytes = bytes;
    } else if (at - this.lastAt >= 1000 || bytes < this.lastBytes) {
      const current = Math.max(0, ((bytes - this.lastBytes) * 1000) / (at - this.lastAt));
      this.speed = this.speed === 0 ? current : this.speed * 0.7 + current * 0.3;
      this.lastAt = at;
      this.lastBytes = bytes;
    }
    const left = total - bytes;
    return { bytes, total, bytesPerSecond: Math.round(this.speed), secondsLeft: this.speed > 0 ? Math.ceil(left / this.speed) : left === 0 ? 0 : null };
  }
}
