/**
 * The synthetic warehouse of `npm run bench:incidents`: tables of ten kinds with a history of loads
 * (DataHub `operation` events), profiles (`datasetProfile`) and schema versions, shaped by growth, weekday
 * seasonality, month- and quarter-end peaks and holidays, with labelled incidents and clean points to
 * validate at. Pure and seeded: a split is the same every run.
 *
 * Four splits. TUNING, PREVIOUS and REPORTING are tuned on: PREVIOUS and then REPORTING were the reporting
 * split until their figures had been seen while the validator was changed, so they count as tuning data now.
 * FRESH is the reporting split: defined and committed before the tuning it reports (issue #23's catalog
 * calendar) and run once the changes are final. They differ in seed, in when the history ends (so month ends,
 * weekdays and holidays fall elsewhere), in the mix of table kinds, in how noise is drawn (its scale, and for
 * REPORTING and FRESH heavier tails than the normal the others draw from) and, for FRESH, in the business
 * calendar's holidays.
 */
import { mulberry32 } from '@dataspoke/domain/shared/prng';

export type TableKind =
  | 'daily_append'
  | 'hourly_append'
  | 'weekly_append'
  | 'snapshot'
  | 'dimension'
  | 'daily_report'
  | 'weekly_report'
  | 'intermittent'
  | 'noisy_append'
  | 'ledger';

export const TABLE_KINDS: readonly TableKind[] = [
  'daily_append',
  'hourly_append',
  'weekly_append',
  'snapshot',
  'dimension',
  'daily_report',
  'weekly_report',
  'intermittent',
  'noisy_append',
  'ledger',
];

export type IncidentType =
  'stuck' | 'load_drop' | 'load_spike' | 'level_drop' | 'late_load' | 'null_spike' | 'schema_change';

export const INCIDENT_TYPES: readonly IncidentType[] = [
  'stuck',
  'load_drop',
  'load_spike',
  'level_drop',
  'late_load',
  'null_spike',
  'schema_change',
];

/** Where a clean point sits: just after a load, between loads, on or right after a month end or holiday. */
export type CleanContext = 'after_load' | 'between_loads' | 'month_end' | 'after_month_end' | 'after_holiday';

export interface Load {
  t: number;
  rows: number;
  type: 'INSERT' | 'CREATE' | 'UPDATE' | 'DELETE';
}

export interface FieldProfile {
  fieldPath: string;
  uniqueCount: number;
  nullCount: number;
  nullProportion: number;
  min?: number;
  max?: number;
  mean?: number;
}

export interface Profile {
  t: number;
  rowCount: number;
  sizeInBytes: number;
  columnCount: number;
  fields: FieldProfile[];
}

export interface Column {
  name: string;
  type: 'NUMBER' | 'STRING' | 'TIME';
  native: string;
  key: boolean;
}

export interface Point {
  asOf: number;
  label: IncidentType | 'clean';
  context: CleanContext | 'incident';
}

export interface TableCase {
  urn: string;
  kind: TableKind;
  created: number;
  loads: Load[];
  profiles: Profile[];
  columns: Column[];
  /** A second schema version and when it took effect (schema_change incidents). */
  schemaChange: { at: number; columns: Column[] } | null;
  points: Point[];
}

export type SplitName = 'tuning' | 'previous' | 'reporting' | 'fresh';

