import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SignJWT, decodeJwt } from 'jose';
import { pino } from 'pino';
import WebSocket from 'ws';
import { createToken, verifyToken } from '../../server/index.js';
import { ErrorCodes, SessionClient, type Role, type SessionChatError } from '../../src/client/index.js';
import { SECRET, startRelay, type TestRelay } from './support/relay-harness.js';
import { until } from './support/session-clients.js';

// Earlier sessions of the same customer: the `customer` claim, the session's reference kept
// across restarts, the technicians' listing and read-only transcripts, refused to customers.

const root = fileURLToPath(new URL('../..', import.meta.url));

function customerToken(sessionId: string, participantId: string, role: Role, name: string, customer?: string): Promise<string> {
  return createToken({ secret: SECRET, sessionId, participantId, role, name, ttl: '1h', ...(customer !== undefined ? { customer } : {}) });
}

async function join(r: TestRelay, sessionId: string, participantId: string, role: Role, name: string, customer?: string): Promise<SessionClient> {
  const client = new SessionClient({
    server: r.relay.url,
    token: await customerToken(sessionId, participantId, role, name, customer),
    WebSocket,
    backoff: { minMs: 50, maxMs: 200 },
  });
  await client.connect();
  return client;
}

/** A session of `customer` with `count` messages, ended by its technician once the transcript is written. */
async function endedSession(r: TestRelay, sessionId: string, tech: string, customer: string | undefined, count: number, refOnTechnician = false): Promise<void> {
  const technician = await join(r, sessionId, `${sessionId}-t`, 'technician', tech, refOnTechnician ? customer : undefined);
  const cust = await join(r, sessionId, `${sessionId}-c`, 'customer', 'Ann', refOnTechnician ? undefined : customer);
  for (let i = 0; i < count; i++) await (i % 2 ? technician : cust).send(`${sessionId} message ${i + 1}`);
  await technician.endSession();
  await until(() => technician.state.transcript !== null, 5000, `transcript of ${sessionId}`);
  technician.close();
  cust.close();
  // Distinct end times, so that "newest first" has one answer.
  await new Promise((resolve) => setTimeout(resolve, 5));
}

