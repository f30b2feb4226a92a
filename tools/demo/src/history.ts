/**
 * A dataset's history: the operations of its scheduled loads (hourly ones for the last days only) and a
 * daily datasetProfile with row count, size and field profiles, shaped by the region's volume, trend and
 * seasonality and bent by the incidents planted on it.
 */
import { hash32, noiseAtHash, uniformAtHash } from '@dataspoke/domain/shared/prng';
import type { ColumnDef, ColumnType } from './tables.js';
import { userUrn } from './vocabulary.js';
import { mcp, type Emit } from './aspects.js';
import { SEASON, type Context, type Effects, type Instance } from './context.js';

// Bytes per value, for sizeInBytes.
const WIDTH: Readonly<Record<ColumnType, number>> = {
  id: 8,
  str: 22,
  text: 180,
  int: 4,
  dec: 8,
  ts: 8,
  date: 4,
  bool: 1,
  json: 120,
};

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(Math.abs(x) < 1 ? 4 : 6)));
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export interface Columns {
  fields: ColumnDef[];
  types: ColumnType[];
}

const ACTOR_AIRFLOW = userUrn('svc_airflow');
const ACTOR_DBT = userUrn('svc_dbt');

interface ProfiledColumns {
  key?: ColumnDef;
  cat?: ColumnDef;
  num?: ColumnDef;
  opt?: ColumnDef;
}

function profiledColumns(cols: readonly ColumnDef[]): ProfiledColumns {
  const pc: ProfiledColumns = {};
  const key = cols.find((c) => c.pk);
  if (key) pc.key = key;
  const cat = cols.find((c) => c.cat);
  if (cat) pc.cat = cat;
  const num = cols.find((c) => c.num);
  if (num) pc.num = num;
  const opt = cols.find((c) => c.opt !== undefined);
  if (opt) pc.opt = opt;
  return pc;
}