export interface Split {
  name: SplitName;
  seed: number;
  /** The end of every history (UTC). */
  end: number;
  tables: number;
  days: number;
  /** Multiplies the drawn noise levels. */
  noiseScale: number;
  /**
   * The distribution of a load's volume noise (on a log scale, unit variance): normal, or Student's t with 5
   * degrees of freedom (heavier tails: the odd load far from the rest without an incident).
   */
  noiseShape: 'normal' | 'student5';
  /** The range a table's daily growth rate is drawn from. */
  growth: readonly [number, number];
  /** Weight of each kind in the mix. */
  kindWeights: Record<TableKind, number>;
  /** The business calendar's holidays (UTC month 0–11, day); the benchmark's first calendar when absent. */
  holidays?: readonly (readonly [number, number])[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const EVEN: Record<TableKind, number> = Object.fromEntries(TABLE_KINDS.map((k) => [k, 1])) as Record<
  TableKind,
  number
>;

export const SPLITS: Record<SplitName, Split> = {
  tuning: {
    name: 'tuning',
    seed: 1729,
    end: Date.UTC(2026, 6, 20),
    tables: 150,
    days: 180,
    noiseScale: 1,
    noiseShape: 'normal',
    growth: [-0.0005, 0.004],
    kindWeights: EVEN,
  },
  previous: {
    name: 'previous',
    seed: 90210,
    end: Date.UTC(2026, 10, 26),
    tables: 150,
    days: 180,
    noiseScale: 1.25,
    noiseShape: 'normal',
    growth: [-0.0005, 0.005],
    kindWeights: { ...EVEN, intermittent: 1.5, noisy_append: 1.5, weekly_report: 1.3, ledger: 1.3 },
  },
  reporting: {
    name: 'reporting',
    seed: 271828,
    end: Date.UTC(2026, 2, 10),
    tables: 150,
    days: 180,
    noiseScale: 1.1,
    noiseShape: 'student5',
    growth: [-0.001, 0.0045],
    kindWeights: {
      ...EVEN,
      hourly_append: 1.4,
      weekly_append: 1.4,
      noisy_append: 1.4,
      snapshot: 0.8,
      dimension: 0.8,
    },
  },
  // Issue #23's second reporting split, committed before the catalog calendar's tuning was looked at on it:
  // another seed, another business calendar (other holidays, two of them on consecutive days in spring),
  // a history ending in mid-June, and its own kind mix and noise.
  fresh: {
    name: 'fresh',
    seed: 577215,
    end: Date.UTC(2026, 5, 16),
    tables: 150,
    days: 180,
    noiseScale: 1.15,
    noiseShape: 'student5',
    growth: [-0.0008, 0.0045],
    kindWeights: {
      ...EVEN,
      daily_append: 1.3,
      daily_report: 1.2,
      intermittent: 1.3,
      ledger: 1.2,
      hourly_append: 0.8,
      snapshot: 0.9,
    },
    holidays: [
      [0, 1],
      [0, 6],
      [1, 24],
      [3, 3],
      [3, 6],
      [4, 1],
      [4, 14],
      [4, 15],
      [5, 4],
      [7, 15],
      [9, 3],
      [10, 11],
      [11, 25],
      [11, 26],
    ],
  },
};

interface Draw {
  (): number;
  uniform(lo: number, hi: number): number;
  logUniform(lo: number, hi: number): number;
  normal(): number;
  /** Student's t with 5 degrees of freedom, scaled to unit variance. */
  student5(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
}

function draw(seed: number): Draw {
  const r = mulberry32(seed);
  const d = (() => r()) as Draw;
  d.uniform = (lo, hi) => lo + (hi - lo) * r();
  d.logUniform = (lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r());
  d.normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  d.student5 = () => {
    let chi2 = 0;
    for (let k = 0; k < 5; k++) chi2 += d.normal() ** 2;
    return (d.normal() / Math.sqrt(chi2 / 5)) * Math.sqrt(3 / 5);
  };
  d.int = (lo, hi) => Math.floor(lo + (hi - lo + 1) * r());
  d.pick = (items) => items[Math.floor(r() * items.length)]!;
  return d;
}

/** Holidays of the benchmark's first business calendar (the validator is not told them). */
const HOLIDAYS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 19],
  [1, 16],
  [4, 25],
  [6, 3],
  [8, 7],
  [10, 26],
  [11, 24],
  [11, 25],
  [11, 31],
];

const dayKey = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCMonth()}-${d.getUTCDate()}`;
};
/** Whether `t` falls on a holiday of the split's business calendar. */
export function holidaysOf(split: Split): (t: number) => boolean {
  const days = new Set((split.holidays ?? HOLIDAYS).map(([m, d]) => `${m}-${d}`));
  return (t) => days.has(dayKey(t));
}
const isMonthEnd = (t: number) => new Date(t + DAY).getUTCDate() === 1;
const isQuarterEnd = (t: number) => isMonthEnd(t) && new Date(t).getUTCMonth() % 3 === 2;
const weekday = (t: number) => new Date(t).getUTCDay();

/** Which incident types fit a kind (a snapshot has no per-load volume distinct from its level, …). */
const FITS: Record<TableKind, readonly IncidentType[]> = {
  daily_append: INCIDENT_TYPES,
  hourly_append: INCIDENT_TYPES,
  weekly_append: INCIDENT_TYPES,
  snapshot: ['level_drop', 'late_load', 'null_spike', 'schema_change'],
  dimension: ['level_drop', 'late_load', 'null_spike', 'schema_change'],
  daily_report: INCIDENT_TYPES,
  weekly_report: ['level_drop', 'late_load', 'null_spike', 'schema_change'],
  intermittent: ['load_drop', 'load_spike', 'level_drop', 'late_load', 'null_spike', 'schema_change'],
  noisy_append: INCIDENT_TYPES,
  ledger: INCIDENT_TYPES,
};

const APPEND: ReadonlySet<TableKind> = new Set([
  'daily_append',
  'hourly_append',
  'weekly_append',
  'daily_report',
  'intermittent',
  'noisy_append',
  'ledger',
]);

interface Params {
  kind: TableKind;
  base: number;
  growth: number;
  weekend: number;
  monthEnd: number;
  quarterEnd: number;
  holiday: number;
  noise: number;
  loadHour: number;
  nullBase: number;
  categories: number;
  amount: number;
  loadWeekday: number;
  isHoliday: (t: number) => boolean;
}

function params(kind: TableKind, d: Draw, split: Split): Params {
  const business = d() < 0.6;
  const noise =
    split.noiseScale *
    (kind === 'noisy_append'
      ? d.uniform(0.3, 0.5)
      : kind === 'daily_report'
        ? d.uniform(0.005, 0.02)
        : d.uniform(0.04, 0.15));
  return {
    kind,
    base:
      kind === 'dimension'
        ? d.logUniform(500, 50_000)
        : kind === 'snapshot' || kind === 'weekly_report'
          ? d.logUniform(1_000, 2_000_000)
          : kind === 'daily_report'
            ? d.int(50, 2_000)
            : d.logUniform(2_000, 500_000),
    growth: d.uniform(split.growth[0], split.growth[1]),
    weekend: business && kind !== 'daily_report' ? d.uniform(0.2, 0.7) : 1,
    monthEnd: kind === 'ledger' ? d.uniform(2, 3.5) : d() < 0.25 ? d.uniform(1.3, 2) : 1,
    quarterEnd: kind === 'ledger' ? d.uniform(1.3, 2) : 1,
    holiday: business ? d.uniform(0.15, 0.5) : 1,
    noise,
    loadHour: d.uniform(1, 7),
    nullBase: d() < 0.3 ? d.uniform(0, 0.01) : d.uniform(0.01, 0.25),
    categories: d.int(3, 40),
    amount: d.logUniform(5, 5_000),
    loadWeekday: d.int(0, 6),
    isHoliday: holidaysOf(split),
  };
}

/** The load schedule: when each load is due, before effects. */
function schedule(p: Params, start: number, end: number, d: Draw): number[] {
  const out: number[] = [];
  // Whole milliseconds: DataHub's timestampMillis is a long.
  const push = out.push.bind(out);
  out.push = (...ts: number[]) => push(...ts.map(Math.round));
  const jitter = () => d.normal() * 0.25 * HOUR;
  if (p.kind === 'hourly_append') {
    for (let t = start; t < end; t += HOUR) out.push(t + 5 * 60_000 + Math.abs(d.normal()) * 3 * 60_000);
  } else if (p.kind === 'weekly_append' || p.kind === 'weekly_report') {
    for (let t = start; t < end; t += DAY)
      if (weekday(t) === p.loadWeekday) out.push(t + p.loadHour * HOUR + jitter());
  } else if (p.kind === 'intermittent') {
    let t = start + p.loadHour * HOUR;
    while (t < end) {
      out.push(t + jitter());
      t += d.pick([1, 1, 2, 2, 3, 4, 5]) * DAY + d.normal() * 2 * HOUR;
    }
  } else {
    for (let t = start; t < end; t += DAY) out.push(t + p.loadHour * HOUR + jitter());
  }
  return out;
}

/** The calendar factor of a load on day `t`: weekday, month end, quarter end, holiday and the day after it. */
function calendar(p: Params, t: number): number {
  let f = 1;
  const wd = weekday(t);
  if (wd === 0 || wd === 6) f *= p.weekend;
  if (isMonthEnd(t)) f *= p.monthEnd;
  if (isQuarterEnd(t)) f *= p.quarterEnd;
  if (p.isHoliday(t)) f *= p.holiday;
  else if (p.isHoliday(t - DAY) && p.holiday < 1) f *= 1 + (1 - p.holiday) * 0.6;
  return f;
}

const HOUR_SHAPE = Array.from(
  { length: 24 },
  (_, h) => 0.4 + Math.max(0, Math.sin(((h - 6) / 24) * 2 * Math.PI)),
);
const HOUR_SUM = HOUR_SHAPE.reduce((a, b) => a + b, 0);

const columnsOf = (kind: TableKind): Column[] => [
  { name: 'id', type: 'NUMBER', native: 'BIGINT', key: true },
  { name: 'updated_at', type: 'TIME', native: 'TIMESTAMP', key: false },
  { name: 'customer_id', type: 'NUMBER', native: 'BIGINT', key: false },
  { name: 'amount', type: 'NUMBER', native: 'DECIMAL(12,2)', key: false },
  { name: 'category', type: 'STRING', native: 'VARCHAR(32)', key: false },
  { name: kind === 'dimension' ? 'description' : 'note', type: 'STRING', native: 'VARCHAR(256)', key: false },
];

interface Plan {
  type: IncidentType;
  /** Index of the first load the incident touches. */
  load: number;
  magnitude: number;
}

/** One table's history with its incident (if any) and its clean points. */
function tableCase(split: Split, index: number, kind: TableKind, d: Draw): TableCase {
  const end = split.end;
  const start = end - split.days * DAY;
  const p = params(kind, d, split);
  const { isHoliday } = p;
  const due = schedule(p, start, end, d);
  const columns = columnsOf(kind);
  const urn = `urn:li:dataset:(urn:li:dataPlatform:snowflake,bench_${split.name}.${kind}_${index},PROD)`;
  const fits = FITS[kind];
  const hasIncident = d() < 0.9;
  // The incident lands in the last two months, after at least 110 days of history.
  const firstEligible = due.findIndex((t) => t >= start + 110 * DAY);
  const lastEligible = due.findIndex((t) => t >= end - 8 * DAY);
  let plan: Plan | null = null;
  if (hasIncident && firstEligible >= 0) {
    const type = d.pick(fits);
    let load = d.int(firstEligible, Math.max(firstEligible, lastEligible - 1));
    // Per-load incidents land on ordinary days: a 90% drop on a holiday is what a holiday looks like.
    while (load > firstEligible && (isHoliday(due[load]!) || isHoliday(due[load]! - DAY))) load--;
    // An hourly table is profiled once a day (after its 01:00 load): its incident starts with that load, a
    // stuck one just after it, so the next profiles show it.
    if (kind === 'hourly_append')
      while (load > 0 && new Date(due[load]!).getUTCHours() !== (type === 'stuck' ? 2 : 1)) load--;
    const magnitude =
      type === 'load_drop'
        ? d.uniform(0.03, 0.15)
        : type === 'load_spike'
          ? d.uniform(4, 8)
          : type === 'level_drop'
            ? d.uniform(0.35, 0.7)
            : type === 'null_spike'
              ? d.uniform(0.3, 0.7)
              : 0;
    plan = { type, load, magnitude };
  }

  const loads: Load[] = [];
  const profiles: Profile[] = [];
  let rows = kind === 'dimension' || kind === 'snapshot' || kind === 'weekly_report' ? p.base : p.base * 30;
  let maxId = rows;
  let nullP: number;
  let categories = p.categories;
  let lastLoadAt: number;
  let stuckProfile: Profile | null = null;
  let columnsNow = columns;
  let schemaChange: TableCase['schemaChange'] = null;
  const points: Point[] = [];
  const lateAt = (i: number): number => {
    const gap =
      kind === 'hourly_append'
        ? 3 * HOUR
        : kind.startsWith('weekly')
          ? 4 * DAY
          : kind === 'intermittent'
            ? 12 * DAY
            : 12 * HOUR;
    return due[i]! + gap;
  };
  let skipUntil = -Infinity;
  // Stuck for three loads; an hourly table for three days of loads (three daily profiles).
  const stuckLoads = kind === 'hourly_append' ? 72 : 3;

  for (let i = 0; i < due.length; i++) {
    let t = due[i]!;
    const day = Math.floor((t - start) / DAY);
    const trend = Math.pow(1 + p.growth, day);
    const noise = Math.exp(p.noise * (split.noiseShape === 'student5' ? d.student5() : d.normal()));
    const incident = plan && i >= plan.load ? plan : null;
    const at = plan !== null && i === plan.load;
    if (incident?.type === 'late_load' && at) {
      points.push({ asOf: lateAt(i), label: 'late_load', context: 'incident' });
      t = lateAt(i) + 2 * HOUR;
      skipUntil = t;
    }
    if (t <= skipUntil && !(incident?.type === 'late_load' && at)) continue;
    let type: Load['type'] = 'INSERT';
    let affected: number;
    const cal = calendar(p, t);
    if (kind === 'snapshot' || kind === 'weekly_report') {
      rows = Math.round(p.base * trend * (1 + 0.2 * p.noise * d.normal()));
      affected = rows;
      type = 'CREATE';
    } else if (kind === 'dimension') {
      const added = Math.max(0, Math.round(d.uniform(0, 2) * p.base * 0.002 * trend + d.normal() * 2));
      rows += added;
      affected = added + Math.round(rows * 0.01 * noise);
      type = 'UPDATE';
    } else if (kind === 'daily_report') {
      affected = Math.round(p.base * trend * noise);
      rows += affected;
    } else {
      const perLoad =
        kind === 'hourly_append'
          ? (p.base * HOUR_SHAPE[new Date(t).getUTCHours()]!) / HOUR_SUM
          : kind.startsWith('weekly')
            ? p.base * 7
            : kind === 'intermittent'
              ? p.base * 2
              : p.base;
      affected = Math.max(1, Math.round(perLoad * trend * cal * noise));
      rows += affected;
    }
    if (incident && at) {
      if (incident.type === 'load_drop' || incident.type === 'load_spike') {
        const changed = Math.max(1, Math.round(affected * incident.magnitude));
        rows += changed - affected;
        affected = changed;
      }
      if (incident.type === 'level_drop') {
        const removed = Math.round(rows * (1 - incident.magnitude));
        rows -= removed;
        if (APPEND.has(kind)) {
          loads.push({ t: t - 10 * 60_000, rows: removed, type: 'DELETE' });
        }
      }
    }
    if (incident?.type === 'stuck' && i < incident.load + stuckLoads) {
      rows -= affected;
      affected = 0;
    }
    if (incident?.type === 'null_spike') nullP = incident.magnitude * (1 + 0.03 * d.normal());
    else nullP = Math.min(0.95, Math.max(0, p.nullBase * (1 + 0.12 * split.noiseScale * d.normal())));
    if (d() < 0.004) categories++;
    maxId += Math.max(0, affected);
    if (incident?.type === 'schema_change' && at) {
      const drop = d.pick(['amount', 'category']);
      const retype = d() < 0.5;
      columnsNow = columns
        .filter((c) => c.name !== drop)
        .map((c) =>
          retype && c.name === 'customer_id' ? { ...c, type: 'STRING' as const, native: 'VARCHAR(64)' } : c,
        );
      schemaChange = { at: t - 5 * 60_000, columns: columnsNow };
    }
    loads.push({ t, rows: affected, type });
    lastLoadAt = t;

    // The profile: after each load, or once a day for hourly loads.
    const profileNow = kind !== 'hourly_append' || new Date(t).getUTCHours() === 1;
    if (!profileNow) continue;
    const pt = t + 20 * 60_000;
    let profile: Profile;
    if (incident?.type === 'stuck' && i < incident.load + stuckLoads && stuckProfile) {
      profile = { ...stuckProfile, t: pt };
    } else {
      const r = Math.max(0, Math.round(rows));
      const present = new Set(columnsNow.map((c) => c.name));
      const nullCount = Math.round(r * nullP);
      const mean = p.amount * (1 + 0.03 * p.noise * d.normal());
      const fields: FieldProfile[] = [
        { fieldPath: 'id', uniqueCount: r, nullCount: 0, nullProportion: 0, min: 1, max: Math.round(maxId) },
        {
          fieldPath: 'updated_at',
          uniqueCount: Math.round(r * 0.92),
          nullCount: 0,
          nullProportion: 0,
          min: Math.floor((start - 400 * DAY) / 1000),
          max: Math.floor(lastLoadAt / 1000),
        },
        {
          fieldPath: 'customer_id',
          uniqueCount: Math.round(3 * Math.pow(Math.max(1, r), 0.8)),
          nullCount: 0,
          nullProportion: 0,
          min: 1,
          max: Math.round(3 * Math.pow(Math.max(1, maxId), 0.8) * 1.1),
        },
        {
          fieldPath: 'amount',
          uniqueCount: Math.round(Math.min(r * 0.6, p.amount * 500)),
          nullCount: 0,
          nullProportion: 0,
          min: Number((p.amount * 0.01).toFixed(2)),
          max: Number((p.amount * (8 + 4 * d())).toFixed(2)),
          mean: Number(mean.toFixed(4)),
        },
        { fieldPath: 'category', uniqueCount: Math.min(categories, r), nullCount: 0, nullProportion: 0 },
        {
          fieldPath: columns[5]!.name,
          uniqueCount: Math.round((r - nullCount) * 0.5),
          nullCount,
          nullProportion: r > 0 ? Number((nullCount / r).toFixed(6)) : 0,
        },
      ].filter((f) => present.has(f.fieldPath));
      profile = {
        t: pt,
        rowCount: r,
        sizeInBytes: Math.round(r * 180 * (1 + 0.01 * d.normal())),
        columnCount: columnsNow.length,
        fields,
      };
    }
    stuckProfile = profile;
    profiles.push(profile);
    if (incident && plan) {
      const stuckAt = incident.type === 'stuck' && profiles.filter((x) => x.t > due[plan.load]!).length === 2;
      const once = at && !['stuck', 'late_load'].includes(incident.type);
      if (stuckAt || once) points.push({ asOf: pt + HOUR, label: incident.type, context: 'incident' });
    }
  }

  // Clean points: before the incident (or before the end), after 60 days of history.
  const cleanEnd = plan ? due[plan.load]! - 2 * DAY : end - DAY;
  const cleanStart = start + 60 * DAY;
  const usable = profiles.filter((x) => x.t > cleanStart && x.t < cleanEnd);
  const after = (pr: Profile): Point['asOf'] => pr.t + HOUR;
  const add = (pr: Profile | undefined, context: CleanContext) => {
    if (pr && !points.some((x) => x.asOf === after(pr)))
      points.push({ asOf: after(pr), label: 'clean', context });
  };
  for (let k = 0; k < 2 && usable.length > 0; k++) add(d.pick(usable), 'after_load');
  add(d.pick(usable.filter((x) => isMonthEnd(x.t))), 'month_end');
  add(d.pick(usable.filter((x) => new Date(x.t).getUTCDate() <= 2)), 'after_month_end');
  add(d.pick(usable.filter((x) => isHoliday(x.t - DAY) || isHoliday(x.t - 2 * DAY))), 'after_holiday');
  const inner = loads.filter((l) => l.t > cleanStart && l.t < cleanEnd && l.type !== 'DELETE');
  if (inner.length > 2) {
    const i = d.int(0, inner.length - 2);
    const a = inner[i]!.t;
    const b = inner[i + 1]!.t;
    points.push({
      asOf: Math.round(a + (b - a) * d.uniform(0.3, 0.9)),
      label: 'clean',
      context: 'between_loads',
    });
  }
  return {
    urn,
    kind,
    created: start - DAY,
    loads,
    profiles,
    columns,
    schemaChange,
    points: points.filter((x) => x.asOf <= end).map((x) => ({ ...x, asOf: Math.round(x.asOf) })),
  };
}

/** Every table of a split. */
export function generateSplit(split: Split): TableCase[] {
  const d = draw(split.seed);
  const weights = TABLE_KINDS.map((k) => split.kindWeights[k]);
  const total = weights.reduce((a, b) => a + b, 0);
  const out: TableCase[] = [];
  for (let i = 0; i < split.tables; i++) {
    // Every kind at least once, then by weight.
    let kind: TableKind;
    if (i < TABLE_KINDS.length) kind = TABLE_KINDS[i]!;
    else {
      let x = d() * total;
      let k = 0;
      while (x > weights[k]!) x -= weights[k++]!;
      kind = TABLE_KINDS[k]!;
    }
    out.push(tableCase(split, i, kind, draw(split.seed * 1000 + i)));
  }
  return out;
}
