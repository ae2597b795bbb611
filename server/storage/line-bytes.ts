/**
 * Lines of text held as their UTF-8 bytes, one after another and each ending in `\n`, in one
 * buffer outside the collected heap, with the offset where each line starts.
 *
 * Why: the relay keeps every event's JSON for a while after it is written (in the journal's
 * backlog until the write-back, and in a room's window of recent events). As strings, those
 * texts (a few hundred bytes each) outlive every young-generation collection and are copied by
 * each one, then promoted, where they die later and need a full collection: at 10,000 delivered
 * messages a second that was about 450 KB copied per scavenge (bench/README, "Event text kept
 * as bytes"). As bytes here, a collection copies nothing per line.
 *
 * Empty ones allocate nothing; the buffer grows by doubling and is kept through {@link clear},
 * so that a reused one settles at its working size.
 */
export class LineBytes {
  private data: Buffer | null = null;
  private end = 0;
  /** Byte offset of the start of each line. */
  private starts: number[] = [];

  /** Number of lines held. */
  get count(): number {
    return this.starts.length;
  }

  /** Appends one line (it must not contain `\n`). */
  push(line: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair 4 for 2 units); only when
    // that much might not fit is the exact length counted (a buffer is never grown for nothing).
    if (!this.data || this.end + line.length * 3 + 1 > this.data.length) this.reserve(Buffer.byteLength(line, 'utf8') + 1);
    const data = this.data!;
    this.starts.push(this.end);
    this.end += data.write(line, this.end, 'utf8');
    data[this.end++] = 0x0a;
  }

  /** Appends one line given as bytes (`source[start..end)`, without its `\n`). */
  pushBytes(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.reserve(length + 1);
    const data = this.data!;
    this.starts.push(this.end);
    data.set(source.subarray(start, end), this.end);
    this.end += length;
    data[this.end++] = 0x0a;
  }

  /** Line `i` (0-based) as text. */
  at(i: number): string {
    if (i < 0 || i >= this.starts.length) throw new RangeError(`no line ${i} of ${this.starts.length}`);
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! : this.end;
    return this.data!.toString('utf8', this.starts[i]!, end - 1);
  }

  /** Lines `from` up to (not including) `to` as text, like `Array.prototype.slice`. */
  slice(from = 0, to = this.starts.length): string[] {
    const first = Math.max(0, from);
    const last = Math.min(this.starts.length, to);
    const lines: string[] = [];
    for (let i = first; i < last; i++) lines.push(this.at(i));
    return lines;
  }

  /** Every line with its `\n`, as one view of the buffer (valid until the next change). */
  bytes(): Buffer {
    return this.data ? this.data.subarray(0, this.end) : Buffer.alloc(0);
  }

  /** Forgets the first `n` lines, moving the rest to the front of the same buffer. */
  dropFirst(n: number): void {
    if (n <= 0) return;
    if (n >= this.starts.length) {
      this.clear();
      return;
    }
    const cut = this.starts[n]!;
    this.data!.copyWithin(0, cut, this.end);
    this.end -= cut;
    const starts = this.starts.slice(n);
    for (let i = 0; i < starts.length; i++) starts[i]! -= cut;
    this.starts = starts;
  }

  /** Forgets every line and keeps the buffer for the next ones. */
  clear(): void {
    this.end = 0;
    this.starts = [];
  }

  private reserve(bytes: number): void {
    const needed = this.end + bytes;
    const data = this.data;
    if (data && needed <= data.length) return;
    // Outside Node's shared pool: a pooled slice would keep a whole 8 KB slab alive.
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, data ? data.length * 2 : 0));
    if (data) data.copy(grown, 0, 0, this.end);
    this.data = grown;
  }
}
