import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from '../../src/protocol/index.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

/** Sends an intent and returns the error frame answering it (fails if it was acked). */
async function refused(client: TestClient, frame: Record<string, unknown> & { clientId: string }): Promise<{ code: number; name: string }> {
  client.send(frame);
  try {
    const ack = await client.answer(frame.clientId);
    assert.fail(`expected a refusal, got ack seq ${ack.event.seq}`);
  } catch (error) {
    const answer = (error as { frame?: { code: number; name: string; clientId: string } }).frame;
    if (!answer) throw error;
    assert.equal(answer.clientId, frame.clientId);
    return answer;
  }
}

describe('relay: rules against the folded state', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(async () => {
    await r.close();
  });

  it('enforces authorship, deletion rights, deleted and unknown targets; nothing is appended on refusal', async () => {
    const sid = 'rules-1';
    const { client: tech } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'tess', 'technician')));
    const { client: cust } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'carl', 'customer')));
    const techMsg = (await tech.say('from the technician', 't-1')).event;
    const custMsg = (await cust.say('from the customer', 'c-1')).event;
    const lengthBefore = (await r.logEvents(sid)).length;

    assert.equal((await refused(cust, { type: 'edit', clientId: 'c-2', target: techMsg.id, text: 'hijack', notify: false })).code, ErrorCodes.NOT_AUTHOR);
    const notAuthor = await refused(cust, { type: 'delete', clientId: 'c-3', target: techMsg.id });
    assert.equal(notAuthor.code, ErrorCodes.NOT_AUTHOR);
    assert.equal(notAuthor.name, 'NOT_AUTHOR');
    assert.equal((await refused(cust, { type: 'edit', clientId: 'c-4', target: 'no-such-message', text: 'x', notify: false })).code, ErrorCodes.UNKNOWN_TARGET);
    assert.equal((await refused(cust, { type: 'message', clientId: 'c-5', text: 'reply', replyTo: 'no-such-message' })).code, ErrorCodes.UNKNOWN_TARGET);
    assert.equal((await r.logEvents(sid)).length, lengthBefore, 'refusals append nothing');

    const edited = (await cust.answerTo({ type: 'edit', clientId: 'c-6', target: custMsg.id, text: 'fixed typo', notify: true })).event;
    assert.equal(edited.type, 'message.edited');

    const deleted = (await tech.answerTo({ type: 'delete', clientId: 't-2', target: custMsg.id })).event;
    assert.equal(deleted.type, 'message.deleted');
    assert.equal(deleted.from, 'tess');
    assert.equal((await cust.take('event', (f) => f.event.type === 'message.deleted')).event.seq, deleted.seq);

    const afterDelete = (await r.logEvents(sid)).length;
    assert.equal((await refused(cust, { type: 'edit', clientId: 'c-7', target: custMsg.id, text: 'again', notify: false })).code, ErrorCodes.TARGET_DELETED);
    assert.equal((await refused(tech, { type: 'react', clientId: 't-3', target: custMsg.id, emoji: '👍' })).code, ErrorCodes.TARGET_DELETED);
    assert.equal((await refused(tech, { type: 'delete', clientId: 't-4', target: custMsg.id })).code, ErrorCodes.TARGET_DELETED);
    assert.equal((await r.logEvents(sid)).length, afterDelete);

    const added = (await cust.answerTo({ type: 'react', clientId: 'c-8', target: techMsg.id, emoji: '👍' })).event;
    assert.equal(added.type, 'reaction.added');
    const removed = (await cust.answerTo({ type: 'react', clientId: 'c-9', target: techMsg.id, emoji: '👍' })).event;
    assert.equal(removed.type, 'reaction.removed');
    const addedAgain = (await cust.answerTo({ type: 'react', clientId: 'c-10', target: techMsg.id, emoji: '👍' })).event;
    assert.equal(addedAgain.type, 'reaction.added');
    await Promise.all([tech.close(), cust.close()]);
  });
});

describe('relay: technicianCanDeleteAny: false', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ technicianCanDeleteAny: false });
  });
  after(async () => {
    await r.close();
  });

  it("refuses a technician deleting a customer's message", async () => {
    const sid = 'rules-2';
    const { client: tech } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'tess', 'technician')));
    const { client: cust } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'carl', 'customer')));
    const custMsg = (await cust.say('mine', 'c-1')).event;
    assert.deepEqual((await TestClient.join(r.wsUrl(sid, await r.token(sid, 'tess', 'technician')))).welcome.policy, { technicianCanDeleteAny: false });
    assert.equal((await refused(tech, { type: 'delete', clientId: 't-1', target: custMsg.id })).code, ErrorCodes.NOT_AUTHOR);
    assert.equal((await cust.answerTo({ type: 'delete', clientId: 'c-2', target: custMsg.id })).event.type, 'message.deleted');
    await Promise.all([tech.close(), cust.close()]);
  });
});
