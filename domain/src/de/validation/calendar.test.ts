import { describe, expect, it } from 'vitest';
import { calendarTags, learnedCalendarEffect } from './calendar.js';

const DAY = 86_400_000;

describe('calendar effects learned from the history', () => {
  it('tags month ends, quarter ends and month starts', () => {
    expect(calendarTags(Date.UTC(2026, 2, 31, 5))).toEqual(['month_end', 'quarter_end']);
    expect(calendarTags(Date.UTC(2026, 3, 30, 5))).toEqual(['month_end']);
    expect(calendarTags(Date.UTC(2026, 4, 1, 5))).toEqual(['month_start']);
    expect(calendarTags(Date.UTC(2026, 4, 12, 5))).toEqual([]);
  });

  it('expects a month end as the earlier month ends deviated, and nothing of a day the history never marked', () => {
    const past = [
      { t: Date.UTC(2026, 0, 31, 5), deviation: 1.0 },
      { t: Date.UTC(2026, 1, 28, 5), deviation: 1.2 },
      { t: Date.UTC(2026, 2, 15, 5), deviation: -0.1 },
    ];
    expect(learnedCalendarEffect(Date.UTC(2026, 2, 31, 5), past)).toMatchObject({
      shift: 1.1,
      occurrences: 2,
    });
    expect(learnedCalendarEffect(Date.UTC(2026, 2, 20, 5), past)).toBeNull();
  });

  it('learns a holiday from the same day a year before when the history reaches it', () => {
    const christmas = Date.UTC(2025, 11, 25, 5);
    const effect = learnedCalendarEffect(christmas + 365 * DAY, [{ t: christmas, deviation: -1.5 }]);
    expect(effect).toMatchObject({ shift: -1.5, tags: ['year_ago'] });
  });
});
