/** Two participants chatting side by side in one page, and the messages they send each other. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import { waitForMessage } from './message-actions.js';
import { relayUrl, tokenFor } from './relay.js';

/**
 * Two participants of one session, each with their own `<session-chat>` in this page: the
 * technician Tom and the customer Ann, side by side, both live.
 */
export async function mountPair(session: string): Promise<{ tom: SessionChat; ann: SessionChat }> {
  const server = await relayUrl();
  const [tomToken, annToken] = await Promise.all([
    tokenFor(session, { role: 'technician', name: 'Tom' }),
    tokenFor(session, { role: 'customer', name: 'Ann' }),
  ]);
  const box = await fixture<HTMLDivElement>(html`
    <div style="display: flex; gap: 8px">
      <div style="width: 360px; height: 480px"><session-chat id="tom" server=${server} token=${tomToken}></session-chat></div>
      <div style="width: 360px; height: 480px"><session-chat id="ann" server=${server} token=${annToken}></session-chat></div>
    </div>
  `);
  const tom = box.querySelector<SessionChat>('#tom')!;
  const ann = box.querySelector<SessionChat>('#ann')!;
  await waitUntil(() => tom.connectionState === 'live' && ann.connectionState === 'live', 'not both live', { timeout: 5000 });
  // Each knows the other (the join of the second reached the first).
  await waitUntil(() => tom.client!.state.participants.length === 2 && ann.client!.state.participants.length === 2, 'joins');
  return { tom, ann };
}

/** Sends `text` as the element's participant, through its client, and waits until both show it. */
export async function say(from: SessionChat, text: string, ...others: SessionChat[]): Promise<void> {
  await from.client!.send(text);
  for (const el of [from, ...others]) await waitForMessage(el, text);
}
