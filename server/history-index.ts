import type { SessionEvent } from '../src/protocol/index.js';

/** Events whose times an index keeps in a plain array, before it moves them to a typed one. */
const SMALL = 32;

/** The seqs of one page: `first`..`last` (empty when `first > last`); `more`: older events match. */
export interface PageRange {
  first: number;
  last: number;
  more: boolean;
}

/**
 * What a room knows of its written log to cut it into pages without reading it: the time of
 * every event (8 bytes an event, in one typed array once past a few: 160 KB for 20,000 events), so that the
 * first event of a period is found by binary search, and, made on first need, the seq of every
 * message by id (for the quotes of replies whose message is older than a page).
 */
export class HistoryIndex {
  /**
   * `times[i]` is the `at` of seq `i + 1`. Up to {@link SMALL} events a plain array (numbers
   * unboxed, 8 bytes each): a typed array and its buffer cost about 250 B more, and most loaded
   * rooms log a few joins. Past that a typed array, doubled as it fills: its bytes live outside
   * the JavaScript heap, so a busy room's growing index adds nothing to what the collector copies.
   */
  private times: number[] | Float64Array = [];
  private count = 0;
  /** Message id -> seq; null until a page first needs a quote from before it. */
  private messageSeqs: Map<string, number> | null = null;

  constructor(events: readonly SessionEvent[]) {
    for (const event of events) this.written(event);
  }

  /** The seq of the last written event. */
  get lastSeq(): number {
    return this.count;
  }

  /** An event was written (in seq order). */
  written(event: SessionEvent): void {
    const times = this.times;
    if (Array.isArray(times)) {
      if (times.length < SMALL) times.push(event.at);
      else {
        this.times = new Float64Array(SMALL * 4);
        this.times.set(times);
        this.times[this.count] = event.at;
      }
    } else {
      if (this.count === times.length) {
        this.times = new Float64Array(times.length * 2);
        this.times.set(times);
      }
      this.times[this.count] = event.at;
    }
    this.count++;
    if (this.messageSeqs && (event.type === 'message.sent' || event.type === 'file.shared' || event.type === 'transfer.offered')) this.messageSeqs.set(event.id, event.seq);
  }

  /**
   * The first seq whose event is at or after `from` (`lastSeq + 1` when none is). The relay
   * stamps `at` in append order, so times only grow along the log: a binary search, no read.
   */
  firstAtOrAfter(from: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /**
   * The newest `size` events before `before` (at or after `from` when given): the page a join
   * or a history request sends.
   */
  range(before: number, from: number | undefined, size: number): PageRange {
    const last = Math.min(before, this.count + 1) - 1;
    const lowest = from === undefined ? 1 : this.firstAtOrAfter(from);
    const first = Math.max(lowest, last - size + 1);
    return { first, last, more: first > lowest };
  }

  /**
   * Starts keeping message seqs: from now on every written message is indexed, and the caller
   * feeds the ones written before with {@link learn} (read back from the log).
   */
  startLearning(): void {
    this.messageSeqs ??= new Map();
  }

  /** Indexes one message read back from the log. */
  learn(event: SessionEvent): void {
    if (event.type === 'message.sent' || event.type === 'file.shared' || event.type === 'transfer.offered') this.messageSeqs?.set(event.id, event.seq);
  }

  /** The seq of a message, if known. */
  seqOfMessage(id: string): number | undefined {
    return this.messageSeqs?.get(id);
  }
}
