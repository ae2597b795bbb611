import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldParticipant, type ChatParticipant, type SessionEvent } from '../../src/protocol/index.js';
import type { RoomMember } from '../../server/room-member.js';
import { frameText } from '../../server/frame-bytes.js';
import { RoomPresence } from '../../server/room-presence.js';

const joined = (id: string, at: number) =>
  ({ seq: at, id: `e${at}`, at, type: 'participant.joined', from: id, participant: { id, name: id.toUpperCase(), role: 'customer' } }) as SessionEvent & { type: 'participant.joined' };
const left = (id: string, at: number) => ({ seq: at, id: `e${at}`, at, type: 'participant.left', from: id }) as SessionEvent & { type: 'participant.left' };

describe('RoomPresence.written (the roster of written joins and leaves)', () => {
  it('takes the deciding fold’s object for a participant it agrees with, and keeps its own where they differ', () => {
    const decided: ChatParticipant[] = [];
    const presence = new RoomPresence([]);
    const ann = joined('ann', 1);
    foldParticipant(decided, ann);
    presence.written(ann, decided);
    assert.deepEqual(presence.roster, decided);
    assert.equal(presence.roster[0], decided[0], 'one object where both folds agree');

    // Bob joins and leaves again before his join is written: the roster's Bob stays online.
    const bob = joined('bob', 2);
    const bobLeft = left('bob', 3);
    foldParticipant(decided, bob);
    foldParticipant(decided, bobLeft);
    presence.written(bob, decided);
    assert.equal(presence.roster[1]!.left, false);
    assert.notEqual(presence.roster[1], decided[1]);
    presence.written(bobLeft, decided);
    assert.equal(presence.roster[1]!.left, true);
    assert.equal(presence.roster[1], decided[1]);
  });
});

/** A welcomed socket that keeps the presence lists it was sent. */
function socketOf(id: string) {
  const lists: Array<Array<{ id: string; online: boolean; connections: number; away: boolean }>> = [];
  const member: RoomMember = {
    participant: { id, name: id.toUpperCase(), role: 'customer' },
    away: false,
    send(frame) {
      const parsed = JSON.parse(frameText(frame)) as { type: string; presence: (typeof lists)[number] };
      if (parsed.type === 'presence') lists.push(parsed.presence.map(({ id, online, connections, away }) => ({ id, online, connections, away })));
    },
    sendError() {},
    close() {},
  };
  return { member, lists };
}

describe('RoomPresence.updatePresence (presence is sent when, and only when, it changed)', () => {
  it('sends each change of sockets, away and roster once, and nothing when a change leaves it as it was', () => {
    const presence = new RoomPresence([]);
    const decided: ChatParticipant[] = [];
    for (const event of [joined('ann', 1), joined('bob', 2)]) {
      foldParticipant(decided, event);
      presence.written(event, decided);
    }
    const watcher = socketOf('ann');
    presence.join(watcher.member);
    presence.updatePresence(watcher.member); // its welcome carried it: not sent to it
    assert.equal(watcher.lists.length, 0);

    const bobTab = socketOf('bob');
    presence.join(bobTab.member);
    presence.updatePresence(bobTab.member);
    assert.deepEqual(watcher.lists.at(-1), [
      { id: 'ann', online: true, connections: 1, away: false },
      { id: 'bob', online: true, connections: 1, away: false },
    ]);
    presence.updatePresence(undefined);
    assert.equal(watcher.lists.length, 1, 'unchanged: not sent again');

    const bobSecondTab = socketOf('bob');
    presence.join(bobSecondTab.member);
    presence.updatePresence(bobSecondTab.member);
    assert.deepEqual(watcher.lists.at(-1)?.[1], { id: 'bob', online: true, connections: 2, away: false });

    presence.status(bobTab.member, true);
    assert.equal(watcher.lists.length, 2, 'one of two tabs hidden: bob is still visible');
    presence.status(bobSecondTab.member, true);
    assert.deepEqual(watcher.lists.at(-1)?.[1], { id: 'bob', online: true, connections: 2, away: true });
    presence.status(bobSecondTab.member, true);
    assert.equal(watcher.lists.length, 3, 'the same status again changes nothing');

    // A hidden tab closes and a visible one opens: two changes that cancel out on the count
    // but not on away.
    presence.part(bobTab.member);
    presence.updatePresence(undefined);
    assert.deepEqual(watcher.lists.at(-1)?.[1], { id: 'bob', online: true, connections: 1, away: true });
    presence.status(bobSecondTab.member, false);
    assert.deepEqual(watcher.lists.at(-1)?.[1], { id: 'bob', online: true, connections: 1, away: false });

    // The roster changes while the sockets stay as they were: carol's join is written.
    const carol = joined('carol', 3);
    foldParticipant(decided, carol);
    presence.written(carol, decided);
    presence.updatePresence(undefined);
    assert.deepEqual(watcher.lists.at(-1)?.map((p) => p.id), ['ann', 'bob', 'carol']);
    assert.deepEqual(watcher.lists.at(-1)?.[2], { id: 'carol', online: false, connections: 0, away: false });

    // Carol leaves (written), with no socket: she drops out of the list.
    const carolLeft = left('carol', 4);
    foldParticipant(decided, carolLeft);
    presence.written(carolLeft, decided);
    presence.updatePresence(undefined);
    assert.deepEqual(watcher.lists.at(-1)?.map((p) => p.id), ['ann', 'bob']);
    const sent = watcher.lists.length;
    presence.part(bobSecondTab.member);
    presence.updatePresence(undefined);
    assert.deepEqual(watcher.lists.at(-1)?.[1], { id: 'bob', online: false, connections: 0, away: false });
    presence.updatePresence(undefined);
    assert.equal(watcher.lists.length, sent + 1);
  });
});
