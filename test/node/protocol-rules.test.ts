import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, decideIntent, fold, initialState, type IntentFrame, type ParticipantInfo, type SessionEvent } from '../../src/protocol/index.js';

const tech: ParticipantInfo = { id: 't', name: 'Tom', role: 'technician' };
const cust: ParticipantInfo = { id: 'c', name: 'Ann', role: 'customer' };
const other: ParticipantInfo = { id: 'o', name: 'Bob', role: 'customer' };

function stateWith(events: Partial<SessionEvent>[]) {
  return fold(events.map((e, i) => ({ seq: i + 1, at: i, id: `m${i + 1}`, ...e }) as SessionEvent), initialState('s'));
}
const base = stateWith([
  { type: 'message.sent', from: 't', text: 'from tech' },
  { type: 'message.sent', from: 'c', text: 'from customer' },
  { type: 'message.sent', from: 'c', text: 'gone' },
  { type: 'message.deleted', from: 'c', target: 'm3' } as Partial<SessionEvent>,
]);

describe('decideIntent', () => {
  const rows: { name: string; actor: ParticipantInfo; intent: IntentFrame; expect: number | string; policy?: { technicianCanDeleteAny: boolean }; ended?: boolean }[] = [
    { name: 'a message is accepted', actor: cust, intent: { type: 'message', clientId: 'k', text: 'hi' }, expect: 'message.sent' },
    { name: 'a reply to an existing message is accepted', actor: cust, intent: { type: 'message', clientId: 'k', text: 'hi', replyTo: 'm1' }, expect: 'message.sent' },
    { name: 'a reply to a missing message is refused', actor: cust, intent: { type: 'message', clientId: 'k', text: 'hi', replyTo: 'zz' }, expect: ErrorCodes.UNKNOWN_TARGET },
    { name: 'a reply to a deleted message is refused', actor: cust, intent: { type: 'message', clientId: 'k', text: 'hi', replyTo: 'm3' }, expect: ErrorCodes.TARGET_DELETED },
    { name: 'the author edits', actor: cust, intent: { type: 'edit', clientId: 'k', target: 'm2', text: 'x', notify: true }, expect: 'message.edited' },
    { name: 'another customer cannot edit', actor: other, intent: { type: 'edit', clientId: 'k', target: 'm2', text: 'x', notify: false }, expect: ErrorCodes.NOT_AUTHOR },
    { name: 'a technician cannot edit a customer message', actor: tech, intent: { type: 'edit', clientId: 'k', target: 'm2', text: 'x', notify: false }, expect: ErrorCodes.NOT_AUTHOR },
    { name: 'editing a deleted message is refused', actor: cust, intent: { type: 'edit', clientId: 'k', target: 'm3', text: 'x', notify: false }, expect: ErrorCodes.TARGET_DELETED },
    { name: 'editing an unknown message is refused', actor: cust, intent: { type: 'edit', clientId: 'k', target: 'nope', text: 'x', notify: false }, expect: ErrorCodes.UNKNOWN_TARGET },
    { name: 'the author deletes', actor: cust, intent: { type: 'delete', clientId: 'k', target: 'm2' }, expect: 'message.deleted' },
    { name: 'a customer cannot delete the technician message', actor: cust, intent: { type: 'delete', clientId: 'k', target: 'm1' }, expect: ErrorCodes.NOT_AUTHOR },
    { name: 'a technician deletes a customer message by default', actor: tech, intent: { type: 'delete', clientId: 'k', target: 'm2' }, expect: 'message.deleted' },
    { name: 'without technicianCanDeleteAny a technician cannot', actor: tech, intent: { type: 'delete', clientId: 'k', target: 'm2' }, expect: ErrorCodes.NOT_AUTHOR, policy: { technicianCanDeleteAny: false } },
    { name: 'deleting twice is refused', actor: cust, intent: { type: 'delete', clientId: 'k', target: 'm3' }, expect: ErrorCodes.TARGET_DELETED },
    { name: 'a reaction is added', actor: tech, intent: { type: 'react', clientId: 'k', target: 'm2', emoji: '👍' }, expect: 'reaction.added' },
    { name: 'a reaction on a missing message is refused', actor: tech, intent: { type: 'react', clientId: 'k', target: 'x', emoji: '👍' }, expect: ErrorCodes.UNKNOWN_TARGET },
    { name: 'nothing is accepted after the end', actor: tech, intent: { type: 'message', clientId: 'k', text: 'hi' }, expect: ErrorCodes.SESSION_ENDED, ended: true },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const state = row.ended ? { ...base, ended: { by: 't', at: 9 } } : base;
      const result = decideIntent(state, row.actor, row.intent, row.policy);
      if (typeof row.expect === 'string') {
        assert.equal(result.ok, true, JSON.stringify(result));
        if (result.ok) {
          assert.equal(result.draft.type, row.expect);
          assert.equal(result.draft.from, row.actor.id);
          assert.equal(result.draft.clientId, 'k');
        }
      } else {
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.code, row.expect);
      }
    });
  }

  test('a second reaction with the same emoji by the same participant removes it', () => {
    const reacted = stateWith([
      { type: 'message.sent', from: 'c', text: 'x' },
      { type: 'reaction.added', from: 't', target: 'm1', emoji: '👍' } as Partial<SessionEvent>,
    ]);
    const result = decideIntent(reacted, tech, { type: 'react', clientId: 'k', target: 'm1', emoji: '👍' });
    assert.ok(result.ok && result.draft.type === 'reaction.removed');
  });
});
