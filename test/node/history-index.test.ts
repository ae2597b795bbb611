import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/protocol/index.js';
import { HistoryIndex } from '../../server/history-index.js';

const event = (seq: number, at: number) => ({ seq, id: `e${seq}`, at, type: 'participant.left', from: 'p' }) as SessionEvent;

describe('HistoryIndex (the times of a room’s written events)', () => {
  it('finds the first event of a period and cuts pages the same, however many events it holds (small array, typed array, grown)', () => {
    // Times with repeats (several events in one millisecond), at sizes around every change of storage.
    for (const size of [0, 1, 31, 32, 33, 127, 128, 129, 300]) {
      const times = Array.from({ length: size }, (_, i) => 1_796_000_000_000 + Math.floor(i / 3) * 1000);
      const loadedHalf = Math.floor(size / 2);
      const index = new HistoryIndex(times.slice(0, loadedHalf).map((at, i) => event(i + 1, at)));
      for (let i = loadedHalf; i < size; i++) index.written(event(i + 1, times[i]!));
      assert.equal(index.lastSeq, size);
      for (const from of [0, ...times, ...times.map((t) => t + 1), Number.MAX_SAFE_INTEGER]) {
        const first = times.findIndex((t) => t >= from);
        assert.equal(index.firstAtOrAfter(from), first < 0 ? size + 1 : first + 1, `size ${size}, from ${from}`);
      }
      assert.deepEqual(index.range(size + 1, undefined, 10), { first: Math.max(1, size - 9), last: size, more: size > 10 });
      if (size > 0) {
        const from = times[size - 1]!;
        const lowest = times.indexOf(from) + 1;
        assert.deepEqual(index.range(size + 1, from, 1000), { first: lowest, last: size, more: false }, `size ${size}: the last second only`);
      }
    }
  });
});
