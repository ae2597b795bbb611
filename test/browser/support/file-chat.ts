/**
 * A phone-sized `<session-chat>` for the file tests, the first share another participant's
 * client sees, and the participants and upload gate a test holds.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { SessionClient } from '../../../src/client/index.js';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { FileSharedEvent, Role, SessionEvent } from '../../../src/protocol/index.js';
import { holdUploads, type UploadGate } from './files.js';
import { joinAs, relayUrl, tokenFor } from './relay.js';

/** `<session-chat>` for `name` in `session`, phone-sized, live. Pass a client to control upload options. */
export async function mountChat(session: string, options: { role?: Role; name?: string; client?: SessionClient } = {}): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: options.role ?? 'customer', name: options.name ?? 'Bob' });
  const box = await fixture<HTMLDivElement>(
    options.client
      ? html`<div style="width: 360px; height: 560px"><session-chat .client=${options.client}></session-chat></div>`
      : html`<div style="width: 360px; height: 560px"><session-chat server=${server} token=${token}></session-chat></div>`,
  );
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** Resolves with the first `file.shared` event `client` sees (live or not). */
export function nextShare(client: SessionClient): Promise<FileSharedEvent> {
  const shared = client.state.messages.find((m) => m.file);
  if (shared) return Promise.resolve({ type: 'file.shared', file: shared.file } as unknown as FileSharedEvent);
  return new Promise((resolve) => {
    const listener = (event: CustomEvent<{ event: SessionEvent }>) => {
      if (event.detail.event.type !== 'file.shared') return;
      client.removeEventListener('event', listener as EventListener);
      resolve(event.detail.event);
    };
    client.addEventListener('event', listener as EventListener);
  });
}

/**
 * The other participants a file test joins (`other`, or a client of its own given to `keep`) and
 * the upload gate it holds (`hold`, see `holdUploads`): closed and restored after each test.
 */
export function fileTestParticipants(): {
  other(session: string, role?: Role, name?: string): Promise<SessionClient>;
  keep(client: SessionClient): void;
  hold(passing: number): UploadGate;
} {
  let clients: SessionClient[] = [];
  let gate: UploadGate | null = null;
  afterEach(() => {
    gate?.restore();
    gate = null;
    for (const client of clients) client.close();
    clients = [];
  });
  return {
    async other(session, role = 'technician', name = 'Alice') {
      const client = await joinAs(session, { role, name });
      clients.push(client);
      return client;
    },
    keep: (client) => void clients.push(client),
    hold: (passing) => (gate = holdUploads(passing)),
  };
}
