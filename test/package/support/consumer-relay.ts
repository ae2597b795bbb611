/**
 * The relay as a host runs it from the installed package (`session-chat serve`, the command in
 * the consumer's node_modules/.bin, with the host page's origin in SESSION_CHAT_ALLOWED_ORIGINS), and the package's Node client (`session-chat/client` resolves to its Node
 * build there) sharing files as a second participant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SECRET = 'host-app-secret-of-at-least-16-chars';

export interface ConsumerRelay {
  url: string;
  token(role: 'technician' | 'customer', name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Imports a module of the consumer's installed package through its `exports` (Node conditions). */
export async function importFromConsumer<T>(consumer: string, specifier: string): Promise<T> {
  const path = createRequire(join(consumer, 'package.json')).resolve(specifier);
  return (await import(pathToFileURL(path).href)) as T;
}

type ServerModule = { createToken(o: { secret: string; sessionId: string; role: string; name: string; ttl?: string }): Promise<string> };

/** Starts the installed package's relay, accepting sockets from `origins`. */
export async function startConsumerRelay(consumer: string, origins: string[], sessionId: string): Promise<ConsumerRelay> {
  const dataDir = await mkdtemp(join(tmpdir(), 'session-chat-host-relay-'));
  const child: ChildProcess = spawn(join(consumer, 'node_modules', '.bin', 'session-chat'), ['serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: consumer,
    env: {
      ...process.env,
      SESSION_CHAT_SECRET: SECRET,
      SESSION_CHAT_DATA_DIR: dataDir,
      SESSION_CHAT_ALLOWED_ORIGINS: origins.join(','),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^session-chat relay listening on (http:\/\/\S+)$/m.exec(output);
      if (line) resolve(line[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the relay exited (${code}): ${output}`)));
  });
  const { createToken } = await importFromConsumer<ServerModule>(consumer, 'session-chat/server');
  return {
    url,
    token: (role, name) => createToken({ secret: SECRET, sessionId, role, name }),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface ClientModule {
  SessionClient: new (options: { server: string; token: string; WebSocket?: unknown }) => {
    connect(): Promise<void>;
    send(text: string): Promise<unknown>;
    shareFiles(files: Blob[]): { done: Promise<unknown> }[];
    close(): void;
  };
}

/** A customer on the package's Node client shares `paths` and says `text`, then leaves. */
export async function shareAsCustomer(consumer: string, relay: ConsumerRelay, paths: string[], text: string): Promise<void> {
  const { SessionClient } = await importFromConsumer<ClientModule>(consumer, 'session-chat/client');
  const ws = await importFromConsumer<{ WebSocket?: unknown; default: unknown }>(consumer, 'ws');
  const WebSocket = ws.WebSocket ?? ws.default;
  const client = new SessionClient({ server: relay.url, token: await relay.token('customer', 'Customer'), WebSocket });
  await client.connect();
  try {
    const files = await Promise.all(paths.map(async (path) => new File([await openAsBlob(path)], basename(path))));
    await Promise.all(client.shareFiles(files).map((handle) => handle.done));
    await client.send(text);
  } finally {
    client.close();
  }
}
