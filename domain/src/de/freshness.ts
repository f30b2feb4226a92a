import type { HubOperation, HubTimeRange } from '../ports/hub-port.js';

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

function quantile(sorted: readonly number[], q: number): number {
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

export function computeFreshness(times: readonly number[], now: number): Freshness {
  const sorted = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const updates: number[] = [];
  for (const t of sorted) {
    const last = updates.length - 1;
    if (last >= 0 && t - updates[last]! <= SAME_UPDATE_MS) updates[last] = t;
    else updates.push(t);
  }
  const lastUpdatedAt = updates.at(-1) ?? null;
  const unknown: Freshness = {
    lastUpdatedAt,
    cadence: null,
    expectedNextUpdateAt: null,
    toleranceSeconds: null,
    status: 'UNKNOWN',
    lateBySeconds: null,
    updatesObserved: updates.length,
  };
  if (lastUpdatedAt === null || updates.length < MIN_INTERVALS + 1) return unknown;

  const intervals = updates
    .slice(1)
    .map((t, i) => t - updates[i]!)
    .sort((a, b) => a - b);
  const median = quantile(intervals, 0.5);
  const spread = quantile(intervals, 0.9) - median;
  // An intermittent feed (its intervals spread far around their median) is late only past the long gaps it
  // has had before, not past its median: those gaps are its normal.
  const intermittent = quantile(intervals, 0.9) > IRREGULAR_SPREAD * median;
  const longGap = intermittent ? LONG_GAP_MARGIN * quantile(intervals, 0.95) - median : 0;
  const tolerance = Math.max(MIN_TOLERANCE_MS, TOLERANCE_SHARE * median, spread, longGap);
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
    updatesObserved: updates.length,
  };
}

export function freshnessOf(operations: readonly HubOperation[], now: number): Freshness {
  return computeFreshness(updateTimes(operations), now);
}
