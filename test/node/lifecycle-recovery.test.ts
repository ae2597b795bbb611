import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../server/index.js';
import { FileEventLog } from '../../server/storage/file-event-log.js';
import { OpenSessionMarks } from '../../server/lifecycle/open-sessions.js';
import type { SessionEvent } from '../../src/protocol/index.js';
import { startChildRelay } from './support/child-relay.js';
import { makeTempDir, readLogFile, silentLogger, startRelay, tokenFor } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

async function transcriptFiles(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(join(dataDir, 'transcripts'))).filter((n) => /^[0-9a-f]{64}\.json$/.test(n));
  } catch {
    return [];
  }
}

describe('idle end', () => {
  test('a session with nobody connected ends by itself and gets its transcript', async () => {
    const r = await startRelay({ idleEndMs: 400, leaveGraceMs: 50 });
    try {
      const cust = await joinedClient(r.relay.url, 'idle-1', 'ann', 'customer');
      await cust.send('anyone there?');
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal((await r.logEvents('idle-1')).some((e) => e.type === 'session.ended'), false, 'not while someone is connected');
      cust.close();
      await until(async () => (await r.logEvents('idle-1')).some((e) => e.type === 'transcript.ready'), 5000, 'idle end + transcript');
      const ended = (await r.logEvents('idle-1')).find((e) => e.type === 'session.ended') as SessionEvent & { reason?: string };
      assert.equal(ended.from, 'relay');
      assert.equal(ended.reason, 'idle');
      const txt = await (await fetch(`${r.relay.url}/api/transcripts/idle-1.txt`, { headers: { authorization: `Bearer ${await tokenFor('x', 't', 'technician')}` } })).text();
      assert.match(txt, /anyone there\?/);
      assert.match(txt, /session ended by \u2068Relay \(idle timeout\)\u2069/);
    } finally {
      await r.close();
    }
  });

  test('a session that someone rejoins in time stays open', async () => {
    const r = await startRelay({ idleEndMs: 500 });
    try {
      const a = await joinedClient(r.relay.url, 'idle-2', 'ann', 'customer');
      a.close();
      await new Promise((resolve) => setTimeout(resolve, 250));
      const b = await joinedClient(r.relay.url, 'idle-2', 'ann', 'customer');
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(b.state.ended, null);
      assert.equal(b.connectionState, 'live');
      b.close();
    } finally {
      await r.close();
    }
  });
});

describe('restarts', () => {
  test('a relay killed right after the end still writes exactly one transcript when restarted', async () => {
    const dataDir = await makeTempDir();
    try {
      const child = await startChildRelay(dataDir);
      const tech = await joinedClient(child.url, 'crash-end', 'tom', 'technician', 'Tom');
      await tech.send('before the crash');
      await tech.endSession();
      child.child.kill('SIGKILL');
      await child.exited;
      tech.close();

      const again = await startRelay({}, dataDir);
      try {
        await until(async () => (await readLogFile(dataDir, 'crash-end')).events.some((e) => e.type === 'transcript.ready'), 5000, 'transcript after restart');
        const events = (await readLogFile(dataDir, 'crash-end')).events;
        assert.equal(events.filter((e) => e.type === 'session.ended').length, 1);
        assert.equal(events.filter((e) => e.type === 'transcript.ready').length, 1);
        assert.equal((await transcriptFiles(dataDir)).length, 1);
      } finally {
        await again.close(true);
      }
      // A second restart changes nothing.
      const third = await startRelay({}, dataDir);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await third.close(true);
      assert.equal((await readLogFile(dataDir, 'crash-end')).events.filter((e) => e.type === 'transcript.ready').length, 1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('an ended log with no transcript yet (the relay died between the two) is finished at start-up', async () => {
    const dataDir = await makeTempDir();
    try {
      const log = new FileEventLog({ dataDir, logger: silentLogger });
      await log.open('half-done');
      const t0 = Date.UTC(2026, 0, 2, 3, 4, 5);
      const events = [
        { seq: 1, id: 'e1', from: 'tom', at: t0, type: 'participant.joined', participant: { id: 'tom', name: 'Tom', role: 'technician' } },
        { seq: 2, id: 'e2', from: 'tom', at: t0 + 1000, type: 'message.sent', text: 'written before the crash' },
        { seq: 3, id: 'e3', from: 'tom', at: t0 + 2000, type: 'session.ended', reason: 'participant' },
      ] as SessionEvent[];
      await log.append('half-done', events);
      await log.close();
      new OpenSessionMarks(dataDir).mark('half-done');

      const r = await startRelay({}, dataDir);
      try {
        const events2 = (await readLogFile(dataDir, 'half-done')).events;
        assert.equal(events2.filter((e) => e.type === 'transcript.ready').length, 1, 'written during start-up');
        const txt = await (await fetch(`${r.relay.url}/api/transcripts/half-done.txt`, { headers: { authorization: `Bearer ${await tokenFor('x', 't', 'admin')}` } })).text();
        assert.match(txt, /^Ended: +2026-01-02 03:04:07 \+00:00 by \u2068Tom\u2069 \(technician\)$/m);
        assert.match(txt, /written before the crash/);
      } finally {
        await r.close(true);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('webhook', () => {
  test('is signed over body and timestamp and retried while the host is down', async () => {
    const deliveries: { headers: IncomingMessage['headers']; body: string }[] = [];
    let failuresLeft = 2;
    const host = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        if (failuresLeft-- > 0) res.writeHead(503).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/hooks/session-chat`;
    const r = await startRelay({ webhookUrl: hookUrl, webhookSecret: 'hook-secret-0123456789', webhookRetry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200 }, publicUrl: 'https://chat.example.com' });
    try {
      const tech = await joinedClient(r.relay.url, 'hook-1', 'tom', 'technician');
      await tech.send('hi');
      await tech.endSession();
      await until(() => deliveries.length === 3, 5000, 'three attempts');
      for (const d of deliveries) {
        const ts = d.headers[WEBHOOK_HEADERS.timestamp] as string;
        const sig = d.headers[WEBHOOK_HEADERS.signature] as string;
        assert.equal(verifyWebhookSignature('hook-secret-0123456789', d.body, ts, sig), true);
        assert.equal(verifyWebhookSignature('another-secret-000000', d.body, ts, sig), false);
        assert.equal(verifyWebhookSignature('hook-secret-0123456789', d.body.replace('hook-1', 'hook-2'), ts, sig), false);
      }
      const ids = new Set(deliveries.map((d) => d.headers[WEBHOOK_HEADERS.delivery]));
      assert.equal(ids.size, 1, 'one delivery id across retries');
      const payload = JSON.parse(deliveries[2]!.body) as { type: string; sessionId: string; urls: { txt: string } };
      assert.equal(payload.type, 'transcript.ready');
      assert.equal(payload.sessionId, 'hook-1');
      assert.equal(payload.urls.txt, 'https://chat.example.com/api/transcripts/hook-1.txt');
      tech.close();
    } finally {
      await r.close();
      host.close();
    }
  });
});

