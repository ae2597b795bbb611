import { DEFAULT_FRAME_RATE, type FrameRate } from '../protocol/limits.js';

/** How fast the relay lets one socket send: `perSecond` frames, in bursts of up to `burst`. */
export type SendRate = FrameRate;

/** The relay's default per-connection limit, defined once in the protocol. */
export const DEFAULT_SEND_RATE: Readonly<SendRate> = DEFAULT_FRAME_RATE;

/**
 * Tokens the client leaves in the relay's bucket: frames that travel together arrive closer than
 * they were sent, and two tokens in hand absorb that (100 ms of bunching at 20 a second).
 */
const RESERVE = 2;

interface Waiting<T> {
  order: number;
  frame: T;
}

/**
 * Paces every frame one client sends with ONE token bucket that mirrors the relay's
 * per-connection limit, so that a large outbox flushed on reconnect goes out at the rate the
 * relay accepts instead of being refused and retried frame by frame.
 *
 * Intents wait in one ordered queue. When the relay refuses one with RATE_LIMITED, the whole
 * queue waits `retryAfterMs` (the relay's bucket is empty), the refused intent goes back to its
 * place, and the bucket's rate drops to what `retryAfterMs` shows the relay allows. Signals
 * (typing, receipts) go only while no intent waits; the hello and pings always go, and count.
 */
export class SendPacer<T extends { clientId: string }> {
  private readonly rate: SendRate;
  private readonly now: () => number;
  private readonly send: (frame: T) => boolean;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private waiting: Waiting<T>[] = [];
  private readonly inFlight = new Map<string, Waiting<T>>();
  private nextOrder = 0;
  private live = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { rate?: SendRate; send: (frame: T) => boolean; now?: () => number }) {
    const rate = options.rate ?? DEFAULT_SEND_RATE;
    if (!(rate.perSecond > 0) || !(rate.burst >= 1)) throw new TypeError('The "sendRate" option needs perSecond > 0 and burst >= 1');
    this.rate = { ...rate };
    this.send = options.send;
    this.now = options.now ?? (() => performance.now());
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** The rate the pacer keeps to now (lower than the option once the relay refused a frame). */
  get sendRate(): Readonly<SendRate> {
    return this.rate;
  }

  /** A socket opened: the relay gives every connection a full bucket; its hello costs one token. */
  opened(): void {
    this.stop();
    this.tokens = this.capacity;
    this.last = this.now();
    this.pausedUntil = 0;
    this.spend();
  }

  /** Joined: sends `frames` (every intent not yet acked, in order) as fast as the bucket allows. */
  start(frames: Iterable<T>): void {
    this.inFlight.clear();
    this.waiting = [...frames].map((frame) => ({ order: this.nextOrder++, frame }));
    this.live = true;
    this.pump();
  }

  /** A new intent, after every one already waiting. Sent once the socket is live. */
  push(frame: T): void {
    this.waiting.push({ order: this.nextOrder++, frame });
    this.pump();
  }

  /** The intent was acked or refused for good: it is not sent (again). */
  forget(clientId: string): void {
    this.inFlight.delete(clientId);
    this.waiting = this.waiting.filter((entry) => entry.frame.clientId !== clientId);
  }

  /** The relay refused `clientId` with RATE_LIMITED: the whole queue waits, the intent goes again in its place. */
  refused(clientId: string, retryAfterMs: number): void {
    const entry = this.inFlight.get(clientId);
    if (!entry) return;
    this.inFlight.delete(clientId);
    const at = this.waiting.findIndex((other) => other.order > entry.order);
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, entry);
    const wait = Math.max(1, retryAfterMs);
    // The relay's bucket is empty and refills one token in at most `wait`: it allows no more than 1000 / wait a second.
    this.rate.perSecond = Math.min(this.rate.perSecond, 1000 / wait);
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pump();
  }

  /** Counts a frame that goes regardless (hello, ping, away status). */
  spend(): void {
    this.refill();
    this.tokens -= 1;
  }

  /** Takes a token for a signal when no intent waits and one is free; false: do not send it now. */
  trySignal(): boolean {
    if (this.waiting.length > 0 || this.now() < this.pausedUntil) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** The socket closed: nothing more goes until the next {@link start}. */
  stop(): void {
    this.live = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (!this.live || this.timer) return;
    while (this.waiting.length > 0) {
      this.refill();
      const wait = Math.max(this.pausedUntil - this.now(), this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate.perSecond));
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const entry = this.waiting.shift()!;
      this.tokens -= 1;
      this.inFlight.set(entry.frame.clientId, entry);
      if (!this.send(entry.frame)) {
        // The socket is going away; its close starts the next connection, which sends everything again.
        this.stop();
        return;
      }
    }
  }

  /** The client's bucket: the relay's burst less the {@link RESERVE} (at least one frame). */
  private get capacity(): number {
    return Math.max(1, this.rate.burst - RESERVE);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate.perSecond) / 1000);
    this.last = now;
  }
}
