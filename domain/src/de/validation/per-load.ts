import { median } from '../anomaly/baseline.js';
import { learnedCalendarEffect, type CalendarEffect, type Deviation } from './calendar.js';
import type { CatalogDay } from './catalog-calendar.js';
import type { LoadPoint } from './loads.js';
import { fmt } from './format.js';
import { smallSampleFactor } from './small-sample.js';
import type { MetricJudgement, ValidationIssue } from './types.js';

/**
 * Per-load volume: does the latest load (and any since the profile before the latest) add about as many rows
 * as loads like it did? A load is compared, on a log scale, with the loads like it (of its operation type):
 * at the same time of day for a table loaded several times a day, else the recent loads, on the same weekday when the weekday explains
 * them better; shifted by the calendar effect its earlier month ends, quarter ends and month starts showed;
 * a load after a short one may catch up what that one missed. A table whose total barely moves can still have
 * a load 90% short or five times too big, which a band on the total misses.
 *
 * How far is too far is the table's own noise: the robust scale of its loads around their expectation, widened
 * for what is not known exactly (a center that is the median of a few loads, a scale learned from few, a
 * calendar shift seen once or twice), so a noisy table is judged by its noise and a quiet one by a minimum
 * ratio. A sub-daily table's load is also judged against the loads of the 24 hours before it when those moved
 * together (a holiday, which needs a year of history to be expected): out only when out of both, and a
 * shift of the day alone warns.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Loads needed before one is judged. */
export const MIN_LOADS = 8;
/** Recent loads an ordinary expectation is the median of. */
const RECENT_LOADS = 28;
/** Loads at most this far apart (median) are several a day: compared with the same time of day. */
const SUB_DAILY_MS = 18 * HOUR;
/** Same time of day: within this much. */
const TIME_OF_DAY_MS = 45 * 60_000;
/** How far back comparable loads are looked for. */
const LOOKBACK_MS = 120 * DAY;
/** The weekday view is used when its residual scale is below this share of the plain one. */
const WEEKDAY_GAIN = 0.8;
/** Smallest scale on the log scale: loads within ±15% of each other are not a signal. */
const MIN_LOG_SCALE = Math.log(1.15);
/** Judged loads at most (a sub-daily table between two profiles). */
const MAX_JUDGED = 48;

/**
 * A load fails beyond this many scales and this ratio from its expectation; warns beyond the smaller pair.
 * In standard deviations of the noise the scale estimates: one-sided ≈ 2·10⁻⁴ for a normal noise.
 */
export const LOAD_FAIL_SCALES = 3;
export const LOAD_FAIL_RATIO = 2.5;
export const LOAD_WARN_SCALES = 3;
export const LOAD_WARN_RATIO = 1.6;
/** Loads in 24 hours at least, for a sub-daily day's common shift to be told apart from a load's own. */
const DAY_SHIFT_LOADS = 6;

interface Expectation {
  /** log1p of the expected rows. */
  center: number;
  /** Scale of a load around the center: the noise, widened for the center's and the calendar's uncertainty. */
  scale: number;
  /** Residuals the noise scale was learned from (for the small-sample widening). */
  points: number;
  basis: string;
  calendar: CalendarEffect | null;
}

/** A median of m values misses the true center by about √(π/2m) noise scales: the load's scale grows by it. */
const withCenterError = (scale: number, m: number) =>
  Math.max(scale, MIN_LOG_SCALE) * Math.sqrt(1 + Math.PI / (2 * Math.max(1, m)));

const lg = (rows: number) => Math.log1p(Math.max(0, rows));

