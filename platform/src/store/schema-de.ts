import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
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