export function* timeseries(
  ctx: Context,
  inst: Instance,
  effects: Effects,
  current: Columns,
): Generator<Emit> {
  const { t, ref } = inst;
  if (t.model === 'none') return;
  const urn = ref.urn;
  const H = ctx.historyDays;
  const now = ctx.now;
  const actor = t.layer === 'bronze' ? ACTOR_AIRFLOW : ACTOR_DBT;
  const partitioned = t.model === 'partition';
  const pc = profiledColumns(t.columns);
  const seedHash = hash32(`ts:${urn}`, ctx.seed);
  const sizeHash = hash32(`size:${urn}`, ctx.seed);
  const maxHash = hash32(`max:${urn}`, ctx.seed);
  const fieldHashes = new Map<string, number>();
  const fieldHash = (field: string): number => {
    let h = fieldHashes.get(field);
    if (h === undefined) {
      h = hash32(`fp:${urn}:${field}`, ctx.seed);
      fieldHashes.set(field, h);
    }
    return h;
  };
  const initialCols = t.columns;
  const bytesPerRow = (cols: readonly ColumnDef[]): number => cols.reduce((s, c) => s + WIDTH[c.type], 0);
  const layerNoise = t.layer === 'source' ? 0 : 0.003;
  const stopAfter = effects.stopAfter ?? Number.POSITIVE_INFINITY;
  const lastLoadDay = effects.lastLoadDay ?? Number.POSITIVE_INFINITY;

  // Cumulative tables: size at the start of the history.
  let total = 0;
  if (!partitioned) {
    const base = t.perDay * inst.rg.scale;
    if (t.dimension) total = base * (1 - (inst.growthPerYear * H) / 365);
    else total = base * t.priorDays * (t.cadence === 'weekly' ? 1 / 7 : 1);
  }
  const hasLoads = t.cadence !== 'none';
  const hourlyFrom = H - ctx.hourlyDays;

  for (let k = 0; k < H; k++) {
    // Volume of the day: partitions hold the previous day's data; cumulative tables add to the total.
    const dataDay = partitioned ? k - 1 : k;
    let vol = ctx.volume(inst, dataDay) * t.layerFactor * (1 + layerNoise * noiseAtHash(seedHash, k));
    if (effects.volumeDrop && k >= effects.volumeDrop.fromDay) vol *= effects.volumeDrop.factor;
    const loadsToday = hasLoads && (t.cadence !== 'weekly' || ctx.dow(k) === 1) && k <= lastLoadDay;
    let inc = 0;
    if (!partitioned) {
      if (t.dimension)
        inc =
          ((t.perDay * inst.rg.scale * inst.growthPerYear) / 365) *
          (SEASON[t.seasonality][ctx.dow(k)] ?? 1) *
          (1 + 0.1 * noiseAtHash(seedHash, k));
      else if (t.cadence === 'none' || loadsToday) inc = vol;
      if (t.cadence === 'none' || loadsToday || t.dimension) total += Math.max(0, inc);
    }
    const rows = Math.max(1, Math.round(partitioned ? vol : total));

    // Operations.
    if (hasLoads && loadsToday) {
      if (t.cadence === 'hourly') {
        if (k >= hourlyFrom) {
          for (let h = 0; h < 24; h++) {
            const at = ctx.loadTime(inst, k, h);
            if (at > now || at > stopAfter) break;
            const diurnal = 0.45 + 1.1 * Math.sin((Math.PI * ((h + 18) % 24)) / 24) ** 2;
            const n = Math.max(
              1,
              Math.round(((partitioned ? vol : t.perDay * inst.rg.scale) / 24) * diurnal),
            );
            yield operation(
              urn,
              at,
              'INSERT',
              n,
              actor,
              partitioned ? `dt=${ctx.dayString(k)}/hr=${String(h).padStart(2, '0')}` : undefined,
            );
          }
        }
      } else {
        const at = ctx.loadTime(inst, k);
        if (at <= now && at <= stopAfter) {
          const affected = partitioned
            ? rows
            : t.dimension
              ? Math.max(1, Math.round(inc + total * 0.004))
              : Math.max(1, Math.round(inc));
          yield operation(
            urn,
            at,
            partitioned ? 'INSERT' : t.dimension ? 'UPDATE' : 'INSERT',
            affected,
            actor,
            partitioned ? `dt=${ctx.dayString(k - 1)}` : undefined,
          );
        }
      }
    }

    // Daily profile.
    const pAt = ctx.profileTime(inst, k);
    if (pAt > now || pAt > stopAfter || k > lastLoadDay) continue;
    const sc = effects.schemaChange;
    const changed = sc !== undefined && pAt >= sc.at;
    const cols = changed ? current.fields : initialCols;
    const profile: Record<string, unknown> = {
      timestampMillis: pAt,
      eventGranularity: { unit: 'DAY', multiple: 1 },
      partitionSpec: partitioned
        ? { type: 'PARTITION', partition: `dt=${ctx.dayString(k - 1)}` }
        : { type: 'FULL_TABLE', partition: 'FULL_TABLE_SNAPSHOT' },
      rowCount: rows,
      columnCount: cols.length,
      sizeInBytes: Math.round(rows * bytesPerRow(cols) * (1.3 + 0.01 * noiseAtHash(sizeHash, k))),
    };
    if (t.fieldProfiles) {
      const fps: Record<string, unknown>[] = [];
      const n = (field: string): number => noiseAtHash(fieldHash(field), k);
      if (pc.key)
        fps.push({
          fieldPath: pc.key.name,
          uniqueCount: rows,
          uniqueProportion: 1,
          nullCount: 0,
          nullProportion: 0,
        });
      if (pc.cat?.cat) {
        const values = pc.cat.cat;
        fps.push({
          fieldPath: pc.cat.name,
          uniqueCount: Math.min(values.length, rows),
          uniqueProportion: round6(Math.min(values.length, rows) / rows),
          nullCount: 0,
          nullProportion: 0,
          sampleValues: values.slice(0, 5),
        });
      }
      if (pc.num?.num) {
        const { lo, hi, mean } = pc.num.num;
        const m = mean * (1 + 0.012 * n(pc.num.name));
        const fp: Record<string, unknown> = {
          fieldPath: pc.num.name,
          uniqueCount: Math.max(1, Math.round(Math.min(rows * 0.6, (hi - lo) * 100))),
          uniqueProportion: round6(Math.min(1, Math.min(rows * 0.6, (hi - lo) * 100) / rows)),
          nullCount: 0,
          nullProportion: 0,
          min: fmt(lo),
          max: fmt(hi * (0.985 + 0.015 * uniformAtHash(maxHash, k))),
        };
        const retyped = changed && sc.retype === pc.num.name;
        if (!retyped) {
          fp.mean = fmt(m);
          fp.median = fmt(Math.max(lo, Math.min(hi, m * 0.86)));
          fp.stdev = fmt(Math.min(hi - lo, m * 0.75) * (1 + 0.01 * n(`${pc.num.name}.sd`)));
        }
        fps.push(fp);
      }
      if (pc.opt && pc.opt.opt !== undefined) {
        const spike =
          effects.nullSpike && effects.nullSpike.field === pc.opt.name && k >= effects.nullSpike.fromDay;
        const p = spike
          ? (effects.nullSpike?.proportion ?? 0.4) * (1 + 0.03 * n(pc.opt.name))
          : pc.opt.opt * (1 + 0.12 * n(pc.opt.name));
        const nullCount = Math.round(rows * p);
        const unique = Math.round((rows - nullCount) * 0.985);
        fps.push({
          fieldPath: pc.opt.name,
          uniqueCount: unique,
          uniqueProportion: round6(unique / rows),
          nullCount,
          nullProportion: round6(nullCount / rows),
        });
      }
      profile.fieldProfiles = fps;
    }
    yield mcp('dataset', urn, 'datasetProfile', profile, pAt);
  }
}

function operation(
  urn: string,
  at: number,
  type: string,
  rows: number,
  actor: string,
  partition: string | undefined,
): Emit {
  const aspect: Record<string, unknown> = {
    timestampMillis: at,
    lastUpdatedTimestamp: at,
    operationType: type,
    numAffectedRows: rows,
    actor,
    sourceType: 'DATA_PROCESS',
    partitionSpec: partition
      ? { type: 'PARTITION', partition }
      : { type: 'FULL_TABLE', partition: 'FULL_TABLE_SNAPSHOT' },
  };
  return mcp('dataset', urn, 'operation', aspect, at);
}
