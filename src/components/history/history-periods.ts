/** The periods the history offers, in the order of its buttons. */
export const HISTORY_PERIODS = ['yesterday', 'days7', 'days30', 'months3', 'year1', 'all'] as const;
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];

const DAY = 24 * 60 * 60 * 1000;

/**
 * The times of a period at `now`, in the user's time zone: "Yesterday" is yesterday's calendar
 * day (midnight to midnight); "7 days" and "30 days" the last 7 or 30 times 24 hours; "3 months"
 * and "1 year" go back by the calendar (the same day and time, the day clamped to the month's
 * end: 31 May → 28 or 29 February); "All" has no bounds.
 */
export function periodRange(period: HistoryPeriod, now: number): { from?: number; to?: number } {
  const date = new Date(now);
  switch (period) {
    case 'yesterday': {
      const today = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
      const yesterday = new Date(date.getFullYear(), date.getMonth(), date.getDate() - 1).getTime();
      return { from: yesterday, to: today };
    }
    case 'days7':
      return { from: now - 7 * DAY };
    case 'days30':
      return { from: now - 30 * DAY };
    case 'months3':
      return { from: monthsBack(date, 3) };
    case 'year1':
      return { from: monthsBack(date, 12) };
    case 'all':
      return {};
  }
}

function monthsBack(date: Date, months: number): number {
  const target = new Date(date.getFullYear(), date.getMonth() - months, 1, date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds());
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(date.getDate(), lastDay));
  return target.getTime();
}
