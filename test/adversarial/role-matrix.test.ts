/**
 * What each role may do, as ARCHITECTURE.md's Trust section says: anyone sends, shares, reacts
 * and edits or deletes their own; a technician also ends the session and (by default) deletes
 * any message; admins end sessions and read transcripts; customers never read transcripts, and
 * lose the session and its files once it ended. Every cell is tried over real sockets and HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FileSharedEvent, Role } from '../../src/protocol/index.js';
import { probeUpgrade } from '../node/support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from '../node/support/relay-harness.js';
import { TestClient } from '../node/support/test-client.js';
import { createUpload, fileUrl, locationOf, patchUpload, rawRequest, uploadBytes, uploadIdOf } from '../node/support/tus.js';
import { report } from './support/figures.js';

type Outcome = string;
const ROLES: Role[] = ['technician', 'customer', 'admin'];
const OK = 'allowed';

/** The expected outcome of each action for technician, customer, admin. */
const EXPECTED: Record<string, [Outcome, Outcome, Outcome]> = {
  'send a message': [OK, OK, OK],
  'react to another participant': [OK, OK, OK],
  'edit own message': [OK, OK, OK],
  'delete own message': [OK, OK, OK],
  "edit another participant's message": ['NOT_AUTHOR', 'NOT_AUTHOR', 'NOT_AUTHOR'],
  "delete another participant's message": [OK, 'NOT_AUTHOR', 'NOT_AUTHOR'],
  "send bytes into another participant's upload": ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
  "share another participant's upload": ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
  'download a file of an open session': [OK, OK, OK],
  'list transcripts': [OK, 'FORBIDDEN', OK],
  'read a transcript': [OK, 'FORBIDDEN', OK],
  'end the session (socket)': [OK, 'FORBIDDEN', OK],
  'end the session (HTTP)': [OK, 'FORBIDDEN', OK],
  'download a file of an ended session': [OK, 'SESSION_ENDED', OK],
  'join an ended session': [OK, 'SESSION_ENDED', OK],
  'send into an ended session': ['SESSION_ENDED', 'SESSION_ENDED', 'SESSION_ENDED'],
};

