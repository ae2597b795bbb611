import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineBytes } from '../../server/storage/line-bytes.js';

/** A line as the relay keeps them: any text without a newline (multi-byte and astral characters included). */
const line = fc.string({ unit: 'binary', maxLength: 300 }).map((text) => text.replaceAll('\n', ' '));

type Step =
  | { op: 'push'; line: string }
  | { op: 'pushBytes'; line: string }
  | { op: 'drop'; n: number }
  | { op: 'clear' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: line.map((text) => ({ op: 'push' as const, line: text })) },
  { weight: 3, arbitrary: line.map((text) => ({ op: 'pushBytes' as const, line: text })) },
  { weight: 2, arbitrary: fc.nat(40).map((n) => ({ op: 'drop' as const, n })) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

describe('LineBytes (event lines kept as bytes)', () => {
  it('holds exactly what an array of strings would, through pushes, drops and clears', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const bytes = new LineBytes();
        let model: string[] = [];
        for (const s of steps) {
          if (s.op === 'push') {
            bytes.push(s.line);
            model.push(s.line);
          } else if (s.op === 'pushBytes') {
            // As the journal hands them over: the line somewhere inside a larger buffer.
            const around = Buffer.from(`{"s":"x","e":${s.line}}\n`, 'utf8');
            const start = Buffer.byteLength('{"s":"x","e":', 'utf8');
            bytes.pushBytes(around, start, around.length - 2);
            model.push(s.line);
          } else if (s.op === 'drop') {
            bytes.dropFirst(s.n);
            model = model.slice(s.n);
          } else {
            bytes.clear();
            model = [];
          }
          assert.equal(bytes.count, model.length);
        }
        assert.deepEqual(bytes.slice(), model);
        model.forEach((text, i) => assert.equal(bytes.at(i), text));
        assert.equal(bytes.bytes().toString('utf8'), model.map((text) => `${text}\n`).join(''));
        assert.deepEqual(bytes.slice(2, 5), model.slice(2, 5));
        assert.deepEqual(bytes.slice(model.length + 3), []);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a line it does not hold, and allocates nothing while empty', () => {
    const bytes = new LineBytes();
    assert.equal(bytes.bytes().length, 0);
    assert.throws(() => bytes.at(0), RangeError);
    bytes.push('{"seq":1}');
    assert.throws(() => bytes.at(1), RangeError);
    assert.throws(() => bytes.at(-1), RangeError);
  });
});