function mad(values: readonly number[], center: number): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/** The loads like `loads[i]` among those before it, and what they say (no calendar effect). */
function ordinary(loads: readonly LoadPoint[], i: number, subDaily: boolean): Expectation | null {
  const at = loads[i]!.t;
  const past: LoadPoint[] = [];
  for (let j = i - 1; j >= 0 && past.length < RECENT_LOADS * 2; j--) {
    const p = loads[j]!;
    if (at - p.t > LOOKBACK_MS) break;
    if (p.kind !== loads[i]!.kind) continue;
    if (subDaily) {
      const gap = (((at - p.t) % DAY) + DAY) % DAY;
      if (Math.min(gap, DAY - gap) > TIME_OF_DAY_MS) continue;
    }
    past.push(p);
  }
  if (past.length < (subDaily ? 4 : MIN_LOADS)) return null;
  const recent = past.slice(0, subDaily ? 14 : RECENT_LOADS);
  const values = recent.map((p) => lg(p.rows));
  const center = median(values);
  const scale = mad(values, center);
  const plain = { center, scale: withCenterError(scale, values.length), points: values.length };
  const basis = subDaily ? 'the same time of day on earlier days' : `the last ${recent.length} loads`;
  // The weekday view: each load against the median of its weekday among the comparable loads.
  const byDay = new Map<number, number[]>();
  for (const p of past) {
    const d = new Date(p.t).getUTCDay();
    byDay.set(d, [...(byDay.get(d) ?? []), lg(p.rows)]);
  }
  const today = byDay.get(new Date(at).getUTCDay()) ?? [];
  if (today.length >= 3 && byDay.size >= 5) {
    const medians = new Map([...byDay].map(([d, vs]) => [d, median(vs)]));
    const residuals = past.map((p) => lg(p.rows) - medians.get(new Date(p.t).getUTCDay())!);
    const weekdayScale = mad(residuals, 0);
    // A robust scale hides a weekday that differs (two low weekend days barely move a MAD), so the weekday
    // view is also taken when this weekday's median stands apart from the rest.
    const sameDay = today.slice(0, 6);
    const todayCenter = median(sameDay);
    const apart = Math.abs(todayCenter - center) > 2 * Math.max(weekdayScale, MIN_LOG_SCALE);
    if (weekdayScale < WEEKDAY_GAIN * scale || apart)
      return {
        center: todayCenter,
        scale: withCenterError(weekdayScale, sameDay.length),
        points: residuals.length,
        basis: `${subDaily ? 'the same time of day ' : 'earlier loads '}on the same weekday`,
        calendar: null,
      };
  }
  return { ...plain, basis, calendar: null };
}

/** The expectation of `loads[i]`: the ordinary one shifted by the calendar effect the history shows. */
function expectation(loads: readonly LoadPoint[], i: number, subDaily: boolean): Expectation | null {
  const plain = ordinary(loads, i, subDaily);
  if (!plain || subDaily) return plain;
  const at = loads[i]!.t;
  // Deviations of the earlier loads that share a calendar tag with this one (few: month ends, …).
  const past: Deviation[] = [];
  for (let j = i - 1; j >= 0 && at - loads[j]!.t <= 400 * DAY; j--) {
    const e = learnedCalendarEffect(at, [{ t: loads[j]!.t, deviation: 0 }]);
    if (!e) continue;
    const o = ordinary(loads, j, false);
    if (o) past.push({ t: loads[j]!.t, deviation: lg(loads[j]!.rows) - o.center });
  }
  const calendar = learnedCalendarEffect(at, past);
  if (!calendar) return plain;
  // A shift learned from k occurrences is as uncertain as a center of k loads, of the noise or of how much
  // the occurrences disagreed (half their range), whichever is larger.
  const shiftError =
    Math.max(plain.scale, calendar.spread / 2) * Math.sqrt(Math.PI / (2 * calendar.occurrences));
  return {
    center: plain.center + calendar.shift,
    points: plain.points,
    scale: Math.hypot(plain.scale, shiftError),
    basis: `${plain.basis}, shifted as on ${calendar.occurrences} earlier ${calendar.tags.join('/').replaceAll('_', ' ')}(s)`,
    calendar,
  };
}

/** Whether loads come several times a day: the median of their latest intervals (before `end`). */
function isSubDaily(loads: readonly LoadPoint[], end = loads.length): boolean {
  const from = Math.max(1, end - RECENT_LOADS);
  const intervals: number[] = [];
  for (let i = from; i < end; i++) intervals.push(loads[i]!.t - loads[i - 1]!.t);
  return intervals.length > 0 && median(intervals) < SUB_DAILY_MS;
}

