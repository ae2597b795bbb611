import { SessionChatError, type IntentFrame, type SessionEvent } from '../protocol/index.js';
import type { OutboxStore } from './outbox-store.js';
import type { OutboxEntry } from './types.js';

/** An intent waiting for its ack, in the order it was made. */
interface PendingIntent {
  frame: IntentFrame;
  createdAt: number;
  resolve: (event: SessionEvent) => void;
  reject: (error: SessionChatError) => void;
}

const ignore = (): void => undefined;

/**
 * The intents a client has sent or will send and the relay has not acked yet, in order, with
 * the promises that settle on the ack or the refusal. Its messages are the outbox; with an
 * {@link OutboxStore} they are kept on every change, so the next client of the same participant
 * (after a reload) starts with them.
 */
export class PendingIntents {
  private items: PendingIntent[] = [];
  /** Every message this client has held: in a shared store, other tabs' entries are left alone. */
  private readonly known = new Set<string>();

  constructor(private readonly store: { store: OutboxStore; sessionId: string; participantId: string } | null) {
    if (!store) return;
    for (const entry of store.store.load(store.sessionId, store.participantId)) {
      const frame: IntentFrame = { type: 'message', clientId: entry.clientId, text: entry.text };
      if (entry.replyTo !== undefined) frame.replyTo = entry.replyTo;
      // Nobody awaits a message typed before the reload: the log shows it once acked.
      this.items.push({ frame, createdAt: entry.createdAt, resolve: ignore, reject: ignore });
      this.known.add(entry.clientId);
    }
  }

  /** The frames to send, in order. */
  get frames(): IntentFrame[] {
    return this.items.map((item) => item.frame);
  }

  /** The messages among them. */
  get outbox(): OutboxEntry[] {
    const entries: OutboxEntry[] = [];
    for (const item of this.items) {
      if (item.frame.type !== 'message') continue;
      const entry: OutboxEntry = { clientId: item.frame.clientId, text: item.frame.text, createdAt: item.createdAt };
      if (item.frame.replyTo !== undefined) entry.replyTo = item.frame.replyTo;
      entries.push(entry);
    }
    return entries;
  }

  add(frame: IntentFrame, resolve: (event: SessionEvent) => void, reject: (error: SessionChatError) => void): void {
    this.items.push({ frame, createdAt: Date.now(), resolve, reject });
    if (frame.type === 'message') {
      this.known.add(frame.clientId);
      this.persist();
    }
  }

  /** Settles `clientId` with its logged event or its refusal; false when it is not pending. */
  settle(clientId: string, outcome: { event: SessionEvent } | { error: SessionChatError }): boolean {
    const index = this.items.findIndex((item) => item.frame.clientId === clientId);
    if (index < 0) return false;
    const [item] = this.items.splice(index, 1);
    if (item!.frame.type === 'message') this.persist();
    if ('event' in outcome) item!.resolve(outcome.event);
    else item!.reject(outcome.error);
    return true;
  }

  /**
   * Rejects everything with `error`. `forget`: the kept outbox goes too (the session ended);
   * otherwise it stays for the next client (closing the client, as leaving the page does, is not
   * a refusal of what was typed).
   */
  failAll(error: SessionChatError, forget: boolean): void {
    const items = this.items;
    this.items = [];
    if (forget) this.persist();
    for (const item of items) item.reject(new SessionChatError(error.code, error.message, { clientId: item.frame.clientId }));
  }

  private persist(): void {
    if (!this.store) return;
    const { store, sessionId, participantId } = this.store;
    const others = store.load(sessionId, participantId).filter((entry) => !this.known.has(entry.clientId));
    const entries = [...others, ...this.outbox].sort((a, b) => a.createdAt - b.createdAt);
    store.save(sessionId, participantId, entries);
  }
}
