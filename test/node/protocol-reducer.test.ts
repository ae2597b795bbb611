import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fold, initialState, reduce, reduceInPlace, type SessionEvent } from '../../src/protocol/index.js';

let seq = 0;
function ev<T extends SessionEvent['type']>(type: T, from: string, fields: Record<string, unknown> = {}, id?: string): SessionEvent {
  seq += 1;
  return { seq, id: id ?? `e${seq}`, from, at: 1_000 * seq, type, ...fields } as unknown as SessionEvent;
}
function start(): void {
  seq = 0;
}
const tech = { id: 't', name: 'Tom', role: 'technician' as const };
const cust = { id: 'c', name: 'Ann', role: 'customer' as const };

describe('reduce', () => {
  const cases: { name: string; events: () => SessionEvent[]; check: (s: ReturnType<typeof initialState>) => void }[] = [
    {
      name: 'joins list participants once, in order, and a rejoin clears left',
      events: () => [
        ev('participant.joined', 't', { participant: tech }),
        ev('participant.joined', 'c', { participant: cust }),
        ev('participant.left', 'c'),
        ev('participant.joined', 'c', { participant: cust }),
      ],
      check: (s) => {
        assert.deepEqual(s.participants.map((p) => [p.id, p.role, p.left]), [['t', 'technician', false], ['c', 'customer', false]]);
        assert.equal(s.participants[1]!.joinedAt, 2000);
      },
    },
    {
      name: 'leaving marks the participant',
      events: () => [ev('participant.joined', 'c', { participant: cust }), ev('participant.left', 'c')],
      check: (s) => assert.equal(s.participants[0]!.left, true),
    },
    {
      name: 'messages keep order, author, time and reply target',
      events: () => [
        ev('message.sent', 't', { text: 'hello' }, 'm1'),
        ev('message.sent', 'c', { text: 'hi', replyTo: 'm1', clientId: 'k1' }, 'm2'),
      ],
      check: (s) => {
        assert.deepEqual(s.messages.map((m) => [m.id, m.seq, m.from, m.text, m.replyTo]), [
          ['m1', 1, 't', 'hello', null],
          ['m2', 2, 'c', 'hi', 'm1'],
        ]);
        assert.equal(s.messages[1]!.clientId, 'k1');
        assert.equal(s.lastSeq, 2);
        assert.equal(s.startedAt, 1000);
      },
    },
    {
      name: 'edits keep every version in history and the current text',
      events: () => [
        ev('message.sent', 'c', { text: 'v1' }, 'm1'),
        ev('message.edited', 'c', { target: 'm1', text: 'v2', notify: false }),
        ev('message.edited', 'c', { target: 'm1', text: 'v3', notify: true }),
      ],
      check: (s) => {
        const m = s.messages[0]!;
        assert.equal(m.text, 'v3');
        assert.deepEqual(m.edited, { at: 3000, notify: true, history: [{ text: 'v1', at: 1000 }, { text: 'v2', at: 2000 }] });
      },
    },
    {
      name: 'delete leaves a tombstone without text, history, reactions or thumbnail',
      events: () => [
        ev('message.sent', 'c', { text: 'secret' }, 'm1'),
        ev('message.edited', 'c', { target: 'm1', text: 'secret2', notify: false }),
        ev('reaction.added', 't', { target: 'm1', emoji: '👍' }),
        ev('message.deleted', 't', { target: 'm1' }),
      ],
      check: (s) => {
        const m = s.messages[0]!;
        assert.equal(m.text, '');
        assert.deepEqual(m.deleted, { by: 't', at: 4000 });
        assert.deepEqual(m.edited?.history, []);
        assert.deepEqual(m.reactions, []);
        assert.ok(!JSON.stringify(s).includes('secret'));
      },
    },
    {
      name: 'a deleted message ignores later edits and reactions',
      events: () => [
        ev('message.sent', 'c', { text: 'x' }, 'm1'),
        ev('message.deleted', 'c', { target: 'm1' }),
        ev('message.edited', 'c', { target: 'm1', text: 'back', notify: false }),
        ev('reaction.added', 'c', { target: 'm1', emoji: '👍' }),
      ],
      check: (s) => {
        assert.equal(s.messages[0]!.text, '');
        assert.deepEqual(s.messages[0]!.reactions, []);
        assert.equal(s.lastSeq, 4);
      },
    },
    {
      name: 'reactions count per emoji and toggle off',
      events: () => [
        ev('message.sent', 'c', { text: 'x' }, 'm1'),
        ev('reaction.added', 'c', { target: 'm1', emoji: '👍' }),
        ev('reaction.added', 't', { target: 'm1', emoji: '👍' }),
        ev('reaction.added', 't', { target: 'm1', emoji: '🎉' }),
        ev('reaction.removed', 'c', { target: 'm1', emoji: '👍' }),
      ],
      check: (s) => assert.deepEqual(s.messages[0]!.reactions, [{ emoji: '👍', by: ['t'] }, { emoji: '🎉', by: ['t'] }]),
    },
    {
      name: 'removing the last reaction removes the emoji',
      events: () => [
        ev('message.sent', 'c', { text: 'x' }, 'm1'),
        ev('reaction.added', 'c', { target: 'm1', emoji: '👍' }),
        ev('reaction.removed', 'c', { target: 'm1', emoji: '👍' }),
      ],
      check: (s) => assert.deepEqual(s.messages[0]!.reactions, []),
    },
    {
      name: 'a shared file becomes a message with caption and file; deleting removes the file',
      events: () => [
        ev('file.shared', 'c', { file: { id: 'f1', name: 'log.txt', size: 3, type: 'text/plain', thumbnail: 'data:x' }, caption: 'see' }, 'm1'),
        ev('file.shared', 'c', { file: { id: 'f2', name: 'a.png', size: 9, type: 'image/png', thumbnail: 'data:y' } }, 'm2'),
        ev('message.deleted', 'c', { target: 'm2' }),
      ],
      check: (s) => {
        assert.equal(s.messages[0]!.text, 'see');
        assert.deepEqual(s.messages[0]!.file, { id: 'f1', name: 'log.txt', size: 3, type: 'text/plain', thumbnail: 'data:x', removed: false });
        assert.deepEqual(s.messages[1]!.file, { id: 'f2', name: 'a.png', size: 9, type: 'image/png', removed: true });
      },
    },
    {
      name: 'unknown targets change nothing but lastSeq',
      events: () => [ev('message.edited', 'c', { target: 'nope', text: 'x', notify: false }), ev('message.deleted', 'c', { target: 'nope' })],
      check: (s) => {
        assert.deepEqual(s.messages, []);
        assert.equal(s.lastSeq, 2);
      },
    },
    {
      name: 'the session ends once, with who and when, and the transcript links are kept',
      events: () => [
        ev('session.ended', 't'),
        ev('session.ended', 'c'),
        ev('transcript.ready', 't', { urls: { txt: '/a.txt', json: '/a.json', html: '/a.html' } }),
      ],
      check: (s) => {
        assert.deepEqual(s.ended, { by: 't', at: 1000 });
        assert.deepEqual(s.transcript, { txt: '/a.txt', json: '/a.json', html: '/a.html' });
      },
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      start();
      const events = c.events();
      c.check(fold(events, initialState('s1')));
      // The relay's in-place fold applies the same rules.
      let inPlace = initialState('s1');
      for (const event of events) inPlace = reduceInPlace(inPlace, event);
      c.check(inPlace);
      assert.deepEqual(inPlace, fold(events, initialState('s1')));
    });
  }

  test('is pure: the previous state is unchanged and replays are ignored', () => {
    start();
    const s0 = initialState('s1');
    const e1 = ev('message.sent', 'c', { text: 'a' }, 'm1');
    const s1 = reduce(s0, e1);
    const frozen = JSON.stringify(s1);
    const s2 = reduce(s1, ev('message.edited', 'c', { target: 'm1', text: 'b', notify: false }));
    assert.equal(JSON.stringify(s1), frozen);
    assert.deepEqual(s0.messages, []);
    assert.equal(reduce(s2, e1), s2);
    assert.equal(s2.messages[0]!.text, 'b');
  });
});