function get(r: TestRelay, path: string, token: string | undefined): Promise<Response> {
  return fetch(`${r.relay.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function runTokenCommand(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = "import { runCli } from './server/cli.ts'; process.exitCode = await runCli(process.argv.slice(1));";
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, 'token', ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', SESSION_CHAT_SECRET: SECRET }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the customer claim', () => {
  it('is carried by createToken and verified; a malformed one is refused with a typed error', async () => {
    const token = await customerToken('c-1', 'tom', 'technician', 'Tom', 'ACME-42');
    assert.equal(decodeJwt(token).customer, 'ACME-42');
    assert.equal((await verifyToken(SECRET, token, { sessionId: 'c-1' })).customer, 'ACME-42');
    assert.equal((await verifyToken(SECRET, await customerToken('c-1', 'tom', 'technician', 'Tom'))).customer, undefined, 'optional');
    for (const bad of ['', 'has space', 'x'.repeat(129), 'bad<ref>', 'ü-umlaut']) {
      await assert.rejects(customerToken('c-1', 'tom', 'technician', 'Tom', bad), (e: Error) => e instanceof TypeError && /^customer must be 1-128 characters/.test(e.message), bad);
    }
    assert.ok(await customerToken('c-1', 'tom', 'technician', 'Tom', 'crm:ann.lee+work@example.com/42'), 'letters, digits and . _ - : @ + /');
    // Signed with the right secret but with a claim createToken would never write.
    const now = Math.floor(Date.now() / 1000);
    const odd = await new SignJWT({ sid: 'c-1', name: 'Tom', role: 'technician', customer: 'two words' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('tom')
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(SECRET));
    await assert.rejects(verifyToken(SECRET, odd), (e: SessionChatError) => e.code === ErrorCodes.TOKEN_INVALID);
  });

  it('is set by `session-chat token --customer`, and a bad one stops the command', async () => {
    const ok = await runTokenCommand(['--session', 'c-2', '--role', 'customer', '--name', 'Ann', '--customer', 'ACME-42']);
    assert.equal(ok.code, 0, ok.stderr);
    const claims = decodeJwt(ok.stdout.trim());
    assert.deepEqual([claims.sid, claims.role, claims.customer], ['c-2', 'customer', 'ACME-42']);
    const bad = await runTokenCommand(['--session', 'c-2', '--role', 'customer', '--name', 'Ann', '--customer', 'two words']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /customer must be 1-128 characters of letters, digits/);
    const help = await runTokenCommand(['--help']);
    assert.match(help.stdout, /--customer REF/);
  });
});

describe('relay: earlier sessions (GET /api/sessions/:id/earlier)', () => {
  const lines: string[] = [];
  let r: TestRelay;
  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    r = await startRelay({ logger: pino({ level: 'info' }, sink) });
    await endedSession(r, 'acme-1', 'Tom', 'ACME-42', 3);
    await endedSession(r, 'other-1', 'Tina', 'GLOBEX-7', 4);
    await endedSession(r, 'acme-2', 'Sam', 'ACME-42', 1, true);
    await endedSession(r, 'acme-3', 'Tom', 'ACME-42', 5);
    await endedSession(r, 'nobody-1', 'Tom', undefined, 2);
  });
  after(() => r.close());

  it('lists the customer\'s ended sessions for a technician, newest first, with technicians and counts, not the current one', async () => {
    const tech = await join(r, 'acme-now', 'tara', 'technician', 'Tara');
    const cust = await join(r, 'acme-now', 'ann', 'customer', 'Ann', 'ACME-42');
    const list = await tech.earlierSessions();
    assert.equal(list.customer, 'ACME-42');
    assert.deepEqual(
      list.items.map((s) => [s.sessionId, s.technicians, s.messageCount]),
      [
        ['acme-3', ['Tom'], 5],
        ['acme-2', ['Sam'], 1],
        ['acme-1', ['Tom'], 3],
      ],
    );
    assert.equal(list.next, null);
    for (const item of list.items) {
      assert.ok(item.startedAt !== null && Date.parse(item.startedAt) <= Date.parse(item.endedAt), 'started before it ended');
    }
    const page = await tech.earlierSessions({ limit: 2 });
    assert.deepEqual(page.items.map((s) => s.sessionId), ['acme-3', 'acme-2']);
    const rest = await tech.earlierSessions({ limit: 2, cursor: page.next! });
    assert.deepEqual([rest.items.map((s) => s.sessionId), rest.next], [['acme-1'], null]);

    // The other customer's technician sees only theirs; the current session is left out once it ended.
    const globex = await join(r, 'globex-now', 'gil', 'technician', 'Gil', 'GLOBEX-7');
    assert.deepEqual((await globex.earlierSessions()).items.map((s) => s.sessionId), ['other-1']);
    globex.close();
    tech.close();
    cust.close();
  });

  it('refuses a customer (403 STAFF_ONLY), a forged or missing token, and a token of another session', async () => {
    (await join(r, 'globex-now', 'gil', 'technician', 'Gil', 'GLOBEX-7')).close();
    const cust = await join(r, 'acme-now', 'ann', 'customer', 'Ann', 'ACME-42');
    await assert.rejects(cust.earlierSessions(), (e: SessionChatError) => e.code === ErrorCodes.STAFF_ONLY);
    await assert.rejects(cust.earlierTranscript('acme-1'), (e: SessionChatError) => e.code === ErrorCodes.STAFF_ONLY);
    const refusal = await get(r, '/api/sessions/acme-now/earlier', await customerToken('acme-now', 'ann', 'customer', 'Ann', 'ACME-42'));
    assert.equal(refusal.status, 403);
    assert.deepEqual(await refusal.json(), { code: 4009, name: 'STAFF_ONLY', message: 'earlier sessions are for technicians and admins' });

    const forged = await createToken({ secret: 'another-secret-of-16-chars', sessionId: 'acme-now', participantId: 'eve', role: 'admin', name: 'Eve', customer: 'ACME-42' });
    const forgedAnswer = await get(r, '/api/sessions/acme-now/earlier', forged);
    assert.equal(forgedAnswer.status, 401);
    assert.equal(((await forgedAnswer.json()) as { name: string }).name, 'TOKEN_INVALID');
    assert.equal((await get(r, '/api/sessions/acme-now/earlier', undefined)).status, 401);
    const elsewhere = await get(r, '/api/sessions/acme-now/earlier', await customerToken('globex-now', 'gil', 'technician', 'Gil', 'ACME-42'));
    assert.equal(elsewhere.status, 403);
    assert.equal(((await elsewhere.json()) as { name: string }).name, 'TOKEN_WRONG_SESSION');
    // The reference comes from the session, never from the request.
    const tech = await customerToken('globex-now', 'gil', 'technician', 'Gil');
    const asked = (await (await get(r, '/api/sessions/globex-now/earlier?customer=ACME-42', tech)).json()) as { customer: string; items: { sessionId: string }[] };
    assert.deepEqual([asked.customer, asked.items.map((s) => s.sessionId)], ['GLOBEX-7', ['other-1']]);
    cust.close();
  });

  it('opens an earlier transcript read-only: authors, times, texts, files by name; another customer\'s is 404; each read is logged', async () => {
    const tech = await join(r, 'acme-now', 'tara', 'technician', 'Tara');
    const transcript = await tech.earlierTranscript('acme-1');
    assert.equal(transcript.sessionId, 'acme-1');
    assert.deepEqual(
      transcript.messages.map((m) => [m.from.name, m.from.role, m.text]),
      [
        ['Ann', 'customer', 'acme-1 message 1'],
        ['Tom', 'technician', 'acme-1 message 2'],
        ['Ann', 'customer', 'acme-1 message 3'],
      ],
    );
    assert.ok(transcript.messages.every((m) => !Number.isNaN(Date.parse(m.at)) && m.file === null && !m.deleted));
    assert.deepEqual(transcript.participants.map((p) => p.name).sort(), ['Ann', 'Tom']);
    await assert.rejects(tech.earlierTranscript('other-1'), (e: SessionChatError) => e.code === ErrorCodes.NOT_FOUND);
    await assert.rejects(tech.earlierTranscript('nobody-1'), (e: SessionChatError) => e.code === ErrorCodes.NOT_FOUND);
    await assert.rejects(tech.earlierTranscript('acme-now'), (e: SessionChatError) => e.code === ErrorCodes.NOT_FOUND);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'earlier session read');
    assert.deepEqual(logged.map((e) => [e.sessionId, e.by, e.earlierSessionId]), [['acme-now', 'tara', 'acme-1']]);
    tech.close();
  });

  it('keeps the first reference of a session: a later token naming another customer is ignored (and logged), the join goes on', async () => {
    const first = await join(r, 'bound-1', 'ann', 'customer', 'Ann', 'ACME-42');
    const second = await join(r, 'bound-1', 'tom', 'technician', 'Tom', 'GLOBEX-7');
    assert.equal(second.connectionState, 'live');
    const list = await second.earlierSessions();
    assert.equal(list.customer, 'ACME-42');
    assert.deepEqual(list.items.map((s) => s.sessionId), ['acme-3', 'acme-2', 'acme-1']);
    assert.ok(lines.some((line) => line.includes('another customer than the session') && line.includes('"participantId":"tom"')));
    first.close();
    second.close();
  });

  it('a session without a reference lists nothing; invited participants carry the session\'s reference', async () => {
    const tech = await join(r, 'plain-1', 'tom', 'technician', 'Tom');
    assert.deepEqual(await tech.earlierSessions(), { customer: null, items: [], next: null });
    const acme = await join(r, 'acme-now', 'tara', 'technician', 'Tara');
    const invitation = await acme.invite({ role: 'customer', name: 'Lena' });
    assert.equal(decodeJwt(invitation.token).customer, 'ACME-42');
    const colleague = await acme.invite({ role: 'technician', name: 'Sam' });
    assert.equal(decodeJwt(colleague.token).customer, 'ACME-42');
    tech.close();
    acme.close();
  });

  it('the references and the index survive a restart', async () => {
    const dataDir = r.dataDir;
    await r.close(true);
    r = await startRelay({}, dataDir);
    const tech = await join(r, 'acme-now', 'tara', 'technician', 'Tara');
    const list = await tech.earlierSessions();
    assert.deepEqual([list.customer, list.items.map((s) => s.sessionId)], ['ACME-42', ['acme-3', 'acme-2', 'acme-1']]);
    assert.equal((await tech.earlierTranscript('acme-3')).messages.length, 5);
    tech.close();
  });
});
