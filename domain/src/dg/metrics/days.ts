import { InvalidInputError } from '../../shared/errors.js';

/** Metrics are kept per UTC day, named `YYYY-MM-DD`. */

export const DAY_MS = 86_400_000;

export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The first instant of a day (epoch ms). */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The last instant of a day (epoch ms). */
export function dayEnd(day: string): number {
  return dayStart(day) + DAY_MS - 1;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dayStart(from); t <= dayStart(to); t += DAY_MS) out.push(dayOf(t));
  return out;
}

/** A day argument (`YYYY-MM-DD`, or an ISO-8601 time whose UTC day is taken), refused with INVALID_DATE. */
export function parseDay(value: string, what: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  const time = day ? dayStart(day) : Date.parse(value);
  if (!Number.isFinite(time) || (day !== null && dayOf(time) !== day))
    throw new InvalidInputError(
      'INVALID_DATE',
      `${what} must be a date (YYYY-MM-DD) or an ISO-8601 time, not ${JSON.stringify(value)}`,
    );
  return dayOf(time);
}
