import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldParticipant, type ChatParticipant, type SessionEvent } from '../../src/protocol/index.js';
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
