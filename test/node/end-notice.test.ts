import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { endNoticeOf, initialState, parseEndNotice, reduce, type SessionEvent } from '../../src/protocol/index.js';

/** Folds events given without seq and id (numbered here). */
function stateOf(events: object[]) {
  let state = initialState('s');
  events.forEach((event, i) => (state = reduce(state, { ...event, seq: i + 1, id: `e${i + 1}` } as SessionEvent)));
  return state;
}

describe('end notice', () => {
  test('names the participant who ended the session; host and relay ends have no name', () => {
    const joined = { type: 'participant.joined', from: 'tom', at: 1, participant: { id: 'tom', name: 'Tom', role: 'technician' } } as const;
    assert.equal(endNoticeOf(stateOf([joined])), null);
    assert.deepEqual(endNoticeOf(stateOf([joined, { type: 'session.ended', from: 'tom', at: 5 }])), {
      by: { id: 'tom', name: 'Tom', role: 'technician' },
      at: 5,
      reason: 'participant',
    });
    assert.deepEqual(endNoticeOf(stateOf([joined, { type: 'session.ended', from: 'host', at: 6, reason: 'host' }])), {
      by: { id: 'host', name: null, role: null },
      at: 6,
      reason: 'host',
    });
    assert.equal(endNoticeOf(stateOf([joined, { type: 'session.ended', from: 'relay', at: 7, reason: 'idle' }]))?.reason, 'idle');
  });

  test('reads only well-formed notices from a relay answer', () => {
    const good = { by: { id: 'tom', name: 'Tom', role: 'technician' }, at: 5, reason: 'participant' };
    assert.deepEqual(parseEndNotice(good), good);
    assert.deepEqual(parseEndNotice({ ...good, extra: '<script>' }), good, 'unknown fields are dropped');
    for (const bad of [
      null,
      'ended',
      {},
      { ...good, at: 'soon' },
      { ...good, at: Infinity },
      { ...good, reason: 'forced' },
      { ...good, by: null },
      { ...good, by: { id: 7, name: 'Tom', role: 'technician' } },
      { ...good, by: { id: 'tom', name: 'x'.repeat(300), role: 'technician' } },
      { ...good, by: { id: 'tom', name: 'Tom', role: 'root' } },
    ]) {
      assert.equal(parseEndNotice(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });
});
