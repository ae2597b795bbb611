/**
 * Test access to the real relay that web-test-runner.config.mjs starts, through its
 * /__relay/* dev-server routes.
 */
import { SessionClient } from '../../../src/client/index.js';
import type { Role } from '../../../src/protocol/index.js';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The relay's base URL. */
export async function relayUrl(): Promise<string> {
  return (await call<{ server: string }>('/__relay/info')).server;
}

export interface TokenOptions {
  role?: Role;
  name?: string;
  participant?: string;
  ttl?: string | number;
  /** The host's customer reference (the `customer` claim). */
  customer?: string;
}

/** A join token for `session`, minted with the relay's secret. */
export async function tokenFor(session: string, options: TokenOptions = {}): Promise<string> {
  const query = new URLSearchParams({ session, role: options.role ?? 'customer', name: options.name ?? 'Guest' });
  if (options.participant) query.set('participant', options.participant);
  if (options.ttl !== undefined) query.set('ttl', String(options.ttl));
  if (options.customer !== undefined) query.set('customer', options.customer);
  return (await call<{ token: string }>(`/__relay/token?${query}`)).token;
}

/** Closes the relay and starts it again on the same port with the same data. */
export const restartRelay = (): Promise<unknown> => call('/__relay/restart', { method: 'POST' });
/**
 * Writes a long session's log (`events` events over `days` days up to a minute ago; see
 * test/support/long-session.mjs) while the relay is stopped, then starts it again.
 */
export const seedLongSession = (session: string, events: number, days: number): Promise<{ now: number }> =>
  call(`/__relay/seed-long-session?${new URLSearchParams({ session, events: String(events), days: String(days) })}`, { method: 'POST' });
/** Hides a session's log file from the relay's reads (reading history fails for real) or puts it back. */
export const logFile = (session: string, action: 'hide' | 'restore'): Promise<unknown> =>
  call(`/__relay/log-file?${new URLSearchParams({ session, action })}`, { method: 'POST' });
/** Closes the relay (its sockets get "shutting down" and clients start reconnecting). */
export const stopRelay = (): Promise<unknown> => call('/__relay/stop', { method: 'POST' });
/** Starts the relay again on the same port with the same data. */
export const startRelay = (): Promise<unknown> => call('/__relay/start', { method: 'POST' });

/** A fresh session id, so tests never share a log. */
export function newSessionId(): string {
  return `wtr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A second participant, joined, driven by the test. Close it in `afterEach`. */
export async function joinAs(session: string, options: TokenOptions = {}): Promise<SessionClient> {
  const client = new SessionClient({ server: await relayUrl(), token: await tokenFor(session, options) });
  await client.connect();
  return client;
}
