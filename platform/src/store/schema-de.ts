import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The data engineering spoke's own results, in their own PostgreSQL schema. */
export const spokeDe = pgSchema('spoke_de');

/** One stored validation of a dataset (dry runs are never stored). */
export const validationRun = spokeDe.table(
  'validation_run',
  {
    id: text('id').primaryKey(),
    datasetUrn: text('dataset_urn').notNull(),
    /** The time validated: only history up to it was used. */
    asOf: bigint('as_of', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    issueCount: integer('issue_count').notNull(),
    /** The whole result as the API returns it. */
    result: jsonb('result').notNull(),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('validation_run_dataset_created').on(t.datasetUrn, t.createdAt)],
);

/** Each issue of a run, one row, so a metric's history of issues can be queried. */
export const validationIssue = spokeDe.table(
  'validation_issue',
  {
    runId: text('run_id')
      .notNull()
      .references(() => validationRun.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    datasetUrn: text('dataset_urn').notNull(),
    check: text('check').notNull(),
    metric: text('metric').notNull(),
    severity: text('severity').notNull(),
    observed: doublePrecision('observed'),
    expectedLow: doublePrecision('expected_low'),
    expectedHigh: doublePrecision('expected_high'),
    explanation: text('explanation').notNull(),
  },
  (t) => [index('validation_issue_dataset_metric').on(t.datasetUrn, t.metric)],
);

/**
 * A documentation suggestion (domain/src/de/doc-suggestions): a proposed description, column lineage, glossary
 * term or domain with its evidence, reviewed by people and written back to DataHub when accepted. One row per
 * target (`target_key`): a new proposal for it replaces a pending one and leaves a decided one alone.
 */
export const docSuggestion = spokeDe.table(
  'doc_suggestion',
  {
    id: text('id').primaryKey(),
    targetKey: text('target_key').notNull(),
    datasetUrn: text('dataset_urn').notNull(),
    fieldPath: text('field_path'),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    /** The proposed value (text, term, domain, lineage) as the API returns it. */
    value: jsonb('value').notNull(),
    /** The target field's value in DataHub when proposed: accepting writes only while it still holds it. */
    baseline: text('baseline'),
    evidence: jsonb('evidence').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    phrasedBy: text('phrased_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { precision: 3, withTimezone: true, mode: 'date' }),
    /** What was written to DataHub (the reviewer's edit, when there was one). */
    writtenValue: jsonb('written_value'),
    staleReason: text('stale_reason'),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('doc_suggestion_target').on(t.targetKey),
    index('doc_suggestion_dataset').on(t.datasetUrn, t.status),
    index('doc_suggestion_status_kind').on(t.status, t.kind, t.confidence),
  ],
);

/**
 * A whole-catalog refresh of the documentation suggestions that ran to its end. The first start proposes only
 * when there is none: partial refreshes (a hub change, an import) may have stored suggestions before it.
 */
export const docSuggestionRefresh = spokeDe.table('doc_suggestion_refresh', {
  id: text('id').primaryKey(),
  /** What asked for it: `first-start`, or `request` (Propose again, the API). */
  trigger: text('trigger').notNull(),
  startedAt: timestamp('started_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  finishedAt: timestamp('finished_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  datasets: integer('datasets').notNull(),
  created: integer('created').notNull(),
});

/**
 * A technical-spec ingestion configuration (domain/src/de/techspec): its sources as written, secrets kept as
 * `${env:NAME}` references, never resolved values.
 */
export const ingestionConfig = spokeDe.table('ingestion_config', {
  name: text('name').primaryKey(),
  /** The validated configuration (sources, schedule, time limits) as the API returns it. */
  config: jsonb('config').notNull(),
  /** `every 6h` or a cron expression (UTC); null: on demand only. */
  schedule: text('schedule'),
  createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
});

/** One run of an ingestion configuration: its progress while running, then its outcome per source. */
export const ingestionRun = spokeDe.table(
  'ingestion_run',
  {
    id: text('id').primaryKey(),
    configName: text('config_name').notNull(),
    /** cli, api or schedule. */
    trigger: text('trigger').notNull(),
    /** RUNNING, SUCCEEDED, PARTIAL (some sources failed) or FAILED. */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { precision: 3, withTimezone: true, mode: 'date' }),
    /** Datasets seen, written, unmatched in DataHub, failed; and the progress while running. */
    counts: jsonb('counts').notNull(),
    /** Each source's status, error (code and message), counts and duration. */
    sources: jsonb('sources').notNull(),
    errors: jsonb('errors').notNull(),
  },
  (t) => [index('ingestion_run_config_started').on(t.configName, t.startedAt)],
);

/** What a run did with each dataset it observed. */
export const ingestionEntity = spokeDe.table(
  'ingestion_entity',
  {
    runId: text('run_id')
      .notNull()
      .references(() => ingestionRun.id, { onDelete: 'cascade' }),
    urn: text('urn').notNull(),
    source: text('source').notNull(),
    /** WRITTEN, UNMATCHED (no such dataset in DataHub) or FAILED. */
    outcome: text('outcome').notNull(),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('ingestion_entity_run_urn').on(t.runId, t.urn),
    index('ingestion_entity_urn').on(t.urn),
  ],
);

/** The latest technical spec observed of each dataset, as written to DataHub: what `Dataset.technicalSpec` reads. */
export const techSpecLatest = spokeDe.table('techspec_latest', {
  urn: text('urn').primaryKey(),
  kind: text('kind').notNull(),
  spec: jsonb('spec').notNull(),
  observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
  runId: text('run_id').notNull(),
});
