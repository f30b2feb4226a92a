/**
 * The state one catalog is generated from: its clock (history days laid out back from the UTC day of
 * `now`), how many replicas of the template it holds, each dataset instance's load schedule and business
 * volume, and the effects planted incidents have on them. Every part of the history reads time and
 * volume here, so the operations, profiles and incidents of a dataset agree with each other.
 */
import { Rng, hash32, noiseAtHash, uniformAt, uniformAtHash } from '@dataspoke/domain/shared/prng';
import type { ColumnType } from './tables.js';
import { DATASET_TEMPLATES, type DatasetTemplate, type Seasonality } from './templates.js';
import type { PlantedIncident } from './incidents.js';
import { datasetRef, region, type DatasetRef, type Region } from './regions.js';

export const DEMO_TEMPLATE_SIZE = DATASET_TEMPLATES.length;

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

// Day-of-week factors, Sunday first.
export const SEASON: Readonly<Record<Seasonality, readonly number[]>> = {
  consumer: [1.16, 0.96, 0.95, 0.97, 0.99, 1.03, 1.12],
  business: [0.58, 1.04, 1.06, 1.05, 1.03, 1.0, 0.64],
  flat: [1, 1, 1, 1, 1, 1, 1],
};

export interface Effects {
  /** Loads and profiles stop after this day index (late load). */
  lastLoadDay?: number;
  /** Loads and profiles stop after this time (a stalled hourly feed). */
  stopAfter?: number;
  volumeDrop?: { fromDay: number; factor: number };
  nullSpike?: { field: string; fromDay: number; proportion: number };
  schemaChange?: { at: number; retype: string; newType: ColumnType; remove: string };
}

export interface Instance {
  t: DatasetTemplate;
  replica: number;
  rg: Region;
  ref: DatasetRef;
  /** Scheduled hour and minute of the daily/weekly load, or the minute of hourly loads. */
  loadHour: number;
  loadMinute: number;
  growthPerYear: number;
  jitterHash: number;
  volumeHash: number;
  createdAt: number;
}

export class Context {
  readonly anchor: number;
  readonly anchorDayNumber: number;
  readonly dayStrings: string[];
  readonly effects = new Map<string, Effects>();
  readonly incidents: PlantedIncident[] = [];

  constructor(
    readonly seed: number,
    readonly now: number,
    readonly datasets: number,
    readonly historyDays: number,
    readonly hourlyDays: number,
  ) {
    this.anchor = Math.floor(now / DAY) * DAY;
    this.anchorDayNumber = this.anchor / DAY;
    this.dayStrings = [];
    for (let k = -1; k < historyDays; k++)
      this.dayStrings.push(new Date(this.dayStart(k)).toISOString().slice(0, 10));
  }

  get replicas(): number {
    return Math.ceil(this.datasets / DEMO_TEMPLATE_SIZE);
  }
  /** How many templates of replica r are in the catalog. */
  replicaSize(r: number): number {
    return Math.max(0, Math.min(DEMO_TEMPLATE_SIZE, this.datasets - r * DEMO_TEMPLATE_SIZE));
  }
  dayStart(k: number): number {
    return this.anchor - (this.historyDays - 1 - k) * DAY;
  }
  dayString(k: number): string {
    return this.dayStrings[k + 1] ?? new Date(this.dayStart(k)).toISOString().slice(0, 10);
  }
  dow(k: number): number {
    return (((this.anchorDayNumber - (this.historyDays - 1 - k) + 4) % 7) + 7) % 7;
  }

  instance(replica: number, index: number): Instance {
    const t = DATASET_TEMPLATES[index];
    if (!t) throw new Error(`no template ${index}`);
    const rg = region(this.seed, replica);
    const ref = datasetRef(t, rg);
    const rng = Rng.of(this.seed, `schedule:${ref.urn}`);
    const [lo, hi] =
      t.layer === 'bronze'
        ? [1, 2]
        : t.layer === 'silver'
          ? [3, 4]
          : t.cadence === 'weekly'
            ? [7, 8]
            : [5, 6];
    return {
      t,
      replica,
      rg,
      ref,
      loadHour: rng.int(lo, hi),
      loadMinute: rng.int(0, 50),
      growthPerYear: 0.04 + 0.2 * uniformAt(this.seed, `growth:${rg.code}:${t.volumeKey}`, 0),
      jitterHash: hash32(`jitter:${ref.urn}`, this.seed),
      volumeHash: hash32(`vol:${rg.code}:${t.volumeKey}`, this.seed),
      createdAt: this.anchor - (t.layer === 'source' ? rng.int(900, 2400) : rng.int(200, 800)) * DAY,
    };
  }

  /** Time of the scheduled load of day k (daily/weekly) or of hour h of day k (hourly); jitter of a few minutes. */
  loadTime(inst: Instance, k: number, h = 0): number {
    const j = uniformAtHash(inst.jitterHash, k * 24 + h);
    if (inst.t.cadence === 'hourly')
      return this.dayStart(k) + h * HOUR + (inst.loadMinute % 15) * MINUTE + Math.floor(j * 180_000);
    return this.dayStart(k) + inst.loadHour * HOUR + inst.loadMinute * MINUTE + Math.floor(j * 480_000);
  }

  /** Time of the daily profile of day k. */
  profileTime(inst: Instance, k: number): number {
    const c = inst.t.cadence;
    if (c === 'daily') return this.loadTime(inst, k) + 14 * MINUTE + (inst.loadMinute % 7) * MINUTE;
    if (c === 'weekly') return this.dayStart(k) + inst.loadHour * HOUR + 55 * MINUTE;
    if (c === 'hourly') return this.dayStart(k) + 1 * HOUR + 20 * MINUTE + (inst.loadMinute % 10) * MINUTE;
    return this.dayStart(k) + 4 * HOUR + inst.loadMinute * MINUTE;
  }

  /** Shared daily business volume of an entity in a region for day k (before layer factors). */
  volume(inst: Instance, k: number): number {
    const t = inst.t;
    const trend = 1 + (inst.growthPerYear * (k - (this.historyDays - 1))) / 365;
    const season = SEASON[t.seasonality][this.dow(k)] ?? 1;
    const n = noiseAtHash(inst.volumeHash, this.anchorDayNumber - (this.historyDays - 1 - k));
    return t.perDay * inst.rg.scale * trend * season * (1 + t.noise * n);
  }
}

export function effectsKey(replica: number, index: number): string {
  return `${replica}:${index}`;
}
