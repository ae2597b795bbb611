/** Something that expires at a time: a connection whose token runs out. */
export interface Expiring {
  /** Position in the clock's heap; -1 when not in it. Owned by {@link ExpiryClock}. */
  expiryIndex: number;
  /** Called once, when its time has come. */
  expire(): void;
}

/** The longest delay `setTimeout` takes; later deadlines re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Expiries of every socket of the relay on one timer (a min-heap of deadlines), instead of a
 * `Timeout` object and a closure per socket: idle sockets are what a relay holds most of.
 */
export class ExpiryClock {
  private readonly at: number[] = [];
  private readonly items: Expiring[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.items.length;
  }

  /** Calls `item.expire()` at `atMs` (epoch ms); at once (synchronously) when that has passed. */
  add(item: Expiring, atMs: number): void {
    if (atMs <= this.now()) {
      item.expire();
      return;
    }
    const i = this.items.length;
    this.at.push(atMs);
    this.items.push(item);
    item.expiryIndex = i;
    this.up(i);
    this.arm();
  }

  delete(item: Expiring): void {
    const i = item.expiryIndex;
    if (i < 0 || this.items[i] !== item) return;
    item.expiryIndex = -1;
    const last = this.items.length - 1;
    const lastAt = this.at.pop()!;
    const lastItem = this.items.pop()!;
    if (i !== last) {
      this.at[i] = lastAt;
      this.items[i] = lastItem;
      lastItem.expiryIndex = i;
      this.down(this.up(i));
    }
    if (this.items.length === 0) this.disarm();
  }

  stop(): void {
    this.disarm();
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.now();
    while (this.items.length > 0 && this.at[0]! <= now) {
      const item = this.items[0]!;
      this.delete(item);
      item.expire();
    }
    this.arm();
  };

  private arm(): void {
    if (this.items.length === 0) return;
    const next = this.at[0]!;
    if (this.timer && this.timerAt <= next) return;
    this.disarm();
    this.timerAt = next;
    this.timer = setTimeout(this.fire, Math.min(Math.max(0, next - this.now()), MAX_TIMER_MS));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private swap(i: number, j: number): void {
    const at = this.at[i]!;
    const item = this.items[i]!;
    this.at[i] = this.at[j]!;
    this.items[i] = this.items[j]!;
    this.at[j] = at;
    this.items[j] = item;
    this.items[i]!.expiryIndex = i;
    item.expiryIndex = j;
  }

  private up(i: number): number {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent]! <= this.at[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
    return i;
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.at[right]! < this.at[left]! ? right : left;
      if (this.at[i]! <= this.at[child]!) return;
      this.swap(i, child);
      i = child;
    }
  }
}
