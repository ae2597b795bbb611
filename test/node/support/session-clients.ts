import WebSocket from 'ws';
import { SessionClient } from '../../../src/client/index.js';
import type { Role } from '../../../src/protocol/index.js';
import { tokenFor } from './relay-harness.js';

/** A real SessionClient over the `ws` package, joined to a relay. */
export async function joinedClient(server: string, sessionId: string, participantId: string, role: Role, name = participantId): Promise<SessionClient> {
  const client = new SessionClient({
    server,
    token: await tokenFor(sessionId, participantId, role, name),
    WebSocket,
    backoff: { minMs: 50, maxMs: 200 },
  });
  await client.connect();
  return client;
}

/** Polls until `check` holds (or fails after `ms`). */
export function until(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = async (): Promise<void> => {
      if (await check()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`${what} not met within ${ms} ms`));
      else setTimeout(() => void tick(), 20);
    };
    void tick();
  });
}
