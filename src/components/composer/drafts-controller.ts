import type { SessionClient } from '../../client/index.js';
import { ClientFollower, type ChatHost } from '../shared/client-follower.js';

/** The part of the composer a draft needs. */
export interface DraftTarget {
  value: string;
  readonly updateComplete: Promise<boolean>;
}

/** Where a participant's draft of a session is kept (localStorage). */
export function draftKey(sessionId: string, participantId: string): string {
  return `session-chat:draft:${sessionId}:${participantId}`;
}

/**
 * Keeps what was typed but not sent, per session and participant, in localStorage: saved on
 * every input, put back in the composer when the element comes back (page reload, a new
 * element, another token), removed once sent or once the session has ended.
 */
export class DraftsController extends ClientFollower {
  private readonly composer: () => DraftTarget | null;
  private key = '';

  constructor(host: ChatHost, composer: () => DraftTarget | null) {
    super(host);
    this.composer = composer;
  }

  protected attach(client: SessionClient): void {
    const key = client.sessionId && client.me ? draftKey(client.sessionId, client.me.id) : '';
    if (key === this.key) return;
    this.key = key;
    if (key) void this.restore(key);
  }

  override hostUpdate(): void {
    super.hostUpdate();
    // An ended session takes no more messages: its draft would only linger in the browser.
    if (this.key && this.client?.state.ended) {
      this.clear();
      this.key = '';
    }
  }

  protected detach(): void {
    /* the key stays: the same session's next client keeps the draft */
  }

  private async restore(key: string): Promise<void> {
    await this.host.updateComplete;
    const composer = this.composer();
    if (!composer || key !== this.key) return;
    await composer.updateComplete;
    composer.value = read(key);
  }

  /** The composer's text changed. */
  save(text: string): void {
    if (!this.key) return;
    try {
      if (text.trim()) localStorage.setItem(this.key, text);
      else localStorage.removeItem(this.key);
    } catch {
      /* storage blocked or full: the draft lives as long as the page */
    }
  }

  /** The text was sent. */
  clear(): void {
    this.save('');
  }
}

function read(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}
