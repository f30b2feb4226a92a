import { fmt } from './format.js';
import type { ValidationIssue } from './types.js';

/**
 * A stuck table: one whose row count changes load after load (it grows, or a snapshot is rebuilt) shows the
 * same row count, profile after profile, or its loads write no rows. Two repeats fail, one warns. A table
 * whose row count often stays put (a slowly changing dimension) is not judged.
 */

/** Share of earlier profile intervals that changed the row count for change to count as the norm. */
export const CHANGE_NORM = 0.9;
/** Intervals needed to learn the norm. */
const MIN_INTERVALS = 7;
/** Earlier intervals the norm is learned from. */
const NORM_INTERVALS = 28;

export interface StuckProfile {
  t: number;
  rowCount: number;
  /** Every other number of the profile (size, column metrics), for "identical profile". */
  signature: string;
}

/** The stuck-table issue of the latest profiles, or null. */
export function stuckIssue(profiles: readonly StuckProfile[]): ValidationIssue | null {
  const n = profiles.length;
  // The latest repeats: consecutive intervals at the end with the same row count.
  let repeats = 0;
  while (repeats < n - 1 && profiles[n - 1 - repeats]!.rowCount === profiles[n - 2 - repeats]!.rowCount)
    repeats++;
  if (repeats === 0) return null;
  const before = profiles.slice(Math.max(0, n - 1 - repeats - NORM_INTERVALS), n - repeats);
  if (before.length - 1 < MIN_INTERVALS) return null;
  let changed = 0;
  for (let i = 1; i < before.length; i++) if (before[i]!.rowCount !== before[i - 1]!.rowCount) changed++;
  const share = changed / (before.length - 1);
  if (share < CHANGE_NORM) return null;
  const latest = profiles[n - 1]!;
  const identical = profiles.slice(n - 1 - repeats).every((p) => p.signature === latest.signature);
  const since = new Date(profiles[n - 1 - repeats]!.t).toISOString();
  return {
    check: 'stuck',
    metric: 'rowCount',
    severity: repeats >= 2 ? 'fail' : 'warn',
    observed: latest.rowCount,
    expectedLow: null,
    expectedHigh: null,
    anomalyScore: null,
    expectation: `the row count changes with each load (it did in ${changed} of the last ${before.length - 1} profile intervals)`,
    explanation: `The row count has stayed at ${fmt(latest.rowCount)} for ${repeats} profile interval(s) since ${since}${identical ? ', with identical profiles' : ''}; it changed in ${changed} of the ${before.length - 1} intervals before.`,
    relatedUrn: null,
  };
}

/** Loads that wrote no rows, at the end of a history where loads write rows: the job runs, nothing lands. */
export function emptyLoadsIssue(loads: readonly { t: number; rows: number }[]): ValidationIssue | null {
  const n = loads.length;
  let empty = 0;
  while (empty < n && loads[n - 1 - empty]!.rows === 0) empty++;
  if (empty < 2) return null;
  const before = loads.slice(Math.max(0, n - empty - NORM_INTERVALS), n - empty);
  if (before.length < MIN_INTERVALS) return null;
  const writing = before.filter((l) => l.rows > 0).length;
  if (writing / before.length < CHANGE_NORM) return null;
  return {
    check: 'stuck',
    metric: 'rowsPerLoad',
    severity: 'fail',
    observed: 0,
    expectedLow: null,
    expectedHigh: null,
    anomalyScore: null,
    expectation: `loads write rows (${writing} of the last ${before.length} did)`,
    explanation: `The last ${empty} loads, since ${new Date(loads[n - empty]!.t).toISOString()}, wrote no rows; ${writing} of the ${before.length} loads before wrote some.`,
    relatedUrn: null,
  };
}
