import type { HubOperation, HubTimeRange } from '../ports/hub-port.js';
import { lowerBound } from './anomaly/sorted.js';

/**
 * Freshness of a dataset from its operation history (DataHub's `operation` timeseries aspect): when it was
 * last updated, the cadence it is usually updated at (the median interval between updates), when the next
 * update is due, and whether it is late. Pure: the caller supplies the history and the clock.
 */

/** The history the cadence is learned from: the newest operations, enough for ~8 days of an hourly table. */
export const OPERATION_HISTORY: HubTimeRange = { limit: 200 };

export type CadenceLabel = 'hourly' | 'daily' | 'weekly' | 'irregular';
export type FreshnessStatus = 'ON_TIME' | 'LATE' | 'UNKNOWN';

export interface Cadence {
  /** Median interval between updates. */
  seconds: number;
  label: CadenceLabel;
}

export interface Freshness {
  lastUpdatedAt: number | null;
  cadence: Cadence | null;
  expectedNextUpdateAt: number | null;
  /** How far past the expected time an update may land before the dataset counts as late. */
  toleranceSeconds: number | null;
  status: FreshnessStatus;
  /** Seconds past the expected update when LATE, 0 when ON_TIME, null when UNKNOWN. */
  lateBySeconds: number | null;
  /** Distinct updates the cadence was learned from. */
  updatesObserved: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Operations this close together are one update (a load that writes several operations). */
const SAME_UPDATE_MS = 5 * MINUTE;
/** Intervals needed before a cadence is trusted. */
const MIN_INTERVALS = 3;
const MIN_TOLERANCE_MS = 10 * MINUTE;
const TOLERANCE_SHARE = 0.25;
/** Intervals whose 90th percentile is beyond this multiple of their median are an intermittent feed's. */
const IRREGULAR_SPREAD = 1.5;
/** An intermittent feed is late past this multiple of its long gaps (95th percentile interval). */
const LONG_GAP_MARGIN = 1.25;

const LABELS: readonly { label: CadenceLabel; seconds: number }[] = [
  { label: 'hourly', seconds: 3600 },
  { label: 'daily', seconds: 86_400 },
  { label: 'weekly', seconds: 604_800 },
];

export function cadenceLabel(seconds: number): CadenceLabel {
  let best: { label: CadenceLabel; distance: number } = { label: 'irregular', distance: Infinity };
  for (const l of LABELS) {
    const distance = Math.abs(Math.log(seconds / l.seconds));
    if (distance < best.distance) best = { label: l.label, distance };
  }
  // Within a factor of 1.5 of a known cadence; anything else is irregular.
  return best.distance <= Math.log(1.5) ? best.label : 'irregular';
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * When each operation changed the data (lastUpdatedTimestamp, else its timestamp). An ALTER changes the
 * structure (an index, a topic's configuration, as technical-spec ingestion records them), not the data.
 */
export function updateTimes(operations: readonly HubOperation[]): number[] {
  return operations
    .filter((o) => o.operationType.toUpperCase() !== 'ALTER')
    .map((o) => (Number.isFinite(o.lastUpdatedTimestamp) ? o.lastUpdatedTimestamp : o.timestampMillis))
    .filter((t) => Number.isFinite(t));
}

interface Learned {
  /** Distinct updates, oldest first. */
  updates: number;
  lastUpdatedAt: number | null;
  /** Median interval and the tolerance past it; null: too few updates to trust a cadence. */
  cadence: { median: number; tolerance: number } | null;
}

/** The cadence learned from update times. */
function learn(times: readonly number[]): Learned {
  const sorted = Float64Array.from(times.filter((t) => Number.isFinite(t))).sort();
  const updates = new Float64Array(sorted.length);
  let n = 0;
  for (const t of sorted) {
    if (n > 0 && t - updates[n - 1]! <= SAME_UPDATE_MS) updates[n - 1] = t;
    else updates[n++] = t;
  }
  const lastUpdatedAt = n > 0 ? updates[n - 1]! : null;
  if (lastUpdatedAt === null || n < MIN_INTERVALS + 1) return { updates: n, lastUpdatedAt, cadence: null };
  const intervals = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) intervals[i - 1] = updates[i]! - updates[i - 1]!;
  return { updates: n, lastUpdatedAt, cadence: cadenceOf(intervals.sort()) };
}

/** The median interval and the tolerance past it, from the intervals between updates, sorted. */
function cadenceOf(intervals: ArrayLike<number>): { median: number; tolerance: number } {
  const median = quantile(intervals, 0.5);
  const spread = quantile(intervals, 0.9) - median;
  // An intermittent feed (its intervals spread far around their median) is late only past the long gaps it
  // has had before, not past its median: those gaps are its normal.
  const intermittent = quantile(intervals, 0.9) > IRREGULAR_SPREAD * median;
  const longGap = intermittent ? LONG_GAP_MARGIN * quantile(intervals, 0.95) - median : 0;
  return { median, tolerance: Math.max(MIN_TOLERANCE_MS, TOLERANCE_SHARE * median, spread, longGap) };
}

/** The instant past which a dataset updated at `times` is late (LATE when judged after it); null: no cadence. */
function lateAfter(times: readonly number[]): number | null {
  const { lastUpdatedAt, cadence } = learn(times);
  return cadence && lastUpdatedAt !== null ? lastUpdatedAt + cadence.median + cadence.tolerance : null;
}

/** When an operation changed the data: NaN for an ALTER or a time that is not one (see updateTimes). */
function updateTimeOf(o: HubOperation): number {
  if (o.operationType.toUpperCase() === 'ALTER') return NaN;
  const t = Number.isFinite(o.lastUpdatedTimestamp) ? o.lastUpdatedTimestamp : o.timestampMillis;
  return Number.isFinite(t) ? t : NaN;
}

/**
 * lateAfter over a sliding window of a dataset's operations (oldest first), for a history replayed day by
 * day: answers, for k asked in increasing order, lateAfter of the update times of operations
 * [k - kept, k). The updates and their sorted intervals are kept as the window moves (an operation in, the
 * oldest out), so each step costs a binary search, not a sort of the window; the answers are exactly
 * lateAfter's. Update times out of order (rare) are learned afresh at each step instead.
 */
export function lateAfterTimeline(
  operations: readonly HubOperation[],
  kept: number,
): (k: number) => number | null {
  const times = operations.map(updateTimeOf);
  let last = -Infinity;
  for (const t of times) {
    if (t < last) return (k) => lateAfter(updateTimes(operations.slice(Math.max(0, k - kept), k)));
    if (!Number.isNaN(t)) last = t;
  }
  const updates: number[] = [];
  /** How many update times each update merges (for taking the oldest out). */
  const members: number[] = [];
  let head = 0;
  const intervals: number[] = [];
  const addInterval = (x: number) => intervals.splice(lowerBound(intervals, x), 0, x);
  const dropInterval = (x: number) => intervals.splice(lowerBound(intervals, x), 1);
  const add = (t: number) => {
    const n = updates.length - head;
    const lastAt = updates.length - 1;
    if (n > 0 && t - updates[lastAt]! <= SAME_UPDATE_MS) {
      if (n > 1) {
        dropInterval(updates[lastAt]! - updates[lastAt - 1]!);
        addInterval(t - updates[lastAt - 1]!);
      }
      updates[lastAt] = t;
      members[lastAt]!++;
    } else {
      if (n > 0) addInterval(t - updates[lastAt]!);
      updates.push(t);
      members.push(1);
    }
  };
  // The oldest update time is in the first update: the update goes when its last member does.
  const dropOldest = () => {
    if (--members[head]! > 0) return;
    if (updates.length - head > 1) dropInterval(updates[head + 1]! - updates[head]!);
    head++;
  };
  let lo = 0;
  let hi = 0;
  return (k) => {
    for (; hi < k; hi++) if (!Number.isNaN(times[hi]!)) add(times[hi]!);
    for (; lo < k - kept; lo++) if (!Number.isNaN(times[lo]!)) dropOldest();
    const n = updates.length - head;
    if (n < MIN_INTERVALS + 1) return null;
    const { median, tolerance } = cadenceOf(intervals);
    return updates.at(-1)! + median + tolerance;
  };
}

export function computeFreshness(times: readonly number[], now: number): Freshness {
  const { updates, lastUpdatedAt, cadence } = learn(times);
  if (lastUpdatedAt === null || cadence === null)
    return {
      lastUpdatedAt,
      cadence: null,
      expectedNextUpdateAt: null,
      toleranceSeconds: null,
      status: 'UNKNOWN',
      lateBySeconds: null,
      updatesObserved: updates,
    };
  const { median, tolerance } = cadence;
  const expectedNextUpdateAt = lastUpdatedAt + median;
  const late = now > expectedNextUpdateAt + tolerance;
  const seconds = Math.round(median / SECOND);
  return {
    lastUpdatedAt,
    cadence: { seconds, label: cadenceLabel(seconds) },
    expectedNextUpdateAt: Math.round(expectedNextUpdateAt),
    toleranceSeconds: Math.round(tolerance / SECOND),
    status: late ? 'LATE' : 'ON_TIME',
    lateBySeconds: late ? Math.round((now - expectedNextUpdateAt) / SECOND) : 0,
    updatesObserved: updates,
  };
}

export function freshnessOf(operations: readonly HubOperation[], now: number): Freshness {
  return computeFreshness(updateTimes(operations), now);
}
