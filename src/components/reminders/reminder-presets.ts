import type { TranslationKey } from '../shared/localize/en.js';

/**
 * The fixed choices of the "Remind me" dialog, as people know them from their mail and chat
 * apps: this evening, tomorrow and the day after at 9:00, in 1, 3 or 8 hours, in a week and in
 * a month. Times are local wall-clock times (a week later at the same hour also across a
 * daylight-saving change); a month later on a shorter month ends on its last day (31 January →
 * 28 or 29 February).
 */
export interface ReminderPreset {
  key: TranslationKey;
  /** When the reminder is due if chosen at `now` (milliseconds since the epoch). */
  at(now: number): number;
}

const HOUR = 3_600_000;
/** The hour of "this evening", and of the mornings. */
export const EVENING_HOUR = 18;
export const MORNING_HOUR = 9;

/** `days` later at `hour`:00, local time. */
function dayAt(now: number, days: number, hour: number): number {
  const day = new Date(now);
  day.setDate(day.getDate() + days);
  return day.setHours(hour, 0, 0, 0);
}

/** The same local time `months` later; on the last day of a shorter month when the day is past it. */
export function monthsLater(now: number, months: number): number {
  const start = new Date(now);
  const target = new Date(start);
  target.setDate(1);
  target.setMonth(start.getMonth() + months);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(start.getDate(), lastDay));
  return target.getTime();
}

/** The same local time `days` later. */
function daysLater(now: number, days: number): number {
  const day = new Date(now);
  day.setDate(day.getDate() + days);
  return day.getTime();
}

const ALL: ReminderPreset[] = [
  { key: 'reminder.thisEvening', at: (now) => dayAt(now, 0, EVENING_HOUR) },
  { key: 'reminder.tomorrow', at: (now) => dayAt(now, 1, MORNING_HOUR) },
  { key: 'reminder.dayAfterTomorrow', at: (now) => dayAt(now, 2, MORNING_HOUR) },
  { key: 'reminder.in1Hour', at: (now) => now + HOUR },
  { key: 'reminder.in3Hours', at: (now) => now + 3 * HOUR },
  { key: 'reminder.in8Hours', at: (now) => now + 8 * HOUR },
  { key: 'reminder.inAWeek', at: (now) => daysLater(now, 7) },
  { key: 'reminder.inAMonth', at: (now) => monthsLater(now, 1) },
];

/**
 * The presets offered at `now`: "This evening" only while the evening is more than an hour away
 * (from 17:00 on, "In 1 hour" says it better).
 */
export function reminderPresets(now: number): ReminderPreset[] {
  return ALL.filter((preset) => preset.key !== 'reminder.thisEvening' || preset.at(now) - now > HOUR);
}
