import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY_PERIODS, periodRange } from '../../src/components/history/history-periods.js';

// Local times (the periods follow the user's calendar); the test process's zone is whatever the
// machine has, and every expectation is built in that zone.
const local = (y: number, m: number, d: number, h = 0, min = 0): number => new Date(y, m - 1, d, h, min).getTime();
const DAY = 86_400_000;

describe('history periods', () => {
  it('offers the six periods in order', () => {
    assert.deepEqual(HISTORY_PERIODS, ['yesterday', 'days7', 'days30', 'months3', 'year1', 'all']);
  });

  it('"Yesterday" is yesterday\'s calendar day, also just after and just before midnight and across a month and a year', () => {
    assert.deepEqual(periodRange('yesterday', local(2026, 3, 15, 0, 1)), { from: local(2026, 3, 14), to: local(2026, 3, 15) });
    assert.deepEqual(periodRange('yesterday', local(2026, 3, 15, 23, 59)), { from: local(2026, 3, 14), to: local(2026, 3, 15) });
    assert.deepEqual(periodRange('yesterday', local(2026, 3, 1, 0, 0)), { from: local(2026, 2, 28), to: local(2026, 3, 1) });
    assert.deepEqual(periodRange('yesterday', local(2028, 3, 1, 9)), { from: local(2028, 2, 29), to: local(2028, 3, 1) });
    assert.deepEqual(periodRange('yesterday', local(2027, 1, 1, 0, 30)), { from: local(2026, 12, 31), to: local(2027, 1, 1) });
  });

  it('"7 days" and "30 days" count 24-hour days back from now; "All" has no bounds', () => {
    const now = local(2026, 3, 15, 12);
    assert.deepEqual(periodRange('days7', now), { from: now - 7 * DAY });
    assert.deepEqual(periodRange('days30', now), { from: now - 30 * DAY });
    assert.deepEqual(periodRange('all', now), {});
  });

  it('"3 months" and "1 year" go back by the calendar, the day clamped to the end of a shorter month', () => {
    assert.deepEqual(periodRange('months3', local(2026, 5, 31, 10, 15)), { from: local(2026, 2, 28, 10, 15) });
    assert.deepEqual(periodRange('months3', local(2028, 5, 31, 10, 15)), { from: local(2028, 2, 29, 10, 15) });
    assert.deepEqual(periodRange('months3', local(2026, 1, 31, 8)), { from: local(2025, 10, 31, 8) });
    assert.deepEqual(periodRange('months3', local(2026, 7, 15, 0, 0)), { from: local(2026, 4, 15, 0, 0) });
    assert.deepEqual(periodRange('year1', local(2028, 2, 29, 18)), { from: local(2027, 2, 28, 18) });
    assert.deepEqual(periodRange('year1', local(2026, 12, 31, 23, 59)), { from: local(2025, 12, 31, 23, 59) });
  });
});
