import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { ErrorCodes, SessionChatError, SessionClient } from '../../src/client/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { rawRequest } from './support/tus.js';

// "Add participant": a technician asks the relay for a new participant's join token.

describe('relay: invites (POST /api/sessions/:id/invites)', () => {
  const lines: string[] = [];
  let r: TestRelay;
  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    r = await startRelay({ logger: pino({ level: 'info' }, sink), invitesPerMinute: 4, inviteTtlSeconds: 600 });
  });
  after(() => r.close());

  const inviteUrl = (session: string) => `${r.relay.url}/api/sessions/${session}/invites`;
  const post = (session: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(inviteUrl(session), 'POST', { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, JSON.stringify(body));

  it('a technician adds a customer and a second technician; they join with the history and chat', async () => {
    const tom = await joinedClient(r.relay.url, 'inv-1', 'tom', 'technician', 'Tom');
    await tom.send('Printer logs attached earlier');
    const invitation = await tom.invite({ role: 'customer', name: 'Lena (colleague)' });
    assert.equal(invitation.sessionId, 'inv-1');
    assert.equal(invitation.role, 'customer');
    assert.equal(invitation.name, 'Lena (colleague)');
    const claims = decodeJwt(invitation.token);
    assert.equal(claims.sub, invitation.participantId);
    assert.equal(claims.sid, 'inv-1');
    assert.ok(Math.abs(claims.exp! - (Date.now() / 1000 + 600)) < 5, 'the token lives inviteTtlSeconds');
    assert.ok(Math.abs(invitation.expiresAt - (Date.now() + 600_000)) < 5000);

    const lena = new SessionClient({ server: r.relay.url, token: invitation.token, WebSocket, backoff: { minMs: 50, maxMs: 200 } });
    await lena.connect();
    assert.ok(lena.state.messages.some((m) => m.text === 'Printer logs attached earlier'), 'the invited participant sees the history');
    await until(() => tom.state.participants.some((p) => p.id === invitation.participantId && p.name === 'Lena (colleague)'), 5000, 'Tom sees Lena join');
    await lena.send('Hello from Lena');
    await until(() => tom.state.messages.some((m) => m.text === 'Hello from Lena'), 5000, 'Tom gets Lena\'s message');

    const second = await tom.invite({ role: 'technician', name: 'Sam' });
    assert.equal(decodeJwt(second.token).role, 'technician');
    assert.notEqual(second.participantId, invitation.participantId);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'participant invited');
    assert.equal(logged.length, 2);
    assert.deepEqual(
      { sessionId: logged[0]!.sessionId, by: logged[0]!.by, participantId: logged[0]!.participantId, role: logged[0]!.role },
      { sessionId: 'inv-1', by: 'tom', participantId: invitation.participantId, role: 'customer' },
    );
    assert.ok(!lines.some((line) => line.includes(invitation.token) || line.includes(second.token)), 'no token is logged');
    tom.close();
    lena.close();
  });

  it('refuses customers, bad bodies, foreign origins, unknown and ended sessions with typed errors', async () => {
    const ann = await joinedClient(r.relay.url, 'inv-2', 'ann', 'customer', 'Ann');
    await assert.rejects(ann.invite({ role: 'customer', name: 'Friend' }), (e: SessionChatError) => e.code === ErrorCodes.FORBIDDEN);
    const tech = await tokenFor('inv-2', 'tina', 'technician', 'Tina');
    for (const [body, code] of [
      [{ role: 'admin', name: 'Root' }, ErrorCodes.INVALID_FIELD],
      [{ role: 'customer', name: '   ' }, ErrorCodes.INVALID_FIELD],
      [{ role: 'customer', name: 'x'.repeat(81) }, ErrorCodes.INVALID_FIELD],
      [{ role: 'customer' }, ErrorCodes.INVALID_FIELD],
    ] as const) {
      const refused = await post('inv-2', tech, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal((refused.json as { code: number }).code, code);
    }
    // Refused requests count against the inviter's limit too: the next checks come from other technicians.
    const tara = await tokenFor('inv-2', 'tara', 'technician', 'Tara');
    const garbled = await rawRequest(inviteUrl('inv-2'), 'POST', { authorization: `Bearer ${tara}`, 'content-type': 'application/json' }, '{"role":');
    assert.equal((garbled.json as { code: number }).code, ErrorCodes.MALFORMED_REQUEST);
    assert.equal((await post('inv-2', undefined, { role: 'customer', name: 'X' })).status, 401);
    assert.equal((await post('inv-2', await tokenFor('other', 'tina', 'technician'), { role: 'customer', name: 'X' })).status, 403);
    const foreign = await post('inv-2', tara, { role: 'customer', name: 'X' }, { origin: 'https://evil.example' });
    assert.equal((foreign.json as { code: number }).code, ErrorCodes.ORIGIN_FORBIDDEN);
    const unknown = await post('never-joined', await tokenFor('never-joined', 'tina', 'technician'), { role: 'customer', name: 'X' });
    assert.equal(unknown.status, 404);

    const tina = await joinedClient(r.relay.url, 'inv-2', 'toni', 'technician', 'Toni');
    await tina.endSession();
    await assert.rejects(tina.invite({ role: 'customer', name: 'Late' }), (e: SessionChatError) => e.code === ErrorCodes.SESSION_ENDED);
    ann.close();
    tina.close();
  });

  it('an admin adds participants too: the relay mints a working token of the session', async () => {
    const ada = await joinedClient(r.relay.url, 'inv-4', 'ada', 'admin', 'Ada');
    await ada.send('Admin note before the invite');
    const invitation = await ada.invite({ role: 'technician', name: 'Sam' });
    const claims = decodeJwt(invitation.token);
    assert.deepEqual([claims.sid, claims.role, claims.name], ['inv-4', 'technician', 'Sam']);
    const sam = new SessionClient({ server: r.relay.url, token: invitation.token, WebSocket, backoff: { minMs: 50, maxMs: 200 } });
    await sam.connect();
    assert.ok(sam.state.messages.some((m) => m.text === 'Admin note before the invite'), 'the invited technician sees the history');
    ada.close();
    sam.close();
  });

  it('limits each inviter to invitesPerMinute, with Retry-After; another inviter is not held back', async () => {
    const tech = await tokenFor('inv-3', 'tim', 'technician', 'Tim');
    const tim = await joinedClient(r.relay.url, 'inv-3', 'tim', 'technician', 'Tim');
    for (let i = 0; i < 4; i++) assert.equal((await post('inv-3', tech, { role: 'customer', name: `Guest ${i}` })).status, 201);
    const limited = await post('inv-3', tech, { role: 'customer', name: 'One too many' });
    assert.equal(limited.status, 429);
    assert.equal((limited.json as { code: number }).code, ErrorCodes.RATE_LIMITED);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    await assert.rejects(tim.invite({ role: 'customer', name: 'Again' }), (e: SessionChatError) => e.code === ErrorCodes.RATE_LIMITED && e.retryAfterMs! > 0);
    const other = await post('inv-3', await tokenFor('inv-3', 'tessa', 'technician', 'Tessa'), { role: 'customer', name: 'Guest' });
    assert.equal(other.status, 201);
    tim.close();
  });
});

describe('relay: invites off', () => {
  it('inviteTtlSeconds: 0 turns the route off (404)', async () => {
    const r = await startRelay({ inviteTtlSeconds: 0 });
    try {
      const tom = await joinedClient(r.relay.url, 'inv-off', 'tom', 'technician', 'Tom');
      await assert.rejects(tom.invite({ role: 'customer', name: 'X' }), (e: SessionChatError) => e.code === ErrorCodes.NOT_FOUND);
      tom.close();
    } finally {
      await r.close();
    }
  });
});
