/**
 * Calendar effects learned from a series' own history: a month end, a quarter end, the first day of a month
 * and the same day a year before each get the effect they had on the earlier occurrences in the history (the
 * median of their deviations from the ordinary expectation), so a month-end peak seen on the previous month
 * ends is expected again, and a holiday recurs where the history reaches the year before. No country's
 * holiday list is assumed: a day is special only if the history shows it.
 */

const DAY = 86_400_000;

export type CalendarTag = 'month_end' | 'quarter_end' | 'month_start' | 'year_ago';

/** The calendar tags of a time (UTC days). */
export function calendarTags(t: number): CalendarTag[] {
  const d = new Date(t);
  const tomorrow = new Date(t + DAY);
  const tags: CalendarTag[] = [];
  if (tomorrow.getUTCDate() === 1) {
    tags.push('month_end');
    if (d.getUTCMonth() % 3 === 2) tags.push('quarter_end');
  }
  if (d.getUTCDate() === 1) tags.push('month_start');
  return tags;
}

/** Whether `a` and `b` fall on the same UTC day of the year a year apart (within a day). */
function yearApart(a: number, b: number): boolean {
  const gap = Math.abs(a - b);
  return gap >= 364 * DAY && gap <= 366 * DAY;
}

/** A past point with its deviation from the ordinary expectation (log ratio for volumes). */
export interface Deviation {
  t: number;
  deviation: number;
}

export interface CalendarEffect {
  /** The tags of the time judged that earlier occurrences explain. */
  tags: CalendarTag[];
  /** The learned shift of the expectation (the median deviation of the earlier occurrences). */
  shift: number;
  /** How much the earlier occurrences disagreed (their range): added to the band's tolerance. */
  spread: number;
  occurrences: number;
}

/**
 * The effect the history shows for the calendar tags of `t`: from the earlier points sharing any of its tags
 * (and the points a year before it), the median deviation; null when none of them is in the history.
 */
export function learnedCalendarEffect(t: number, past: readonly Deviation[]): CalendarEffect | null {
  const tags = calendarTags(t);
  const matched: number[] = [];
  const used = new Set<CalendarTag>();
  for (const p of past) {
    const shared = calendarTags(p.t).filter((x) => tags.includes(x));
    if (shared.length > 0) {
      matched.push(p.deviation);
      for (const s of shared) used.add(s);
    } else if (yearApart(p.t, t)) {
      matched.push(p.deviation);
      used.add('year_ago');
    }
  }
  if (matched.length === 0) return null;
  const sorted = [...matched].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  const shift = sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  return { tags: [...used], shift, spread: sorted.at(-1)! - sorted[0]!, occurrences: matched.length };
}