/** A load's deviation from its own expectation (log scale) and the width of its warning band. */
export interface LoadDeviation {
  t: number;
  deviation: number;
  width: number;
}

/** The deviations of the loads in [from, to) from what each one's earlier loads expect (those judged). */
export function loadDeviations(loads: readonly LoadPoint[], from: number, to: number): LoadDeviation[] {
  let i = loads.findIndex((l) => l.t >= from);
  if (i < 0 || loads[i]!.t >= to) return [];
  const subDaily = isSubDaily(loads, i);
  const out: LoadDeviation[] = [];
  for (; i < loads.length && loads[i]!.t < to; i++) {
    const e = expectation(loads, i, subDaily);
    if (!e) continue;
    out.push({ t: loads[i]!.t, deviation: lg(loads[i]!.rows) - e.center, width: warnWidthOf(e) });
  }
  return out;
}

const warnWidthOf = (e: Expectation) =>
  Math.max(LOAD_WARN_SCALES * e.scale * smallSampleFactor(e.points), Math.log(LOAD_WARN_RATIO));

/** The catalog events of the days asked (UTC epoch days → event), learned from the table's peers. */
export type CatalogEvents = ReadonlyMap<number, CatalogDay>;

export interface LoadOutcome {
  issue: ValidationIssue | null;
  judgement: MetricJudgement | null;
  /** Whether enough loads were seen to judge one. */
  judged: boolean;
  /**
   * UTC days (epoch days) of the judged loads out of their own band: the days whose catalog events could
   * explain them (a second call with `catalog` for those days judges them against their peers too).
   */
  outDays: number[];
}

/**
 * Judges the loads after `since` (at least the latest) against the loads before each; answers the worst one's
 * issue. `source` says where the loads came from, for the explanation.
 */
