import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CompactSessionState,
  decideIntent,
  decideIntentOn,
  initialState,
  reduce,
  type EventDraft,
  type IntentFrame,
  type ParticipantInfo,
  type ResolvedShareIntent,
  type SessionEvent,
  type SessionState,
} from '../../src/protocol/index.js';

/*
 * The relay decides intents against its compact state; clients and the transcript fold the full
 * one. For random sessions (joins, leaves, messages, shares, edits, deletes, reactions, ends, by
 * three people with different roles) both must decide every intent alike and agree on what
 * they both hold.
 */

const people: ParticipantInfo[] = [
  { id: 'tech', name: 'Tom', role: 'technician' },
  { id: 'cust', name: 'Ann', role: 'customer' },
  { id: 'other', name: 'Bob', role: 'customer' },
];
const EMOJI = ['👍', '❤️', '🎉'];

type Step =
  | { kind: 'intent'; actor: number; intent: IntentFrame | ResolvedShareIntent }
  | { kind: 'join' | 'leave'; actor: number }
  | { kind: 'transcript' };

/** An index into the messages made so far (resolved at run time), or a name that never exists. */
const target = fc.oneof(fc.nat({ max: 40 }), fc.constant(-1));
interface RawStep {
  actor: number;
  kind: string;
  target: number;
  emoji: number;
  text: string;
  notify: boolean;
}
const stepArb: fc.Arbitrary<RawStep> = fc.record({
  actor: fc.nat({ max: people.length - 1 }),
  kind: fc.constantFrom('message', 'reply', 'share', 'edit', 'delete', 'react', 'react', 'end', 'join', 'leave', 'transcript'),
  target,
  emoji: fc.nat({ max: EMOJI.length - 1 }),
  text: fc.string({ minLength: 1, maxLength: 8 }),
  notify: fc.boolean(),
});

function toStep(raw: RawStep, ids: string[], n: number): Step {
  const clientId = `k${n}`;
  const targetId = raw.target < 0 || ids.length === 0 ? 'missing' : ids[raw.target % ids.length]!;
  switch (raw.kind) {
    case 'join':
    case 'leave':
      return { kind: raw.kind, actor: raw.actor };
    case 'transcript':
      return { kind: 'transcript' };
    case 'message':
      return { kind: 'intent', actor: raw.actor, intent: { type: 'message', clientId, text: raw.text } };
    case 'reply':
      return { kind: 'intent', actor: raw.actor, intent: { type: 'message', clientId, text: raw.text, replyTo: targetId } };
    case 'share':
      return {
        kind: 'intent',
        actor: raw.actor,
        intent: { type: 'share', clientId, uploadId: `u${n}`, caption: raw.text, file: { id: `f${n}`, name: 'a.txt', size: 3, type: 'text/plain' } },
      };
    case 'edit':
      return { kind: 'intent', actor: raw.actor, intent: { type: 'edit', clientId, target: targetId, text: raw.text, notify: raw.notify } };
    case 'delete':
      return { kind: 'intent', actor: raw.actor, intent: { type: 'delete', clientId, target: targetId } };
    case 'react':
      return { kind: 'intent', actor: raw.actor, intent: { type: 'react', clientId, target: targetId, emoji: EMOJI[raw.emoji]! } };
    default:
      return { kind: 'intent', actor: raw.actor, intent: { type: 'end', clientId } };
  }
}

/** What both states hold must agree: the session's facts and, per message, what the rules read. */
function assertAgree(full: SessionState, compact: CompactSessionState): void {
  assert.equal(compact.lastSeq, full.lastSeq);
  assert.equal(compact.startedAt, full.startedAt);
  assert.deepEqual(compact.participants, full.participants);
  assert.deepEqual(compact.ended, full.ended);
  assert.deepEqual(compact.transcript, full.transcript);
  assert.equal(compact.messageCount, full.messages.length);
  for (const message of full.messages) {
    const held = compact.ruledMessage(message.id);
    assert.ok(held, `message ${message.id} is held`);
    assert.equal(held.from, message.from);
    assert.equal(held.deleted, message.deleted !== null);
    assert.equal(held.fileId, message.file?.id ?? null);
    if (message.file) assert.equal(compact.fileMessage(message.file.id), held);
    if (!message.deleted) assert.equal(held.edits, message.edited?.history.length ?? 0);
    const reactions = [...(held.reactions ?? new Map<string, string[]>())].map(([emoji, by]) => ({ emoji, by }));
    assert.deepEqual(
      reactions.sort((a, b) => a.emoji.localeCompare(b.emoji)),
      message.reactions.slice().sort((a, b) => a.emoji.localeCompare(b.emoji)),
    );
  }
}

describe('the compact session state', () => {
  it('decides every intent as the full fold does, and holds the same facts', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 80 }), fc.boolean(), fc.boolean(), (raws, strict, joinedFirst) => {
        const policy = { technicianCanDeleteAny: !strict };
        let full = initialState('s');
        const compact = new CompactSessionState('s');
        const ids: string[] = [];
        let seq = 0;
        const stamp = (draft: EventDraft): void => {
          seq++;
          const event = { seq, id: `e${seq}`, at: 1000 + seq, ...draft } as SessionEvent;
          full = reduce(full, event);
          compact.apply(event);
          if (event.type === 'message.sent' || event.type === 'file.shared') ids.push(event.id);
        };
        // Messages of participants who joined are held packed (a number), of others as objects: both ways often.
        if (joinedFirst) for (const p of people) stamp({ type: 'participant.joined', from: p.id, participant: p });
        raws.forEach((raw, n) => {
          const step = toStep(raw, ids, n);
          if (step.kind === 'transcript') stamp({ type: 'transcript.ready', from: 'relay', urls: { txt: 't', json: 'j', html: 'h' } });
          else if (step.kind === 'join') stamp({ type: 'participant.joined', from: people[step.actor]!.id, participant: people[step.actor]! });
          else if (step.kind === 'leave') stamp({ type: 'participant.left', from: people[step.actor]!.id });
          else if (step.kind === 'intent') {
            const actor = people[step.actor]!;
            const expected = decideIntent(full, actor, step.intent, policy);
            assert.deepEqual(decideIntentOn(compact, actor, step.intent, policy), expected);
            if (expected.ok) stamp(expected.draft);
          }
          assertAgree(full, compact);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('ignores an event at or below the last seq, as reduce does', () => {
    const compact = new CompactSessionState('s');
    const sent = { seq: 1, id: 'm1', at: 1, type: 'message.sent', from: 'cust', text: 'hi' } as SessionEvent;
    compact.apply(sent);
    compact.apply({ seq: 1, id: 'm1', at: 2, type: 'message.deleted', from: 'cust', target: 'm1' } as SessionEvent);
    assert.equal(compact.ruledMessage('m1')?.deleted, false);
    assert.equal(compact.lastSeq, 1);
  });

  it('keeps no text: a held message has only the fields the rules read', () => {
    const compact = new CompactSessionState('s');
    compact.apply({ seq: 1, id: 'm1', at: 1, type: 'message.sent', from: 'cust', text: 'a secret text' } as SessionEvent);
    const held = compact.ruledMessage('m1')!;
    assert.deepEqual(Object.keys(held).sort(), ['deleted', 'edits', 'fileId', 'from', 'reactions', 'transfer']);
    assert.ok(!JSON.stringify(held).includes('secret'));
  });
});
