import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, jsonb, pgSchema, real, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The DA spoke's tables: the natural-language search index over the hub's datasets. Nothing here needs the
 * pgvector extension (servers without it must migrate); the pgvector adapter creates its own table when the
 * extension exists, and dataset_vector is the fallback that stores vectors as real[].
 */
export const spokeDa = pgSchema('spoke_da');

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);

/**
 * One row per indexed dataset: what search ranks and filters on, derived from the hub. Full text, filters,
 * container sizes, lineage walks and copies read the in-process search mirror (pg-documents.ts), not these
 * columns, so none has an index that every write would maintain.
 */
export const datasetDoc = spokeDa.table('dataset_doc', {
  urn: text('urn').primaryKey(),
  /** Hash of everything indexed; an unchanged hash means nothing to do. */
  contentHash: text('content_hash').notNull(),
  /** Hash of the embedded text and the model; re-embedding happens only when it changes. */
  embedHash: text('embed_hash'),
  name: text('name').notNull(),
  platform: text('platform').notNull(),
  layer: text('layer'),
  domain: text('domain'),
  container: text('container'),
  owners: textArray('owners'),
  tags: textArray('tags'),
  terms: textArray('terms'),
  /** Charts and dashboards reading the dataset, their owners and domains: "used by …" filters. */
  consumers: textArray('consumers'),
  deprecated: boolean('deprecated').notNull().default(false),
  /** Copies of one table on several platforms share this key (table name and column set). */
  copyKey: text('copy_key'),
  /** 0..1 ranking signals. */
  documentation: real('documentation').notNull().default(0),
  usage: real('usage').notNull().default(0),
  curated: boolean('curated').notNull().default(false),
  lastUpdated: bigint('last_updated', { mode: 'number' }),
  /** Urns of the datasets it reads from (lineage walks for "used by …" without reading `doc`). */
  upstreams: textArray('upstreams'),
  /** What telling copies of a table apart needs (platform name, lineage neighbours, columns), small. */
  brief: jsonb('brief'),
  /** The indexed dataset as served in results (evidence and context). */
  doc: jsonb('doc').notNull(),
  tsv: tsvector('tsv').notNull(),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
});

/** Names of what datasets are filtered by (tags, terms, domains, owners, platforms, dashboards). */
export const facetLabel = spokeDa.table('facet_label', {
  urn: text('urn').primaryKey(),
  /** tag | term | domain | owner | platform | dashboard | chart */
  kind: text('kind').notNull(),
  label: text('label').notNull(),
});

/** Fallback vector storage when PostgreSQL has no pgvector: real[] scored in process. */
export const datasetVector = spokeDa.table('dataset_vector', {
  urn: text('urn').primaryKey(),
  model: text('model').notNull(),
  vector: real('vector').array().notNull(),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
});
