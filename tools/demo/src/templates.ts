/**
 * The dataset templates of one regional "replica" of Acme Retail, in lineage order: source tables,
 * bronze landing copies, silver models, gold marts. A replica's datasets only read earlier templates,
 * so any prefix of the list is closed under upstream lineage.
 */
import {
  CERTIFIED_SILVER,
  GOLD_MODELS,
  SILVER_MODELS,
  SLA_SILVER,
  SOURCE_TABLES,
  SYSTEMS,
  parseColumn,
  type ColumnDef,
  type SystemId,
} from './tables.js';

export type Layer = 'source' | 'bronze' | 'silver' | 'gold';
/** How the datasetProfile row count evolves: daily partitions, a growing table, or not profiled. */
export type VolumeModel = 'partition' | 'cumulative' | 'none';
export type Seasonality = 'consumer' | 'business' | 'flat';
export type Cadence = 'hourly' | 'daily' | 'weekly' | 'none';

export interface DatasetTemplate {
  index: number;
  layer: Layer;
  name: string;
  system?: SystemId;
  domain: string;
  model: VolumeModel;
  seasonality: Seasonality;
  /** Layers of one business entity share the key, so bronze and silver follow their source's volume. */
  volumeKey: string;
  /** partition: rows a day; cumulative: rows added a day (dimension: the current size, see `dimension`). */
  perDay: number;
  /** Cumulative tables that are dimensions: perDay is the table size, grown slowly. */
  dimension: boolean;
  /** Cumulative tables: how many days of volume existed before the history starts. */
  priorDays: number;
  /** Relative day-to-day noise of the volume. */
  noise: number;
  /** Multiplier on the shared volume for this layer (dedupe, filters). */
  layerFactor: number;
  cadence: Cadence;
  columns: readonly ColumnDef[];
  upstreams: readonly number[];
  description: string;
  deprecated?: string;
  sla: boolean;
  certified: boolean;
  streaming: boolean;
  view: boolean;
  terms: readonly string[];
  /** Probability that the dataset, and each of its columns, has a description. */
  docRate: number;
  columnDocRate: number;
  /** Profile field-level statistics (warehouse and databases, not lake files or topics). */
  fieldProfiles: boolean;
}

