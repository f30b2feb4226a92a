import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The embedded hub's tables live in their own schema, shaped like DataHub GMS's storage: versioned aspects
 * as in metadata_aspect_v2, timeseries aspects in a time-indexed table (GMS keeps them in Elasticsearch),
 * and two derived indexes GMS keeps in its search and graph stores.
 */
export const hub = pgSchema('hub');

/** One row per (urn, aspect, version); version 0 is always the latest value. */
export const metadataAspect = hub.table(
  'metadata_aspect_v2',
  {
    urn: text('urn').notNull(),
    aspect: text('aspect').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    metadata: jsonb('metadata').notNull(),
    systemMetadata: jsonb('systemmetadata'),
    createdOn: timestamp('createdon', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    createdBy: text('createdby').notNull(),
    createdFor: text('createdfor'),
  },
  (t) => [
    primaryKey({ columns: [t.urn, t.aspect, t.version] }),
    index('metadata_aspect_v2_aspect_idx').on(t.aspect, t.version),
  ],
);

/** Timeseries aspects (datasetProfile, operation, datasetUsageStatistics, …) by event time. */
export const timeseriesAspect = hub.table(
  'timeseries_aspect',
  {
    urn: text('urn').notNull(),
    aspect: text('aspect').notNull(),
    timestampMillis: bigint('timestamp_millis', { mode: 'number' }).notNull(),
    /** Partition of the event (partitionSpec.partition) or '' — with urn, aspect and time, its identity. */
    partition: text('partition').notNull().default(''),
    event: jsonb('event').notNull(),
    systemMetadata: jsonb('system_metadata'),
    createdOn: timestamp('created_on', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('timeseries_aspect_identity').on(t.urn, t.aspect, t.timestampMillis, t.partition),
    index('timeseries_aspect_aspect_time').on(t.aspect, t.timestampMillis),
  ],
);

/** One row per entity: what search and browsing need, derived from its latest aspects on every write. */
export const searchDocument = hub.table(
  'search_document',
  {
    urn: text('urn').primaryKey(),
    entityType: text('entity_type').notNull(),
    name: text('name').notNull().default(''),
    qualifiedName: text('qualified_name'),
    description: text('description'),
    platform: text('platform'),
    domain: text('domain'),
    container: text('container'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    glossaryTerms: text('glossary_terms')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    owners: text('owners')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subTypes: text('sub_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    fieldPaths: text('field_paths')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Everything searchable as one text, weighted into `document` by the writer. */
    document: text('document').notNull().default(''),
    removed: boolean('removed').notNull().default(false),
    updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('search_document_type').on(t.entityType),
    index('search_document_fts').using('gin', sql`to_tsvector('simple', ${t.document})`),
    index('search_document_tags').using('gin', t.tags),
    index('search_document_terms').using('gin', t.glossaryTerms),
    index('search_document_owners').using('gin', t.owners),
  ],
);

/** Edges GMS keeps in its graph store, derived from aspects (lineage, containment, chart inputs…). */
export const relationship = hub.table(
  'relationship',
  {
    sourceUrn: text('source_urn').notNull(),
    relationshipType: text('relationship_type').notNull(),
    destinationUrn: text('destination_urn').notNull(),
    /** The aspect of the source entity the edge came from; rewriting that aspect rewrites its edges. */
    viaAspect: text('via_aspect').notNull(),
    createdOn: timestamp('created_on', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceUrn, t.viaAspect, t.relationshipType, t.destinationUrn] }),
    index('relationship_destination').on(t.destinationUrn, t.relationshipType),
  ],
);

/** DataSpoke's own bookkeeping (first-start markers and the like). */
export const spoke = pgSchema('spoke');

export const setting = spoke.table('setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * API keys. Only a SHA-256 hash of each key's secret is kept: the secret is 32 random bytes, so a fast hash
 * is as strong as a slow one here, and it lets every request be checked with one indexed lookup.
 */
export const apiKey = spoke.table('api_key', {
  /** The public part of the key (`dsk_<id>_<secret>`), shown in listings and used to revoke it. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  groups: text('groups').array().notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  revokedAt: timestamp('revoked_at', { precision: 3, withTimezone: true, mode: 'date' }),
});

/**
 * The changes of a MetadataChangeLog that a consumer group of DataSpoke has applied, by the change's identity
 * (hub/src/events/change-log-codec.ts): a change delivered again (a redelivery after a crash before its
 * offset was committed, a replay) is skipped and counted instead of applied twice.
 */
export const appliedChange = spoke.table(
  'applied_change',
  {
    consumerGroup: text('consumer_group').notNull(),
    changeKey: text('change_key').notNull(),
    appliedAt: timestamp('applied_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.consumerGroup, t.changeKey] }),
    index('applied_change_applied_at').on(t.appliedAt),
  ],
);

/**
 * Webhook deliveries waiting, retried or done (domain/src/shared/notifications/webhook-outbox.ts): a
 * notification is written here before anything is sent, so a restart (of any replica) sends what is due.
 * One row per notification and receiving URL; the id repeats the notification's id for receivers to
 * deduplicate on.
 */
export const notificationOutbox = spoke.table(
  'notification_outbox',
  {
    id: text('id').primaryKey(),
    notificationId: text('notification_id').notNull(),
    url: text('url').notNull(),
    payload: jsonb('payload').notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
    /** A deliverer holds the row until then; past it (the holder died) another may take it. */
    claimedUntil: timestamp('claimed_until', { precision: 3, withTimezone: true, mode: 'date' }),
    deliveredAt: timestamp('delivered_at', { precision: 3, withTimezone: true, mode: 'date' }),
    /** Set when the attempts ran out; the row stays for the operator. */
    failedAt: timestamp('failed_at', { precision: 3, withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
  },
  (t) => [
    index('notification_outbox_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.failedAt} is null`),
  ],
);