describe('adversarial: the role matrix', () => {
  let r: TestRelay;
  let ended: { sid: string; fileId: string };
  let counter = 0;
  before(async () => {
    r = await startRelay();
    // A session that ended, with a shared file and its transcript written.
    const sid = 'roles-ended';
    const vicToken = await tokenFor(sid, 'vic', 'customer');
    const { client: vic } = await TestClient.join(r.wsUrl(sid, vicToken));
    const uploadId = await uploadBytes(r.relay.url, sid, vicToken, Buffer.from('bytes of vic'), { filename: 'v.txt', filetype: 'text/plain' });
    const shared = await vic.answerTo({ type: 'share', clientId: 'v-share', uploadId });
    const { client: tom } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tom', 'technician')));
    await tom.answerTo({ type: 'end', clientId: 'end' });
    await tom.take('event', (f) => f.event.type === 'transcript.ready', 10_000);
    await Promise.all([vic.close(), tom.close()]);
    ended = { sid, fileId: (shared.event as FileSharedEvent).file.id };
  });
  after(() => r.close());

  /** A fresh open session with a victim's message and upload, and the actor joined in it. */
  async function scene(role: Role) {
    const sid = `roles-${++counter}`;
    const vicToken = await tokenFor(sid, 'vic', 'customer');
    const { client: vic } = await TestClient.join(r.wsUrl(sid, vicToken));
    const victimMessage = (await vic.say('a message of vic', 'v-1')).event;
    const vicUpload = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, vicToken, 3, { filename: 'v.bin' }));
    const token = await tokenFor(sid, `actor-${role}`, role);
    const { client: actor } = await TestClient.join(r.wsUrl(sid, token));
    return { sid, vic, actor, token, victimMessage, vicUpload };
  }

  const outcomeOf = async (run: () => Promise<unknown>): Promise<Outcome> => {
    try {
      await run();
      return OK;
    } catch (error) {
      const frame = (error as { frame?: { name: string } }).frame;
      if (frame) return frame.name;
      throw error;
    }
  };
  const httpOutcome = (res: { status: number; json: unknown }): Outcome => (res.status < 300 ? OK : String((res.json as { name?: string })?.name ?? res.status));
  const intent = (client: TestClient, frame: Record<string, unknown>): Promise<Outcome> => outcomeOf(() => client.answerTo({ clientId: `i-${++counter}`, ...frame }));

  const ACTIONS: Record<string, (role: Role) => Promise<Outcome>> = {
    'send a message': async (role) => {
      const s = await scene(role);
      return intent(s.actor, { type: 'message', text: 'hello' }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    'react to another participant': async (role) => {
      const s = await scene(role);
      return intent(s.actor, { type: 'react', target: s.victimMessage.id, emoji: '👍' }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    'edit own message': async (role) => {
      const s = await scene(role);
      const own = await s.actor.say('mine', 'own-1');
      return intent(s.actor, { type: 'edit', target: own.event.id, text: 'mine, edited', notify: false }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    'delete own message': async (role) => {
      const s = await scene(role);
      const own = await s.actor.say('mine', 'own-1');
      return intent(s.actor, { type: 'delete', target: own.event.id }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    "edit another participant's message": async (role) => {
      const s = await scene(role);
      return intent(s.actor, { type: 'edit', target: s.victimMessage.id, text: 'forged', notify: true }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    "delete another participant's message": async (role) => {
      const s = await scene(role);
      return intent(s.actor, { type: 'delete', target: s.victimMessage.id }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    "send bytes into another participant's upload": async (role) => {
      const s = await scene(role);
      const res = await patchUpload(s.vicUpload, s.token, 0, Buffer.from('abc'));
      await Promise.all([s.vic.close(), s.actor.close()]);
      return httpOutcome(res);
    },
    "share another participant's upload": async (role) => {
      const s = await scene(role);
      await patchUpload(s.vicUpload, await tokenFor(s.sid, 'vic', 'customer'), 0, Buffer.from('abc'));
      return intent(s.actor, { type: 'share', uploadId: uploadIdOf(s.vicUpload) }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    'download a file of an open session': async (role) => {
      const sid = `roles-${++counter}`;
      const vicToken = await tokenFor(sid, 'vic', 'customer');
      const { client: vic } = await TestClient.join(r.wsUrl(sid, vicToken));
      const uploadId = await uploadBytes(r.relay.url, sid, vicToken, Buffer.from('x'), { filename: 'x.txt' });
      const { file } = (await vic.answerTo({ type: 'share', clientId: 's', uploadId })).event as FileSharedEvent;
      await vic.close();
      return httpOutcome(await rawRequest(fileUrl(r.relay.url, sid, file.id), 'GET', { Authorization: `Bearer ${await tokenFor(sid, 'actor', role)}` }));
    },
    'list transcripts': async (role) =>
      httpOutcome(await rawRequest(`${r.relay.url}/api/transcripts`, 'GET', { Authorization: `Bearer ${await tokenFor('any', 'actor', role)}` })),
    'read a transcript': async (role) =>
      httpOutcome(await rawRequest(`${r.relay.url}/api/transcripts/${ended.sid}.txt`, 'GET', { Authorization: `Bearer ${await tokenFor(ended.sid, 'actor', role)}` })),
    'end the session (socket)': async (role) => {
      const s = await scene(role);
      return intent(s.actor, { type: 'end' }).finally(() => Promise.all([s.vic.close(), s.actor.close()]));
    },
    'end the session (HTTP)': async (role) => {
      const s = await scene(role);
      const res = await rawRequest(`${r.relay.url}/api/sessions/${s.sid}/end`, 'POST', { Authorization: `Bearer ${s.token}` });
      await Promise.all([s.vic.close(), s.actor.close()]);
      return httpOutcome(res);
    },
    'download a file of an ended session': async (role) =>
      httpOutcome(await rawRequest(fileUrl(r.relay.url, ended.sid, ended.fileId), 'GET', { Authorization: `Bearer ${await tokenFor(ended.sid, 'actor', role)}` })),
    'join an ended session': async (role) => {
      const probe = await probeUpgrade(r.wsUrl(ended.sid, await tokenFor(ended.sid, 'actor', role)));
      return probe.status === 101 ? OK : String((probe.body as { name?: string }).name);
    },
    'send into an ended session': async (role) => {
      const s = await scene(role);
      const { client: tom } = await TestClient.join(r.wsUrl(s.sid, await tokenFor(s.sid, 'tom', 'technician')));
      await tom.answerTo({ type: 'end', clientId: 'end' });
      // A customer's socket is closed at the end; its intent meets the closed session on a new one.
      const client = role === 'customer' ? s.vic : s.actor;
      const outcome = role === 'customer' ? await customerAfterEnd(s.sid) : await intent(client, { type: 'message', text: 'late' });
      await Promise.all([s.vic.close(), s.actor.close(), tom.close()]);
      return outcome;
    },
  };

  async function customerAfterEnd(sid: string): Promise<Outcome> {
    const probe = await probeUpgrade(r.wsUrl(sid, await tokenFor(sid, 'vic', 'customer')));
    return probe.status === 101 ? OK : String((probe.body as { name?: string }).name);
  }

  it('every role gets exactly what the Trust section grants, and the typed refusal otherwise', async (t) => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const [action, expected] of Object.entries(EXPECTED)) {
      const got: Outcome[] = [];
      for (const role of ROLES) {
        got.push(await ACTIONS[action]!(role));
        cells++;
      }
      t.diagnostic(`role matrix | ${action} | ${ROLES.map((role, i) => `${role}: ${got[i]}`).join(' | ')}`);
      if (got.join() !== expected.join()) mismatches.push(`${action}: expected ${expected.join(', ')}, got ${got.join(', ')}`);
    }
    report(t, 'role matrix', { actions: Object.keys(EXPECTED).length, cells, mismatches: mismatches.length });
    assert.deepEqual(mismatches, []);
  });
});