function build(): DatasetTemplate[] {
  const out: DatasetTemplate[] = [];
  const indexOf = new Map<string, number>();
  const add = (t: Omit<DatasetTemplate, 'index'>): void => {
    const index = out.length;
    indexOf.set(`${t.layer}:${t.name}`, index);
    out.push({ ...t, index });
  };
  const ref = (layer: Layer, name: string): number => {
    const i = indexOf.get(`${layer}:${name}`);
    if (i === undefined) throw new Error(`demo template ${layer}:${name} is not defined before its use`);
    return i;
  };

  for (const t of SOURCE_TABLES) {
    const sys = SYSTEMS[t.system];
    const kafka = sys.platform === 'kafka';
    add({
      layer: 'source',
      name: t.name,
      system: t.system,
      domain: t.domain,
      model: kafka ? 'none' : t.kind === 'snapshot' ? 'partition' : 'cumulative',
      seasonality: t.kind === 'fact' ? sys.seasonality : 'flat',
      volumeKey: t.name,
      perDay: t.perDay ?? t.rows ?? 1,
      dimension: t.kind === 'dimension',
      priorDays: 700,
      noise: t.kind === 'fact' ? 0.02 : 0.004,
      layerFactor: 1,
      cadence: 'none',
      columns: t.columns.map(parseColumn),
      upstreams: [],
      description: t.description,
      sla: false,
      certified: false,
      streaming: kafka,
      view: false,
      terms: [],
      docRate: 0.55,
      columnDocRate: 0.15,
      fieldProfiles: !kafka,
    });
  }
  for (const t of SOURCE_TABLES) {
    const sys = SYSTEMS[t.system];
    const kafka = sys.platform === 'kafka';
    const extra = kafka
      ? ['_kafka_partition:int', '_kafka_offset:int', '_ingested_at:ts']
      : ['_ingested_at:ts', '_source_file:str'];
    add({
      layer: 'bronze',
      name: t.name,
      system: t.system,
      domain: t.domain,
      model: t.kind === 'dimension' ? 'cumulative' : 'partition',
      seasonality: t.kind === 'fact' ? sys.seasonality : 'flat',
      volumeKey: t.name,
      perDay: t.perDay ?? t.rows ?? 1,
      dimension: t.kind === 'dimension',
      priorDays: 700,
      noise: t.kind === 'fact' ? 0.02 : 0.004,
      layerFactor: 1.002,
      cadence: kafka ? 'hourly' : 'daily',
      columns: [...t.columns, ...extra].map(parseColumn),
      upstreams: [ref('source', t.name)],
      description: `Raw landing copy of ${t.system}.${t.name}, delivered ${kafka ? 'hourly from Kafka' : 'daily by Airflow'} as Parquet. ${t.description}`,
      sla: false,
      certified: false,
      streaming: kafka,
      view: false,
      terms: [],
      docRate: 0.4,
      columnDocRate: 0.05,
      fieldProfiles: false,
    });
  }
  for (const t of SOURCE_TABLES) {
    const sys = SYSTEMS[t.system];
    const kafka = sys.platform === 'kafka';
    add({
      layer: 'silver',
      name: t.name,
      system: t.system,
      domain: t.domain,
      model: t.kind === 'dimension' ? 'cumulative' : 'partition',
      seasonality: t.kind === 'fact' ? sys.seasonality : 'flat',
      volumeKey: t.name,
      perDay: t.perDay ?? t.rows ?? 1,
      dimension: t.kind === 'dimension',
      priorDays: 700,
      noise: t.kind === 'fact' ? 0.02 : 0.004,
      layerFactor: 0.997,
      cadence: kafka ? 'hourly' : 'daily',
      columns: [...t.columns, '_loaded_at:ts'].map(parseColumn),
      upstreams: [ref('bronze', t.name)],
      description: `Curated ${t.name.replace(/_/g, ' ')}: cleaned, typed and deduplicated from the bronze landing copy. ${t.description}`,
      sla: SLA_SILVER.has(t.name),
      certified: CERTIFIED_SILVER.has(t.name),
      streaming: false,
      view: false,
      terms: [],
      docRate: 0.8,
      columnDocRate: 0.5,
      fieldProfiles: true,
    });
  }
  for (const m of SILVER_MODELS) {
    const source = SOURCE_TABLES.find((s) => s.name === m.volumeOf);
    if (!source) throw new Error(`silver model ${m.name} follows unknown table ${m.volumeOf}`);
    add({
      layer: 'silver',
      name: m.name,
      domain: m.domain,
      model: m.kind === 'dimension' ? 'cumulative' : 'partition',
      seasonality: m.kind === 'fact' ? SYSTEMS[source.system].seasonality : 'flat',
      volumeKey: m.volumeOf,
      perDay: source.perDay ?? source.rows ?? 1,
      dimension: m.kind === 'dimension',
      priorDays: 700,
      noise: m.kind === 'fact' ? 0.02 : 0.004,
      layerFactor: m.deprecated ? 0.93 : 0.995,
      cadence: 'daily',
      columns: [...m.columns, '_loaded_at:ts'].map(parseColumn),
      upstreams: m.upstreams.map((u) => ref('bronze', u)),
      description: m.description,
      ...(m.deprecated ? { deprecated: m.deprecated } : {}),
      sla: SLA_SILVER.has(m.name),
      certified: CERTIFIED_SILVER.has(m.name) && !m.deprecated,
      streaming: false,
      view: false,
      terms: [],
      docRate: 0.9,
      columnDocRate: 0.6,
      fieldProfiles: true,
    });
  }
  for (const g of GOLD_MODELS) {
    add({
      layer: 'gold',
      name: g.name,
      domain: g.domain,
      model: g.partitioned ? 'partition' : 'cumulative',
      seasonality: g.partitioned ? 'consumer' : 'flat',
      volumeKey: `gold.${g.name}`,
      perDay: g.inc,
      dimension: false,
      priorDays: 700,
      noise: g.partitioned ? 0.02 : 0.01,
      layerFactor: 1,
      cadence: g.cadence,
      columns: g.columns.map(parseColumn),
      upstreams: g.upstreams.map((u) => ref('silver', u)),
      description: g.description,
      ...(g.deprecated ? { deprecated: g.deprecated } : {}),
      sla: g.slaCritical === true,
      certified: !g.deprecated,
      streaming: false,
      view: g.view === true,
      terms: g.terms ?? [],
      docRate: 0.95,
      columnDocRate: 0.85,
      fieldProfiles: true,
    });
  }
  return out;
}

export const DATASET_TEMPLATES: readonly DatasetTemplate[] = build();

export function templateIndex(layer: Layer, name: string): number {
  const t = DATASET_TEMPLATES.find((x) => x.layer === layer && x.name === name);
  if (!t) throw new Error(`no demo template ${layer}:${name}`);
  return t.index;
}
