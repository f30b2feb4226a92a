/**
 * A deterministic, streaming generator of the Acme Retail demo catalog: DataHub MetadataChangeProposals
 * for people, groups, domains, tags, a glossary, containers, datasets on seven platforms joined by
 * lineage (source → bronze → silver → gold), BI charts and dashboards, Airflow/dbt jobs, and
 * `historyDays` of datasetProfile and operation history with a handful of planted incidents.
 *
 * The catalog is built from regional replicas of one 160-dataset template (us, eu, uk, …); a catalog
 * of N datasets holds the first N datasets in replica order, so it scales to 100k datasets while each
 * dataset is generated on its own from (seed, replica, template) with O(1) state.
 */
import { createHash } from 'node:crypto';
import type { MetadataChangeProposal, SystemMetadata } from '@dataspoke/hub/model';
import { datasetUrn } from '@dataspoke/hub/urn';
import { Rng, hash32, noiseAtHash, uniformAt, uniformAtHash } from '@dataspoke/domain/shared/prng';
import { SYSTEMS, DASHBOARDS, type ColumnDef, type ColumnType, type SystemId } from './tables.js';
import { DATASET_TEMPLATES, templateIndex, type DatasetTemplate, type Seasonality } from './templates.js';
import {
  ANALYTICS_ENGINEERS,
  COLUMN_DOCS,
  COMPANY,
  DATA_PLATFORM_ENGINEERS,
  DOMAINS,
  EMAIL_DOMAIN,
  GLOSSARY,
  GROUPS,
  SERVICE_USERS,
  STEWARDS,
  TAGS,
  USERS,
  domainById,
  domainUrn,
  groupUrn,
  piiTermUrn,
  tagUrn,
  termUrn,
  userUrn,
} from './vocabulary.js';

export const DEMO_RUN_ID = 'dataspoke-demo';
export const DEMO_TEMPLATE_SIZE = DATASET_TEMPLATES.length;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const SYSTEM_ACTOR = 'urn:li:corpuser:__datahub_system';

export type IncidentKind = 'late_load' | 'volume_drop' | 'null_spike' | 'schema_change';

/** An anomaly the generator planted in the history, for tests and the validator to find. */
export interface PlantedIncident {
  id: string;
  datasetUrn: string;
  kind: IncidentKind;
  /** 'freshness' | 'rowCount' | 'nullProportion:<fieldPath>' | 'schema' */
  metric: string;
  startTimeMillis: number;
  /** Absent while the incident is still going on at `now`. */
  endTimeMillis?: number;
  description: string;
  /** For incidents caused upstream: the dataset where it started. */
  rootCauseUrn?: string;
  details?: Record<string, string | number | string[]>;
}

export interface DemoCatalogOptions {
  seed?: number;
  /** Wall clock of the catalog; history ends at `now`, anchored on its UTC day. */
  now?: number;
  /** Number of datasets (default 320: the us and eu replicas). */
  datasets?: number;
  /** Days of daily datasetProfile and operation history (default 120). */
  historyDays?: number;
  /** Days of operation history for hourly tables (default 14). */
  hourlyHistoryDays?: number;
}

export interface DemoCatalogSummary {
  proposals: number;
  /** Distinct entities per entity type. */
  entitiesByType: Record<string, number>;
  /** Proposals per aspect name. */
  proposalsByAspect: Record<string, number>;
}

export interface DemoCatalog {
  readonly seed: number;
  readonly now: number;
  /** `now` truncated to the UTC day: the history is laid out relative to it. */
  readonly anchorMillis: number;
  readonly datasets: number;
  readonly historyDays: number;
  /** A fresh stream of every proposal, entity by entity; nothing is held in memory. */
  proposals(): Iterable<MetadataChangeProposal>;
  readonly incidents: PlantedIncident[];
  /** Counts per entity type and aspect; computed on first access by streaming the proposals once. */
  readonly summary: DemoCatalogSummary;
}

interface Region {
  code: string;
  name: string;
  scale: number;
  currency: string;
}

const NAMED_REGIONS: readonly Region[] = [
  { code: 'us', name: 'United States', scale: 1, currency: 'USD' },
  { code: 'eu', name: 'European Union', scale: 0.55, currency: 'EUR' },
  { code: 'uk', name: 'United Kingdom', scale: 0.3, currency: 'GBP' },
  { code: 'apac', name: 'Asia Pacific', scale: 0.25, currency: 'AUD' },
  { code: 'ca', name: 'Canada', scale: 0.18, currency: 'CAD' },
  { code: 'latam', name: 'Latin America', scale: 0.15, currency: 'BRL' },
];

function region(seed: number, r: number): Region {
  const named = NAMED_REGIONS[r];
  if (named) return named;
  const code = `bu${String(r).padStart(3, '0')}`;
  return {
    code,
    name: `Business unit ${r}`,
    scale: 0.05 + 0.25 * uniformAt(seed, 'region-scale', r),
    currency: 'USD',
  };
}

// Day-of-week factors, Sunday first.
const SEASON: Readonly<Record<Seasonality, readonly number[]>> = {
  consumer: [1.16, 0.96, 0.95, 0.97, 0.99, 1.03, 1.12],
  business: [0.58, 1.04, 1.06, 1.05, 1.03, 1.0, 0.64],
  flat: [1, 1, 1, 1, 1, 1, 1],
};

// ---------------------------------------------------------------------------------------------------
// Naming and types per platform

type Platform = 'postgres' | 'mysql' | 'kafka' | 's3' | 'snowflake';

