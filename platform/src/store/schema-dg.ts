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
    /** catalog, domain, platform, layer or owner_group. */
    dimension: text('dimension').notNull(),
    /** The group's key (domain urn, platform urn, layer, group urn); '' for the catalog and for "none". */
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

/** A target a governance lead set on a metric, over the catalog or one group of a breakdown. */
export const metricTarget = spokeDg.table(
  'metric_target',
  {
    metric: text('metric').notNull(),
    dimension: text('dimension').notNull(),
    groupKey: text('group_key').notNull(),
    /** at_least or at_most. */
    direction: text('direction').notNull(),
    value: doublePrecision('value').notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.dimension, t.groupKey] })],
);