export function perLoadVolume(
  loads: readonly LoadPoint[],
  since: number,
  source: string,
  catalog: CatalogEvents = new Map(),
): LoadOutcome {
  const n = loads.length;
  if (n < MIN_LOADS + 1) return { issue: null, judgement: null, judged: false, outDays: [] };
  const subDaily = isSubDaily(loads);
  let first = n - 1;
  while (first > 0 && loads[first - 1]!.t > since && n - first < MAX_JUDGED) first--;
  const judgedLoads: { i: number; e: Expectation; v: number; high: number }[] = [];
  for (let i = first; i < n; i++) {
    const e = expectation(loads, i, subDaily);
    if (!e) continue;
    let high = e.center;
    // A load after a short one may bring what that one missed: short beyond its own warning band, not a load
    // a noisy table's noise put below its median.
    const before = i > 0 ? expectation(loads, i - 1, subDaily) : null;
    const missed = before ? Math.expm1(before.center) - loads[i - 1]!.rows : 0;
    const short =
      before !== null &&
      before.center - lg(loads[i - 1]!.rows) >
        Math.max(LOAD_WARN_SCALES * before.scale, Math.log(LOAD_WARN_RATIO));
    if (short && missed > 0) high = lg(Math.expm1(high) + missed);
    judgedLoads.push({ i, e, v: lg(loads[i]!.rows), high: high - e.center });
  }
  const judged = judgedLoads.length > 0;
  // The recent regime of a sub-daily table: the median deviation of the loads of the 24 hours up to a load,
  // when they moved together (a holiday). A load is judged against its ordinary expectation and against that
  // regime, and is out only when out of both: a holiday's loads are like each other, the ordinary day after
  // it is like the ordinary days, a single bad load is like neither.
  const regimesOf = new Map<number, number[]>();
  if (subDaily && judgedLoads.length > 0) {
    const context: { t: number; dev: number; scale: number }[] = [];
    const from = loads[judgedLoads[0]!.i]!.t - DAY;
    for (let j = judgedLoads[0]!.i - 1; j >= 0 && loads[j]!.t > from; j--) {
      const e = expectation(loads, j, subDaily);
      if (e) context.push({ t: loads[j]!.t, dev: lg(loads[j]!.rows) - e.center, scale: e.scale });
    }
    for (const j of judgedLoads) context.push({ t: loads[j.i]!.t, dev: j.v - j.e.center, scale: j.e.scale });
    const shiftOf = (group: readonly { dev: number; scale: number }[]) => {
      if (group.length < DAY_SHIFT_LOADS) return null;
      const shift = median(group.map((c) => c.dev));
      const typical = median(group.map((c) => c.scale));
      return Math.abs(shift) > Math.max(LOAD_WARN_SCALES * typical, Math.log(LOAD_WARN_RATIO)) ? shift : null;
    };
    for (const j of judgedLoads) {
      const t = loads[j.i]!.t;
      const day = Math.floor(t / DAY);
      const shifts = [
        // The 24 hours up to the load, and its UTC day as far as it is known.
        shiftOf(context.filter((c) => c.t > t - DAY && c.t <= t)),
        shiftOf(context.filter((c) => Math.floor(c.t / DAY) === day)),
      ].filter((x): x is number => x !== null);
      if (shifts.length > 0) regimesOf.set(j.i, shifts);
    }
  }
  let worst: { i: number; e: Expectation; z: number; dev: number; low: number; high: number } | null = null;
  let latest: MetricJudgement | null = null;
  const inRegime: { i: number; e: Expectation; shift: number }[] = [];
  const inCatalog: { i: number; e: Expectation; event: CatalogDay }[] = [];
  const outDays = new Set<number>();
  for (const { i, e: plain, v, high: catchUp } of judgedLoads) {
    const judge = (e: Expectation) => {
      const warnWidth = warnWidthOf(e);
      const high = e.center + catchUp + warnWidth;
      const low = e.center - warnWidth;
      const dev = v > high ? v - high + warnWidth : v < low ? v - e.center : 0;
      return { e, high, low, dev, z: Math.abs(dev) / e.scale };
    };
    let verdict = judge(plain);
    for (const shift of verdict.dev !== 0 ? (regimesOf.get(i) ?? []) : []) {
      const regime = judge({ ...plain, center: plain.center + shift });
      if (regime.z < verdict.z) verdict = regime;
      if (regime.dev === 0) {
        inRegime.push({ i, e: plain, shift });
        break;
      }
    }
    const day = Math.floor(loads[i]!.t / DAY);
    if (verdict.dev !== 0) outDays.add(day);
    // The day the catalog moved together: the load is also judged as its peers moved (the nearest point of the
    // range their deviations span), and is out only when out of that too.
    const event = verdict.dev !== 0 ? catalog.get(day) : undefined;
    if (event) {
      const shift = Math.min(event.high, Math.max(event.low, v - plain.center));
      const like = judge({ ...plain, center: plain.center + shift });
      if (like.z < verdict.z) verdict = like;
      if (like.dev === 0) inCatalog.push({ i, e: plain, event });
    }
    const { e, high, low, dev, z } = verdict;
    if (i === n - 1)
      latest = {
        metric: 'rowsPerLoad',
        observed: loads[i]!.rows,
        expectedLow: Math.round(Math.expm1(low)),
        expectedHigh: Math.round(Math.expm1(high)),
        status: 'pass',
      };
    if (dev !== 0 && (!worst || z > worst.z)) worst = { i, e, z, dev, low, high };
  }
  const days = [...outDays];
  if (inCatalog.length > 0 && !worst)
    return { issue: catalogDayIssue(loads, inCatalog), judgement: latest, judged, outDays: days };
  if (inRegime.length > 0 && !worst)
    return {
      issue: dayShiftIssue(loads, inRegime, median(inRegime.map((r) => r.shift))),
      judgement: latest,
      judged,
      outDays: days,
    };
  if (!worst) return { issue: null, judgement: latest, judged, outDays: days };
  const { i, e, dev, low, high } = worst;
  const fail =
    Math.abs(dev) >=
    Math.max(LOAD_FAIL_SCALES * e.scale * smallSampleFactor(e.points), Math.log(LOAD_FAIL_RATIO));
  const severity = fail ? 'fail' : 'warn';
  if (latest && i === n - 1) latest.status = severity;
  const rows = loads[i]!.rows;
  const expected = Math.round(Math.expm1(e.center));
  const ratio = expected > 0 ? rows / expected : Infinity;
  const lo = Math.round(Math.expm1(low));
  const hi = Math.round(Math.expm1(high));
  return {
    judged,
    judgement: latest,
    outDays: days,
    issue: {
      check: 'load_volume',
      metric: 'rowsPerLoad',
      severity,
      observed: rows,
      expectedLow: lo,
      expectedHigh: hi,
      anomalyScore: null,
      expectation: `rows per load about ${fmt(expected)} (${fmt(lo)}–${fmt(hi)}), from ${e.basis}`,
      explanation: `The load of ${new Date(loads[i]!.t).toISOString()} added ${fmt(rows)} rows (${source}), ${ratio >= 1 ? `${fmt(ratio)}×` : `${fmt(Math.round((1 - ratio) * 100))}% fewer than`} the ${fmt(expected)} expected from ${e.basis}.`,
      relatedUrn: null,
    },
  };
}