const NATIVE: Readonly<Record<Platform, Readonly<Record<ColumnType, string>>>> = {
  postgres: {
    id: 'bigint',
    str: 'varchar(255)',
    text: 'text',
    int: 'integer',
    dec: 'numeric(12,2)',
    ts: 'timestamp',
    date: 'date',
    bool: 'boolean',
    json: 'jsonb',
  },
  mysql: {
    id: 'BIGINT',
    str: 'VARCHAR(255)',
    text: 'TEXT',
    int: 'INT',
    dec: 'DECIMAL(12,2)',
    ts: 'DATETIME',
    date: 'DATE',
    bool: 'TINYINT(1)',
    json: 'JSON',
  },
  kafka: {
    id: 'long',
    str: 'string',
    text: 'string',
    int: 'int',
    dec: 'double',
    ts: 'long',
    date: 'int',
    bool: 'boolean',
    json: 'string',
  },
  s3: {
    id: 'int64',
    str: 'string',
    text: 'string',
    int: 'int32',
    dec: 'decimal(12,2)',
    ts: 'timestamp[us]',
    date: 'date32[day]',
    bool: 'bool',
    json: 'string',
  },
  snowflake: {
    id: 'NUMBER(38,0)',
    str: 'VARCHAR(16777216)',
    text: 'VARCHAR(16777216)',
    int: 'NUMBER(38,0)',
    dec: 'NUMBER(12,2)',
    ts: 'TIMESTAMP_NTZ(9)',
    date: 'DATE',
    bool: 'BOOLEAN',
    json: 'VARIANT',
  },
};

const TYPE_CLASS: Readonly<Record<ColumnType, string>> = {
  id: 'com.linkedin.schema.NumberType',
  str: 'com.linkedin.schema.StringType',
  text: 'com.linkedin.schema.StringType',
  int: 'com.linkedin.schema.NumberType',
  dec: 'com.linkedin.schema.NumberType',
  ts: 'com.linkedin.schema.TimeType',
  date: 'com.linkedin.schema.DateType',
  bool: 'com.linkedin.schema.BooleanType',
  json: 'com.linkedin.schema.StringType',
};

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

function containerUrn(key: Record<string, string>): string {
  return `urn:li:container:${createHash('md5').update(JSON.stringify(key)).digest('hex')}`;
}

interface ContainerDef {
  urn: string;
  name: string;
  platform: Platform;
  subType: string;
  description: string;
  parent?: ContainerDef;
  properties: Record<string, string>;
}

const LAKE_BUCKET: ContainerDef = {
  urn: containerUrn({ platform: 's3', env: 'PROD', bucket_name: 'acme-datalake' }),
  name: 'acme-datalake',
  platform: 's3',
  subType: 'S3 bucket',
  description: 'The data lake bucket: raw landing zone of every source system.',
  properties: { bucket_name: 'acme-datalake', env: 'PROD' },
};
const WAREHOUSE_DB: ContainerDef = {
  urn: containerUrn({ platform: 'snowflake', env: 'PROD', database: 'acme_dw' }),
  name: 'ACME_DW',
  platform: 'snowflake',
  subType: 'Database',
  description: 'The Snowflake warehouse: silver models and gold marts built by dbt.',
  properties: { database: 'acme_dw', env: 'PROD' },
};

function regionContainers(rg: Region): Record<string, ContainerDef> {
  const db = (system: SystemId, platform: Platform): ContainerDef => ({
    urn: containerUrn({ platform, env: 'PROD', database: `${system}_${rg.code}` }),
    name: `${system}_${rg.code}`,
    platform,
    subType: 'Database',
    description: `${SYSTEMS[system].description}, ${rg.name}.`,
    properties: { database: `${system}_${rg.code}`, env: 'PROD', region: rg.code },
  });
  const shop = db('shop', 'postgres');
  return {
    shop,
    shopSchema: {
      urn: containerUrn({ platform: 'postgres', env: 'PROD', database: `shop_${rg.code}`, schema: 'public' }),
      name: 'public',
      platform: 'postgres',
      subType: 'Schema',
      description: '',
      parent: shop,
      properties: { database: `shop_${rg.code}`, schema: 'public', env: 'PROD' },
    },
    erp: db('erp', 'mysql'),
    crm: db('crm', 'mysql'),
    bronze: {
      urn: containerUrn({
        platform: 's3',
        env: 'PROD',
        bucket_name: 'acme-datalake',
        folder: `bronze/${rg.code}`,
      }),
      name: `bronze/${rg.code}`,
      platform: 's3',
      subType: 'Folder',
      description: `Bronze layer, ${rg.name}: raw landing copies of the source systems.`,
      parent: LAKE_BUCKET,
      properties: { folder: `bronze/${rg.code}`, env: 'PROD', layer: 'bronze', region: rg.code },
    },
    silver: {
      urn: containerUrn({
        platform: 'snowflake',
        env: 'PROD',
        database: 'acme_dw',
        schema: `silver_${rg.code}`,
      }),
      name: `SILVER_${rg.code.toUpperCase()}`,
      platform: 'snowflake',
      subType: 'Schema',
      description: `Silver layer, ${rg.name}: cleaned and conformed dbt models.`,
      parent: WAREHOUSE_DB,
      properties: {
        database: 'acme_dw',
        schema: `silver_${rg.code}`,
        env: 'PROD',
        layer: 'silver',
        region: rg.code,
      },
    },
    gold: {
      urn: containerUrn({
        platform: 'snowflake',
        env: 'PROD',
        database: 'acme_dw',
        schema: `gold_${rg.code}`,
      }),
      name: `GOLD_${rg.code.toUpperCase()}`,
      platform: 'snowflake',
      subType: 'Schema',
      description: `Gold layer, ${rg.name}: curated marts for reporting.`,
      parent: WAREHOUSE_DB,
      properties: {
        database: 'acme_dw',
        schema: `gold_${rg.code}`,
        env: 'PROD',
        layer: 'gold',
        region: rg.code,
      },
    },
  };
}

