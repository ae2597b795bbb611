/** Latency histogram: 10 µs buckets up to 5 s, one overflow bucket. Recording is O(1). */
const BUCKET_US = 10;
const BUCKETS = 500_000;

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  maxUs = 0;

  record(us: number): void {
    const b = us <= 0 ? 0 : Math.floor(us / BUCKET_US);
    this.counts[b < BUCKETS ? b : BUCKETS]!++;
    this.count++;
    if (us > this.maxUs) this.maxUs = us;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.maxUs = 0;
  }

  /** Percentile in milliseconds (upper edge of the bucket), NaN when empty. */
  percentileMs(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let b = 0; b <= BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return b === BUCKETS ? this.maxUs / 1000 : ((b + 1) * BUCKET_US) / 1000;
    }
    return this.maxUs / 1000;
  }
}
