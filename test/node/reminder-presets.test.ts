// The reminder presets on a fixed clock, in a time zone with daylight saving: the dates are
// local wall-clock times, so a zone is set before anything reads one.
process.env.TZ = 'Europe/Berlin';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthsLater, reminderPresets } from '../../src/components/reminders/reminder-presets.js';

/** A local time, `2026-01-31 23:30`. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const show = (at: number) => {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
};
function presetsAt(now: number): Record<string, string> {
  return Object.fromEntries(reminderPresets(now).map((p) => [p.key.replace('reminder.', ''), show(p.at(now))]));
}

describe('reminder presets', () => {
  it('in the afternoon: this evening at 18:00, tomorrow and the day after at 9:00, hours later, a week, a month', () => {
    assert.deepEqual(presetsAt(local(2026, 12, 4, 14, 5)), {
      thisEvening: '2026-12-04 18:00',
      tomorrow: '2026-12-05 09:00',
      dayAfterTomorrow: '2026-12-06 09:00',
      in1Hour: '2026-12-04 15:05',
      in3Hours: '2026-12-04 17:05',
      in8Hours: '2026-12-04 22:05',
      inAWeek: '2026-12-11 14:05',
      inAMonth: '2027-01-04 14:05',
    });
  });

  it('"This evening" is gone from 17:00 (an hour before it), and back the next morning', () => {
    assert.ok('thisEvening' in presetsAt(local(2026, 12, 4, 16, 59)));
    assert.ok(!('thisEvening' in presetsAt(local(2026, 12, 4, 17, 0))));
    assert.ok(!('thisEvening' in presetsAt(local(2026, 12, 4, 23, 59))));
    assert.equal(presetsAt(local(2026, 12, 5, 0, 1)).thisEvening, '2026-12-05 18:00');
  });

  it('around midnight at the end of a year: tomorrow is in the next year; 8 hours cross the night', () => {
    assert.deepEqual(presetsAt(local(2026, 12, 31, 23, 30)), {
      tomorrow: '2027-01-01 09:00',
      dayAfterTomorrow: '2027-01-02 09:00',
      in1Hour: '2027-01-01 00:30',
      in3Hours: '2027-01-01 02:30',
      in8Hours: '2027-01-01 07:30',
      inAWeek: '2027-01-07 23:30',
      inAMonth: '2027-01-31 23:30',
    });
    // Just after midnight "tomorrow" is the next day, not the one that just began.
    assert.equal(presetsAt(local(2027, 1, 1, 0, 0)).tomorrow, '2027-01-02 09:00');
  });

  it('a month later ends on the last day of a shorter month, leap years included', () => {
    assert.equal(show(monthsLater(local(2026, 1, 31, 23, 30), 1)), '2026-02-28 23:30');
    assert.equal(show(monthsLater(local(2028, 1, 31, 8, 0), 1)), '2028-02-29 08:00');
    assert.equal(show(monthsLater(local(2026, 3, 31, 12, 0), 1)), '2026-04-30 12:00');
    assert.equal(show(monthsLater(local(2026, 12, 31, 12, 0), 1)), '2027-01-31 12:00');
    assert.equal(presetsAt(local(2026, 1, 31, 23, 30)).dayAfterTomorrow, '2026-02-02 09:00');
  });

  it('a week later keeps the hour across the change to summer time; hours are real hours', () => {
    // Summer time begins in Berlin on Sunday 29 March 2026 at 02:00 (clocks go to 03:00).
    const before = local(2026, 3, 27, 10, 0);
    assert.equal(presetsAt(before).inAWeek, '2026-04-03 10:00');
    assert.equal(new Date(reminderPresets(before).find((p) => p.key === 'reminder.inAWeek')!.at(before)).getTime() - before, (7 * 24 - 1) * 3_600_000);
    const night = local(2026, 3, 29, 0, 30);
    assert.equal(presetsAt(night).in3Hours, '2026-03-29 04:30');
    assert.equal(presetsAt(night).tomorrow, '2026-03-30 09:00');
  });
});