interface DatasetRef {
  urn: string;
  platform: Platform;
  qualifiedName: string;
}

function datasetRef(t: DatasetTemplate, rg: Region): DatasetRef {
  const rc = rg.code;
  let platform: Platform;
  let name: string;
  switch (t.layer) {
    case 'source': {
      const system = t.system as SystemId;
      platform = SYSTEMS[system].platform;
      name =
        platform === 'postgres'
          ? `${system}_${rc}.public.${t.name}`
          : platform === 'mysql'
            ? `${system}_${rc}.${t.name}`
            : `${rc}.${system}.${t.name}`;
      break;
    }
    case 'bronze':
      platform = 's3';
      name = `acme-datalake/bronze/${rc}/${t.system ?? 'shop'}/${t.name}`;
      break;
    case 'silver':
      platform = 'snowflake';
      name = `acme_dw.silver_${rc}.${t.name}`;
      break;
    case 'gold':
      platform = 'snowflake';
      name = `acme_dw.gold_${rc}.${t.name}`;
      break;
  }
  return { urn: datasetUrn(platform, name), platform, qualifiedName: name };
}

// ---------------------------------------------------------------------------------------------------
// One dataset, instantiated for a replica

interface Effects {
  /** Loads and profiles stop after this day index (late load). */
  lastLoadDay?: number;
  /** Loads and profiles stop after this time (a stalled hourly feed). */
  stopAfter?: number;
  volumeDrop?: { fromDay: number; factor: number };
  nullSpike?: { field: string; fromDay: number; proportion: number };
  schemaChange?: { at: number; retype: string; newType: ColumnType; remove: string };
}