/** The warning for sub-daily loads that moved together with the day's loads (a holiday, a partial source). */
function dayShiftIssue(
  loads: readonly LoadPoint[],
  judged: readonly { i: number; e: Expectation }[],
  shift: number,
): ValidationIssue {
  const rows = judged.reduce((a, j) => a + loads[j.i]!.rows, 0);
  const expected = Math.round(judged.reduce((a, j) => a + Math.expm1(j.e.center), 0));
  const ratio = Math.exp(shift);
  return {
    check: 'load_volume',
    metric: 'rowsPerLoad',
    severity: 'warn',
    observed: rows,
    expectedLow: null,
    expectedHigh: null,
    anomalyScore: null,
    expectation: `these ${judged.length} loads write about ${fmt(expected)} rows, each as at the same time of day on earlier days`,
    explanation: `${judged.length} loads since ${new Date(loads[judged[0]!.i]!.t).toISOString()} moved together with the loads of the day before them: ${fmt(rows)} rows, ${ratio >= 1 ? `${fmt(Number(ratio.toFixed(2)))}×` : `${fmt(Math.round((1 - ratio) * 100))}% fewer than`} the ${fmt(expected)} expected. A whole day that moves together is often a holiday; each load is as expected for such a day.`,
    relatedUrn: null,
  };
}

/** The warning for loads that moved as most of their catalog's tables did that day (a holiday, a sales day). */
function catalogDayIssue(
  loads: readonly LoadPoint[],
  judged: readonly { i: number; e: Expectation; event: CatalogDay }[],
): ValidationIssue {
  const { i, e, event } = judged.at(-1)!;
  const rows = loads[i]!.rows;
  const expected = Math.round(Math.expm1(e.center));
  const pct = (x: number) => `${fmt(Math.round(Math.abs(1 - Math.exp(x)) * 100))}%`;
  const moved = event.direction === 'down' ? 'fewer' : 'more';
  return {
    check: 'load_volume',
    metric: 'rowsPerLoad',
    severity: 'warn',
    observed: rows,
    expectedLow: null,
    expectedHigh: null,
    anomalyScore: null,
    expectation: `rows per load about ${fmt(expected)} from ${e.basis}; on ${new Date(event.day * DAY).toISOString().slice(0, 10)} ${event.moved} of ${event.voters} tables of the platform loaded ${pct(event.direction === 'down' ? event.high : event.low)}–${pct(event.direction === 'down' ? event.low : event.high)} ${moved} rows than usual`,
    explanation: `The load of ${new Date(loads[i]!.t).toISOString()} added ${fmt(rows)} rows against the ${fmt(expected)} expected from ${e.basis}, as ${event.moved} of the ${event.voters} tables of its platform that loaded that day moved: a day of the catalog's calendar (a holiday, a sales day), not this table's alone.`,
    relatedUrn: null,
  };
}
