import { doublePrecision, index, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The data governance spoke's own results, in their own PostgreSQL schema. */
export const spokeDg = pgSchema('spoke_dg');

/**
 * One value of one governance metric on one day, over the whole catalog or one group of a breakdown. A day
 * collected again replaces its rows (domain/src/dg/metrics/metrics-repository.ts), so a day is never counted twice.
 */
export const metricPoint = spokeDg.table(
  'metric_point',
  {
    metric: text('metric').notNull(),
    /** CATALOG, DOMAIN, PLATFORM, LAYER or OWNER_GROUP. */
    dimension: text('dimension').notNull(),
    /** The group's key (domain urn, platform urn, layer, group urn); '' for the catalog, (none) for none. */
    groupKey: text('group_key').notNull(),
    /** The UTC day, YYYY-MM-DD: sorts and compares as text. */
    day: text('day').notNull(),
    value: doublePrecision('value').notNull(),
    collectedAt: timestamp('collected_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.metric, t.dimension, t.groupKey, t.day] }),
    index('metric_point_day').on(t.day),
  ],
);

/**
 * A month of one metric_point series as two arrays (days of the month, values): what the metrics queries
 * read, so two years of a series are 25 rows, not 731. Rebuilt from metric_point for each month a
 * collection writes (metrics-repository.ts replaceDays); metric_point stays the record.
 */
export const metricMonth = spokeDg.table(
  'metric_month',
  {
    metric: text('metric').notNull(),
    dimension: text('dimension').notNull(),
    groupKey: text('group_key').notNull(),
    /** YYYY-MM. */
    month: text('month').notNull(),
    // Comma-separated text, not arrays: the store hands text over as it is, while it formats and parses
    // every element of an array, which was most of a two-year query's time.
    /** The days of the month with points, ascending: `1,2,5`. */
    days: text('days').notNull(),
    /** Their values, as PostgreSQL's shortest text of each double: `12,0.5,1e+21`. */
    values: text('values').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.dimension, t.groupKey, t.month] })],
);

/** A target a governance lead set on a metric, over the catalog or one group of a breakdown. */
export const metricTarget = spokeDg.table(
  'metric_target',
  {
    metric: text('metric').notNull(),
    dimension: text('dimension').notNull(),
    groupKey: text('group_key').notNull(),
    /** AT_LEAST or AT_MOST. */
    direction: text('direction').notNull(),
    value: doublePrecision('value').notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.dimension, t.groupKey] })],
);

/** Each natural-language question asked of search, and when one of its results was first clicked. */
export const searchQuestion = spokeDg.table(
  'search_question',
  {
    id: text('id').primaryKey(),
    question: text('question').notNull(),
    askedAt: timestamp('asked_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    clickedAt: timestamp('clicked_at', { precision: 3, withTimezone: true, mode: 'date' }),
  },
  (t) => [index('search_question_asked').on(t.askedAt)],
);