interface Instance {
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

class Context {
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

function key(replica: number, index: number): string {
  return `${replica}:${index}`;
}

// ---------------------------------------------------------------------------------------------------
// Incidents

function planIncidents(ctx: Context): void {
  const H = ctx.historyDays;
  const has = (replica: number, index: number): boolean => index < ctx.replicaSize(replica);
  const add = (inst: Instance, effects: Effects, incident: Omit<PlantedIncident, 'datasetUrn'>): void => {
    const k = key(inst.replica, inst.t.index);
    ctx.effects.set(k, { ...ctx.effects.get(k), ...effects });
    ctx.incidents.push({ ...incident, datasetUrn: inst.ref.urn });
  };
  if (H < 30) return; // too little history to plant anything believable

  // 1. Late load: the SLA-critical revenue mart missed its last loads (the dbt job fails on a lock).
  const lateIdx = templateIndex('gold', 'daily_revenue_by_store');
  if (has(0, lateIdx)) {
    const inst = ctx.instance(0, lateIdx);
    add(
      inst,
      { lastLoadDay: H - 3 },
      {
        id: 'late-load-daily-revenue-by-store',
        kind: 'late_load',
        metric: 'freshness',
        startTimeMillis: ctx.loadTime(inst, H - 2),
        description:
          'gold daily_revenue_by_store (us) loads daily around ' +
          `${String(inst.loadHour).padStart(2, '0')}:${String(inst.loadMinute).padStart(2, '0')} UTC; ` +
          'the last load finished two days ago and the runs since then failed on a warehouse lock.',
        details: { expectedCadence: 'daily', lastLoadMillis: ctx.loadTime(inst, H - 3) },
      },
    );
  }

  // 2. Volume drop: the payments extract lost most rows after a PSP webhook change; silver follows.
  const bronzePay = templateIndex('bronze', 'payments');
  const silverPay = templateIndex('silver', 'payments');
  if (has(0, bronzePay)) {
    const inst = ctx.instance(0, bronzePay);
    add(
      inst,
      { volumeDrop: { fromDay: H - 3, factor: 0.38 } },
      {
        id: 'volume-drop-bronze-payments',
        kind: 'volume_drop',
        metric: 'rowCount',
        startTimeMillis: ctx.loadTime(inst, H - 3),
        description:
          'bronze payments (us): daily partitions hold about 38% of the usual rows for the last three days; ' +
          'the extract misses transactions after a payment provider webhook change.',
        details: { factor: 0.38, days: 3 },
      },
    );
    if (has(0, silverPay)) {
      const s = ctx.instance(0, silverPay);
      add(
        s,
        { volumeDrop: { fromDay: H - 3, factor: 0.38 } },
        {
          id: 'volume-drop-silver-payments-upstream',
          kind: 'volume_drop',
          metric: 'rowCount',
          startTimeMillis: ctx.loadTime(s, H - 3),
          description:
            'silver payments (us) lost about 62% of its daily rows for the last three days, caused upstream by the ' +
            'volume drop of bronze payments.',
          rootCauseUrn: inst.ref.urn,
          details: { factor: 0.38, days: 3 },
        },
      );
    }
  }

  // 3. Null spike: the carrier integration stopped returning tracking numbers for one carrier.
  const ship = templateIndex('silver', 'shipments');
  if (has(0, ship)) {
    const inst = ctx.instance(0, ship);
    add(
      inst,
      { nullSpike: { field: 'tracking_number', fromDay: H - 5, proportion: 0.4 } },
      {
        id: 'null-spike-shipments-tracking-number',
        kind: 'null_spike',
        metric: 'nullProportion:tracking_number',
        startTimeMillis: ctx.loadTime(inst, H - 5),
        description:
          'silver shipments (us): tracking_number is null for about 40% of rows (normally about 1%) since ' +
          'the carrier label API change deployed four days ago (UTC).',
        details: { field: 'tracking_number', before: 0.01, after: 0.4 },
      },
    );
  }

  // 4. Schema change: the ERP team retyped list_price and dropped weight_kg in the products table.
  const products = templateIndex('source', 'products');
  if (has(0, products)) {
    const inst = ctx.instance(0, products);
    const at = ctx.dayStart(H - 10) + 14 * HOUR + 23 * MINUTE;
    add(
      inst,
      { schemaChange: { at, retype: 'list_price', newType: 'str', remove: 'weight_kg' } },
      {
        id: 'schema-change-erp-products',
        kind: 'schema_change',
        metric: 'schema',
        startTimeMillis: at,
        endTimeMillis: at,
        description:
          'erp products (us, mysql): list_price was retyped from DECIMAL(12,2) to VARCHAR(255) and weight_kg ' +
          'was dropped in an ERP release.',
        details: {
          removed: ['weight_kg'],
          retyped: ['list_price'],
          fromType: 'DECIMAL(12,2)',
          toType: 'VARCHAR(255)',
        },
      },
    );
  }

  // 5. (eu) A stalled hourly feed: the traffic mart stopped refreshing nine hours ago.
  const traffic = templateIndex('gold', 'site_traffic_hourly');
  if (has(1, traffic)) {
    const inst = ctx.instance(1, traffic);
    const stop = ctx.now - 9 * HOUR;
    const k = Math.floor((stop - ctx.dayStart(0)) / DAY);
    // First scheduled hourly load after the stop.
    let first = Number.POSITIVE_INFINITY;
    for (let d = k; d <= k + 1 && first === Number.POSITIVE_INFINITY; d++) {
      for (let h = 0; h < 24; h++) {
        const t = ctx.loadTime(inst, d, h);
        if (t > stop) {
          first = t;
          break;
        }
      }
    }
    add(
      inst,
      { stopAfter: stop },
      {
        id: 'late-load-site-traffic-hourly-eu',
        kind: 'late_load',
        metric: 'freshness',
        startTimeMillis: first,
        description:
          'gold site_traffic_hourly (eu) refreshes every hour; no load has landed for about nine hours because ' +
          'the Kafka consumer group of the sessionizer is stuck.',
        details: { expectedCadence: 'hourly' },
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Proposal helpers

type Emit = MetadataChangeProposal;

function mcp(
  entityType: string,
  urn: string,
  aspectName: string,
  aspect: unknown,
  lastObserved: number,
): Emit {
  const systemMetadata: SystemMetadata = { runId: DEMO_RUN_ID, lastObserved };
  return { entityType, entityUrn: urn, changeType: 'UPSERT', aspectName, aspect, systemMetadata };
}

const stamp = (time: number, actor = SYSTEM_ACTOR): { time: number; actor: string } => ({ time, actor });

function ownersAspect(
  owners: readonly (readonly [string, 'TECHNICAL_OWNER' | 'BUSINESS_OWNER' | 'DATA_STEWARD'])[],
  time: number,
): unknown {
  const typeUrn = {
    TECHNICAL_OWNER: 'urn:li:ownershipType:__system__technical_owner',
    BUSINESS_OWNER: 'urn:li:ownershipType:__system__business_owner',
    DATA_STEWARD: 'urn:li:ownershipType:__system__data_steward',
  };
  return {
    owners: owners.map(([owner, type]) => ({
      owner,
      type,
      typeUrn: typeUrn[type],
      source: { type: 'MANUAL' },
    })),
    lastModified: stamp(time),
  };
}

function humanize(name: string): string {
  const s = name.replace(/^_+/, '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(Math.abs(x) < 1 ? 4 : 6)));
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------------
// Global entities

function* globalProposals(ctx: Context): Generator<Emit> {
  const t0 = ctx.anchor - 720 * DAY;
  const now = ctx.now;
  for (const tag of TAGS) {
    const urn = tagUrn(tag.id);
    yield mcp(
      'tag',
      urn,
      'tagProperties',
      { name: tag.name, description: tag.description, colorHex: tag.color },
      now,
    );
    yield mcp(
      'tag',
      urn,
      'ownership',
      ownersAspect([[groupUrn('data-governance'), 'DATA_STEWARD']], t0),
      now,
    );
  }
  for (const node of GLOSSARY) {
    const nodeUrn = `urn:li:glossaryNode:${node.id}`;
    yield mcp(
      'glossaryNode',
      nodeUrn,
      'glossaryNodeInfo',
      { name: node.name, definition: node.definition },
      now,
    );
    yield mcp(
      'glossaryNode',
      nodeUrn,
      'ownership',
      ownersAspect([[groupUrn('data-governance'), 'DATA_STEWARD']], t0),
      now,
    );
    for (const term of node.terms) {
      const urn = termUrn(node.id, term.id);
      yield mcp(
        'glossaryTerm',
        urn,
        'glossaryTermInfo',
        { name: term.name, definition: term.definition, termSource: 'INTERNAL', parentNode: nodeUrn },
        now,
      );
      yield mcp(
        'glossaryTerm',
        urn,
        'ownership',
        ownersAspect([[userUrn(STEWARDS[0]), 'DATA_STEWARD']], t0),
        now,
      );
    }
  }
  for (const d of DOMAINS) {
    const urn = domainUrn(d.id);
    yield mcp(
      'domain',
      urn,
      'domainProperties',
      { name: d.name, description: d.description, created: stamp(t0) },
      now,
    );
    yield mcp(
      'domain',
      urn,
      'ownership',
      ownersAspect(
        [
          [userUrn(d.lead), 'BUSINESS_OWNER'],
          [groupUrn(d.group), 'TECHNICAL_OWNER'],
        ],
        t0,
      ),
      now,
    );
  }
  for (const g of GROUPS) {
    const members = USERS.filter((u) => u.groups.includes(g.id)).map((u) => userUrn(u.id));
    yield mcp(
      'corpGroup',
      groupUrn(g.id),
      'corpGroupInfo',
      {
        displayName: g.name,
        description: g.description,
        email: `${g.id}@${EMAIL_DOMAIN}`,
        admins: [userUrn(g.admin)],
        members,
        groups: [],
      },
      now,
    );
  }
  for (const u of USERS) {
    const urn = userUrn(u.id);
    yield mcp(
      'corpuser',
      urn,
      'corpUserInfo',
      {
        active: true,
        displayName: `${u.first} ${u.last}`,
        email: `${u.id}@${EMAIL_DOMAIN}`,
        title: u.title,
        departmentName: u.department,
        fullName: `${u.first} ${u.last}`,
        firstName: u.first,
        lastName: u.last,
        countryCode: 'US',
      },
      now,
    );
    yield mcp('corpuser', urn, 'groupMembership', { groups: u.groups.map(groupUrn) }, now);
  }
  for (const s of SERVICE_USERS) {
    yield mcp(
      'corpuser',
      userUrn(s.id),
      'corpUserInfo',
      {
        active: true,
        displayName: s.displayName,
        email: `${s.id}@${EMAIL_DOMAIN}`,
        title: 'Service account',
      },
      now,
    );
  }
  yield* containerProposals(LAKE_BUCKET, now);
  yield* containerProposals(WAREHOUSE_DB, now);
}

function* containerProposals(c: ContainerDef, now: number): Generator<Emit> {
  yield mcp(
    'container',
    c.urn,
    'containerProperties',
    { name: c.name, description: c.description, customProperties: c.properties },
    now,
  );
  yield mcp('container', c.urn, 'subTypes', { typeNames: [c.subType] }, now);
  yield mcp(
    'container',
    c.urn,
    'dataPlatformInstance',
    { platform: `urn:li:dataPlatform:${c.platform}` },
    now,
  );
  yield mcp('container', c.urn, 'status', { removed: false }, now);
  if (c.parent) yield mcp('container', c.urn, 'container', { container: c.parent.urn }, now);
  yield mcp(
    'container',
    c.urn,
    'browsePathsV2',
    { path: c.parent ? [{ id: c.parent.urn, urn: c.parent.urn }] : [] },
    now,
  );
}

// ---------------------------------------------------------------------------------------------------
// Datasets

function containerOf(inst: Instance, cs: Record<string, ContainerDef>): ContainerDef | undefined {
  const t = inst.t;
  if (t.layer === 'source') {
    if (t.system === 'shop') return cs.shopSchema;
    if (t.system === 'erp') return cs.erp;
    if (t.system === 'crm') return cs.crm;
    return undefined; // kafka topics have no container
  }
  return cs[t.layer];
}

interface Columns {
  fields: ColumnDef[];
  types: ColumnType[];
}

function schemaFields(
  inst: Instance,
  cols: readonly ColumnDef[],
  types: readonly ColumnType[],
  documented: (c: ColumnDef) => boolean,
  time: number,
): unknown[] {
  const native = NATIVE[inst.ref.platform];
  return cols.map((c, i) => {
    const type = types[i] ?? c.type;
    const field: Record<string, unknown> = {
      fieldPath: c.name,
      nativeDataType: native[type],
      type: { type: { [TYPE_CLASS[type]]: {} } },
      nullable: !c.pk,
      isPartOfKey: c.pk,
      recursive: false,
    };
    if (documented(c)) field.description = COLUMN_DOCS[c.name] ?? `${humanize(c.name)}.`;
    if (c.pii) {
      field.globalTags = { tags: [{ tag: tagUrn('PII') }] };
      field.glossaryTerms = {
        terms: [{ urn: piiTermUrn(c.pii) }],
        auditStamp: stamp(time, userUrn(STEWARDS[0])),
      };
    }
    return field;
  });
}

function schemaHash(cols: readonly ColumnDef[], types: readonly ColumnType[]): string {
  return hash32(cols.map((c, i) => `${c.name}:${types[i] ?? c.type}`).join(','))
    .toString(16)
    .padStart(8, '0');
}

function* datasetProposals(ctx: Context, inst: Instance, cs: Record<string, ContainerDef>): Generator<Emit> {
  const { t, ref, rg } = inst;
  const urn = ref.urn;
  const now = ctx.now;
  const rng = Rng.of(ctx.seed, `dataset:${urn}`);
  const effects = ctx.effects.get(key(inst.replica, t.index)) ?? {};
  const domain = domainById(t.domain);
  const created = inst.createdAt;

  const documented = rng.chance(t.docRate) || t.deprecated !== undefined;
  const columnDocSeed = hash32(`cols:${urn}`, ctx.seed);
  const columnDocumented = (c: ColumnDef): boolean => uniformAt(columnDocSeed, c.name, 0) < t.columnDocRate;
  const cadenceText =
    t.cadence === 'none'
      ? 'continuous (operational system)'
      : t.cadence === 'hourly'
        ? `hourly at :${String(inst.loadMinute % 15).padStart(2, '0')}`
        : `${t.cadence === 'weekly' ? 'weekly on Monday' : 'daily'} at ${String(inst.loadHour).padStart(2, '0')}:${String(inst.loadMinute).padStart(2, '0')} UTC`;

  yield mcp('dataset', urn, 'status', { removed: false }, now);
  const customProperties: Record<string, string> = {
    layer: t.layer,
    region: rg.code,
    refresh_schedule: cadenceText,
  };
  if (t.system) customProperties.source_system = t.system;
  if (t.layer === 'silver' || t.layer === 'gold') {
    customProperties.materialization = t.view ? 'view' : t.model === 'partition' ? 'incremental' : 'table';
    customProperties.dbt_model = `model.acme.${t.name}`;
  }
  customProperties.curated = String(t.certified);
  const props: Record<string, unknown> = {
    name: t.name,
    qualifiedName: ref.qualifiedName,
    customProperties,
    created: { time: created },
    tags: [],
  };
  if (documented) props.description = t.description;
  yield mcp('dataset', urn, 'datasetProperties', props, now);
  yield mcp(
    'dataset',
    urn,
    'subTypes',
    { typeNames: [ref.platform === 'kafka' ? 'Topic' : t.view ? 'View' : 'Table'] },
    now,
  );
  yield mcp('dataset', urn, 'dataPlatformInstance', { platform: `urn:li:dataPlatform:${ref.platform}` }, now);
  const container = containerOf(inst, cs);
  if (container) {
    yield mcp('dataset', urn, 'container', { container: container.urn }, now);
    const path = container.parent ? [container.parent, container] : [container];
    yield mcp('dataset', urn, 'browsePathsV2', { path: path.map((c) => ({ id: c.urn, urn: c.urn })) }, now);
  } else {
    yield mcp('dataset', urn, 'browsePathsV2', { path: [{ id: `${rg.code}.${t.system ?? ''}` }] }, now);
  }

  // Schema: one version, or two when a schema change is planted (older first so the hub keeps history).
  const cols = t.columns;
  const types = cols.map((c) => c.type);
  const schemaName = ref.qualifiedName;
  const platformSchema =
    ref.platform === 'kafka'
      ? { 'com.linkedin.schema.KafkaSchema': { documentSchema: '' } }
      : ref.platform === 's3'
        ? { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } }
        : { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } };
  const schema = (
    version: number,
    fieldsCols: readonly ColumnDef[],
    fieldTypes: readonly ColumnType[],
    modified: number,
  ): unknown => ({
    schemaName,
    platform: `urn:li:dataPlatform:${ref.platform}`,
    version,
    created: stamp(created),
    lastModified: stamp(modified),
    hash: schemaHash(fieldsCols, fieldTypes),
    platformSchema,
    fields: schemaFields(inst, fieldsCols, fieldTypes, columnDocumented, created),
  });
  const sc = effects.schemaChange;
  let current: Columns = { fields: [...cols], types };
  if (sc) {
    yield mcp('dataset', urn, 'schemaMetadata', schema(0, cols, types, created), sc.at - DAY);
    const fields = cols.filter((c) => c.name !== sc.remove);
    const newTypes = fields.map((c) => (c.name === sc.retype ? sc.newType : c.type));
    current = { fields, types: newTypes };
    yield mcp('dataset', urn, 'schemaMetadata', schema(1, fields, newTypes, sc.at), sc.at);
  } else {
    yield mcp('dataset', urn, 'schemaMetadata', schema(0, cols, types, created), now);
  }

  const pii = [...new Set(cols.filter((c) => c.pii).map((c) => c.pii as string))];
  const tags: string[] = [];
  if (t.layer === 'bronze') tags.push('Bronze');
  if (t.layer === 'silver') tags.push('Silver');
  if (t.layer === 'gold') tags.push('Gold');
  if (pii.length > 0) tags.push('PII');
  if (t.deprecated) tags.push('Deprecated');
  if (t.sla) tags.push('SLA-Critical');
  if (t.certified) tags.push('Certified');
  if (t.streaming) tags.push('Streaming');
  if (tags.length > 0)
    yield mcp('dataset', urn, 'globalTags', { tags: tags.map((x) => ({ tag: tagUrn(x) })) }, now);
  const terms = [...pii.map(piiTermUrn), ...t.terms.map((x) => `urn:li:glossaryTerm:${x}`)];
  if (terms.length > 0) {
    yield mcp(
      'dataset',
      urn,
      'glossaryTerms',
      { terms: terms.map((u) => ({ urn: u })), auditStamp: stamp(created, userUrn(STEWARDS[0])) },
      now,
    );
  }
  yield mcp('dataset', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);

  // Ownership: platform team for raw data, analytics engineering for models, domain leads as business owners.
  const owners: [string, 'TECHNICAL_OWNER' | 'BUSINESS_OWNER' | 'DATA_STEWARD'][] = [];
  if (t.layer === 'source' || t.layer === 'bronze') {
    owners.push(
      [groupUrn('data-platform'), 'TECHNICAL_OWNER'],
      [userUrn(rng.pick(DATA_PLATFORM_ENGINEERS)), 'TECHNICAL_OWNER'],
    );
  } else {
    owners.push(
      [userUrn(rng.pick(ANALYTICS_ENGINEERS)), 'TECHNICAL_OWNER'],
      [userUrn(domain.lead), 'BUSINESS_OWNER'],
    );
    if (t.layer === 'gold') owners.push([groupUrn(domain.group), 'BUSINESS_OWNER']);
    else owners.push([groupUrn('analytics-engineering'), 'TECHNICAL_OWNER']);
  }
  if (pii.length > 0 && t.layer !== 'bronze') owners.push([userUrn(rng.pick(STEWARDS)), 'DATA_STEWARD']);
  const unowned = (t.layer === 'bronze' && rng.chance(0.12)) || (t.layer === 'source' && rng.chance(0.05));
  if (!unowned) yield mcp('dataset', urn, 'ownership', ownersAspect(owners, created), now);

  if (t.upstreams.length > 0) {
    const upstreams = t.upstreams.map((i) => {
      const up = DATASET_TEMPLATES[i];
      if (!up) throw new Error(`missing upstream template ${i}`);
      return {
        auditStamp: stamp(created),
        dataset: datasetRef(up, rg).urn,
        type: t.layer === 'bronze' ? 'COPY' : 'TRANSFORMED',
      };
    });
    yield mcp('dataset', urn, 'upstreamLineage', { upstreams }, now);
  }
  if (t.deprecated) {
    yield mcp(
      'dataset',
      urn,
      'deprecation',
      {
        deprecated: true,
        note: t.deprecated,
        decommissionTime: ctx.anchor + 75 * DAY,
        actor: userUrn(domain.lead),
      },
      now,
    );
  }

  yield* timeseries(ctx, inst, effects, current);
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

function* timeseries(ctx: Context, inst: Instance, effects: Effects, current: Columns): Generator<Emit> {
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

// ---------------------------------------------------------------------------------------------------
// Jobs, charts and dashboards of a replica

function* jobProposals(ctx: Context, replica: number, size: number): Generator<Emit> {
  const rg = region(ctx.seed, replica);
  const now = ctx.now;
  const created = ctx.anchor - 400 * DAY;
  const flows = new Map<
    string,
    {
      urn: string;
      jobs: { name: string; inst: Instance }[];
      platform: string;
      team: string;
      description: string;
      schedule: string;
    }
  >();
  for (let i = 0; i < size; i++) {
    const t = DATASET_TEMPLATES[i];
    if (!t || t.layer === 'source') continue;
    const inst = ctx.instance(replica, i);
    let flowId: string;
    let platform: string;
    let team: string;
    let description: string;
    let schedule: string;
    if (t.layer === 'bronze') {
      flowId = `acme_${rg.code}_ingest_${t.system ?? 'misc'}`;
      platform = 'airflow';
      team = 'data-platform';
      description = `Lands ${t.system ?? ''} tables of ${rg.name} in the lake (bronze).`;
      schedule = t.cadence === 'hourly' ? '@hourly' : '0 1 * * *';
    } else {
      flowId = `acme_${rg.code}_${t.layer}`;
      platform = 'dbt';
      team = 'analytics-engineering';
      description = `dbt ${t.layer} models of ${rg.name}.`;
      schedule = t.layer === 'silver' ? '0 3 * * *' : '0 5 * * *';
    }
    let flow = flows.get(flowId);
    if (!flow) {
      flow = {
        urn: `urn:li:dataFlow:(${platform},${flowId},PROD)`,
        jobs: [],
        platform,
        team,
        description,
        schedule,
      };
      flows.set(flowId, flow);
    }
    flow.jobs.push({ name: t.layer === 'bronze' ? `load_${t.name}` : `model.acme.${t.name}`, inst });
  }
  for (const [flowId, flow] of flows) {
    yield mcp(
      'dataFlow',
      flow.urn,
      'dataFlowInfo',
      {
        name: flowId,
        description: flow.description,
        project: COMPANY,
        customProperties: { schedule: flow.schedule, region: rg.code },
      },
      now,
    );
    yield mcp(
      'dataFlow',
      flow.urn,
      'ownership',
      ownersAspect([[groupUrn(flow.team), 'TECHNICAL_OWNER']], created),
      now,
    );
    yield mcp('dataFlow', flow.urn, 'status', { removed: false }, now);
    for (const job of flow.jobs) {
      const urn = `urn:li:dataJob:(${flow.urn},${job.name})`;
      const t = job.inst.t;
      const inputs = t.upstreams.map((i) => datasetRef(DATASET_TEMPLATES[i] as DatasetTemplate, rg).urn);
      const outputs = [job.inst.ref.urn];
      yield mcp(
        'dataJob',
        urn,
        'dataJobInfo',
        {
          name: job.name,
          type: 'COMMAND',
          flowUrn: flow.urn,
          description: `Builds ${t.layer} ${t.name}.`,
          customProperties: { cadence: t.cadence },
        },
        now,
      );
      yield mcp(
        'dataJob',
        urn,
        'dataJobInputOutput',
        {
          inputDatasets: inputs,
          outputDatasets: outputs,
          inputDatasetEdges: inputs.map((u) => ({ destinationUrn: u, created: stamp(created) })),
          outputDatasetEdges: outputs.map((u) => ({ destinationUrn: u, created: stamp(created) })),
        },
        now,
      );
      yield mcp(
        'dataJob',
        urn,
        'ownership',
        ownersAspect([[groupUrn(flow.team), 'TECHNICAL_OWNER']], created),
        now,
      );
      yield mcp('dataJob', urn, 'status', { removed: false }, now);
    }
  }
}

function* biProposals(ctx: Context, replica: number, size: number): Generator<Emit> {
  const rg = region(ctx.seed, replica);
  const now = ctx.now;
  const goldUrn = (name: string): string | undefined => {
    const i = templateIndex('gold', name);
    return i < size ? datasetRef(DATASET_TEMPLATES[i] as DatasetTemplate, rg).urn : undefined;
  };
  for (const d of DASHBOARDS) {
    const rng = Rng.of(ctx.seed, `dashboard:${rg.code}:${d.id}`);
    const domain = domainById(d.domain);
    const owner = userUrn(rng.pick(domain.analysts));
    const created = ctx.anchor - rng.int(200, 700) * DAY;
    const modified = ctx.anchor - rng.int(3, 90) * DAY;
    const lastModified = { created: stamp(created, owner), lastModified: stamp(modified, owner) };
    const chartUrns: string[] = [];
    const datasets = new Set<string>();
    for (const c of d.charts) {
      const inputs = c.inputs.map(goldUrn).filter((u): u is string => u !== undefined);
      if (inputs.length !== c.inputs.length) continue;
      const urn = `urn:li:chart:(${d.platform},acme_${rg.code}.${d.id}.${c.id})`;
      chartUrns.push(urn);
      inputs.forEach((u) => datasets.add(u));
      const info: Record<string, unknown> = {
        title: c.title,
        description: rng.chance(0.6) ? `${c.title} (${rg.name}).` : '',
        type: c.type,
        chartUrl: `https://bi.${EMAIL_DOMAIN}/${d.platform}/${rg.code}/${d.id}/${c.id}`,
        lastModified,
        inputEdges: inputs.map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        customProperties: { region: rg.code },
      };
      yield mcp('chart', urn, 'chartInfo', info, now);
      yield mcp('chart', urn, 'dataPlatformInstance', { platform: `urn:li:dataPlatform:${d.platform}` }, now);
      yield mcp('chart', urn, 'ownership', ownersAspect([[owner, 'TECHNICAL_OWNER']], created), now);
      yield mcp('chart', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);
      yield mcp('chart', urn, 'status', { removed: false }, now);
    }
    if (chartUrns.length === 0) continue;
    const urn = `urn:li:dashboard:(${d.platform},acme_${rg.code}.${d.id})`;
    yield mcp(
      'dashboard',
      urn,
      'dashboardInfo',
      {
        title: `${d.title}${replica === 0 ? '' : ` (${rg.code.toUpperCase()})`}`,
        description: d.description,
        dashboardUrl: `https://bi.${EMAIL_DOMAIN}/${d.platform}/${rg.code}/${d.id}`,
        charts: chartUrns,
        chartEdges: chartUrns.map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        datasetEdges: [...datasets].map((u) => ({ destinationUrn: u, created: stamp(created, owner) })),
        lastModified,
        customProperties: { region: rg.code },
      },
      now,
    );
    yield mcp(
      'dashboard',
      urn,
      'dataPlatformInstance',
      { platform: `urn:li:dataPlatform:${d.platform}` },
      now,
    );
    yield mcp(
      'dashboard',
      urn,
      'ownership',
      ownersAspect(
        [
          [owner, 'TECHNICAL_OWNER'],
          [userUrn(domain.lead), 'BUSINESS_OWNER'],
        ],
        created,
      ),
      now,
    );
    yield mcp('dashboard', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);
    if (d.deprecated) {
      yield mcp('dashboard', urn, 'globalTags', { tags: [{ tag: tagUrn('Deprecated') }] }, now);
      yield mcp(
        'dashboard',
        urn,
        'deprecation',
        { deprecated: true, note: d.description, actor: userUrn(domain.lead) },
        now,
      );
    }
    yield mcp('dashboard', urn, 'status', { removed: false }, now);
  }
}

function* catalogProposals(ctx: Context): Generator<Emit> {
  yield* globalProposals(ctx);
  for (let r = 0; r < ctx.replicas; r++) {
    const size = ctx.replicaSize(r);
    const rg = region(ctx.seed, r);
    const cs = regionContainers(rg);
    const used = new Set<ContainerDef>();
    for (let i = 0; i < size; i++) {
      const c = containerOf(ctx.instance(r, i), cs);
      if (c) used.add(c);
    }
    for (const c of [cs.shop, cs.shopSchema, cs.erp, cs.crm, cs.bronze, cs.silver, cs.gold]) {
      if (!c) continue;
      if (used.has(c) || [...used].some((u) => u.parent === c)) yield* containerProposals(c, ctx.now);
    }
    for (let i = 0; i < size; i++) yield* datasetProposals(ctx, ctx.instance(r, i), cs);
    yield* jobProposals(ctx, r, size);
    yield* biProposals(ctx, r, size);
  }
}

// ---------------------------------------------------------------------------------------------------

export function generateDemoCatalog(options: DemoCatalogOptions = {}): DemoCatalog {
  const seed = options.seed ?? 42;
  const now = options.now ?? Date.now();
  const datasets = options.datasets ?? 320;
  const historyDays = options.historyDays ?? 120;
  const hourlyDays = Math.min(options.hourlyHistoryDays ?? 14, historyDays);
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isFinite(now) || now < 0) throw new RangeError('now must be a time in milliseconds');
  if (!Number.isInteger(datasets) || datasets < 1)
    throw new RangeError('datasets must be a positive integer');
  if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 3650)
    throw new RangeError('historyDays must be 1..3650');
  const ctx = new Context(seed, now, datasets, historyDays, hourlyDays);
  planIncidents(ctx);
  let summary: DemoCatalogSummary | undefined;
  const catalog: DemoCatalog = {
    seed,
    now,
    anchorMillis: ctx.anchor,
    datasets,
    historyDays,
    proposals: () => catalogProposals(ctx),
    incidents: ctx.incidents,
    get summary(): DemoCatalogSummary {
      summary ??= summarize(catalog.proposals());
      return summary;
    },
  };
  return catalog;
}

/** Counts proposals per aspect and distinct entities per type (entities are emitted contiguously). */
export function summarize(proposals: Iterable<MetadataChangeProposal>): DemoCatalogSummary {
  const entities: Record<string, number> = {};
  const aspects: Record<string, number> = {};
  let count = 0;
  let previous = '';
  const seenShared = new Set<string>();
  for (const p of proposals) {
    count++;
    aspects[p.aspectName] = (aspects[p.aspectName] ?? 0) + 1;
    if (p.entityUrn !== previous) {
      previous = p.entityUrn;
      // Shared entities (global containers) can reappear; everything else is emitted in one block.
      if (p.entityType === 'container' && seenShared.has(p.entityUrn)) continue;
      if (p.entityType === 'container') seenShared.add(p.entityUrn);
      entities[p.entityType] = (entities[p.entityType] ?? 0) + 1;
    }
  }
  return { proposals: count, entitiesByType: entities, proposalsByAspect: aspects };
}
