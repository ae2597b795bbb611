import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createToken } from '../../server/index.js';
import { writeTranscripts } from '../../server/transcripts/transcript-writer.js';
import { ErrorCodes, SessionClient, type Role, type SessionEvent } from '../../src/client/index.js';
import { SECRET, startRelay, type TestRelay } from './support/relay-harness.js';
import { until } from './support/session-clients.js';

// The session's language: the first technician's or admin's `lang` claim names it, and the relay
// writes the transcript's own words (headings, "joined", roles) in it when it ships it (de, ar),
// else in `transcriptLanguage`. What people wrote is never translated. A customer's `lang` does
// not choose the language of a file only staff read.

const ADMIN_KEY = 'admin-key-for-tests-0123456789';

async function join(r: TestRelay, sessionId: string, id: string, role: Role, name: string, lang?: string): Promise<SessionClient> {
  const token = await createToken({ secret: SECRET, sessionId, participantId: id, role, name, ttl: '1h', ...(lang ? { lang } : {}) });
  const client = new SessionClient({ server: r.relay.url, token, WebSocket, backoff: { minMs: 50, maxMs: 200 } });
  await client.connect();
  return client;
}

/** Runs a short session (the customer joins first) and returns its transcript files. */
async function transcriptOf(r: TestRelay, sessionId: string, langs: { technician?: string; customer?: string }): Promise<{ txt: string; html: string }> {
  const customer = await join(r, sessionId, `${sessionId}-c`, 'customer', 'Ann', langs.customer);
  const technician = await join(r, sessionId, `${sessionId}-t`, 'technician', 'Tom', langs.technician);
  await customer.send('Hello, the printer is broken.');
  await technician.endSession();
  await until(() => technician.state.transcript !== null, 5000, `transcript of ${sessionId}`);
  customer.close();
  technician.close();
  const read = async (ext: string) => {
    const res = await fetch(`${r.relay.url}/api/transcripts/${sessionId}.${ext}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    assert.equal(res.status, 200);
    return res.text();
  };
  return { txt: await read('txt'), html: await read('html') };
}

describe('transcript language', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ adminApiKey: ADMIN_KEY });
  });
  after(() => r.close());

  it('a German technician: German headings and roles, the message as written', async () => {
    const { txt, html } = await transcriptOf(r, 'lang-de', { technician: 'de-AT' });
    const lines = txt.split('\n');
    assert.equal(lines[0], 'Sitzungstranskript');
    assert.match(lines[2]!, /^Begonnen: {5}\d{4}-/);
    assert.match(txt, /Ann\u2069 \(Kunde\) ist beigetreten/);
    assert.match(txt, /Sitzung beendet von \u2068Tom\u2069 \(Techniker\)/);
    assert.match(txt, /Hello, the printer is broken\./);
    assert.match(html, /<html lang="de" dir="ltr">/);
    assert.match(html, /<dt>Teilnehmende<\/dt>/);
  });

  it('an Arabic technician: Arabic headings, the HTML right to left', async () => {
    const { txt, html } = await transcriptOf(r, 'lang-ar', { technician: 'ar' });
    assert.equal(txt.split('\n')[0], 'نص الجلسة');
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /<dt>المشاركون<\/dt>/);
    assert.match(html, /<bdi>Ann<\/bdi> \(عميل\)/);
  });

  it('the customer\'s language does not choose it, nor does an unshipped one', async () => {
    assert.equal((await transcriptOf(r, 'lang-cust', { customer: 'ar' })).txt.split('\n')[0], 'Session transcript');
    assert.equal((await transcriptOf(r, 'lang-fr', { technician: 'fr' })).txt.split('\n')[0], 'Session transcript');
  });

  it('transcriptLanguage is the language when no technician named one', async () => {
    const german = await startRelay({ adminApiKey: ADMIN_KEY, transcriptLanguage: 'de' });
    try {
      assert.equal((await transcriptOf(german, 'lang-default', {})).txt.split('\n')[0], 'Sitzungstranskript');
    } finally {
      await german.close();
    }
    await assert.rejects(startRelay({ transcriptLanguage: 'not a tag' }), /transcriptLanguage/);
  });

  it('without a language the English transcript is what it was (byte for byte)', () => {
    const events: SessionEvent[] = [
      { seq: 1, at: 0, type: 'participant.joined', from: 'a', participant: { id: 'a', name: 'Ann', role: 'customer' } },
      { seq: 2, at: 1000, type: 'session.ended', from: 'a' },
    ] as SessionEvent[];
    assert.equal(writeTranscripts({ sessionId: 's', events }).txt, writeTranscripts({ sessionId: 's', events, lang: 'en' }).txt);
    assert.match(writeTranscripts({ sessionId: 's', events }).txt, /^Session transcript\nSession: {6}\u2068s\u2069\nStarted: {6}/);
  });

  it('a malformed lang claim is refused as TOKEN_INVALID; createToken refuses one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ sid: 'lang-bad', name: 'Eve', role: 'technician', lang: '<script>' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('eve')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(SECRET));
    const me = await fetch(`${r.relay.url}/api/sessions/lang-bad/me`, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(me.status, 401);
    assert.equal(((await me.json()) as { code: number }).code, ErrorCodes.TOKEN_INVALID);
    await assert.rejects(createToken({ secret: SECRET, sessionId: 's', role: 'technician', name: 'T', lang: 'de_DE' }), TypeError);
  });
});
