/**
 * DataHub GraphQL values of timeseries events (dataset profiles, operations, usage), from stored events.
 * Shared by the hub's GraphQL resolvers and the embedded hub port.
 */
import type { TimeseriesRow } from '../embedded-hub.js';
import { asArray, asObject, str, text } from '../json.js';
import { OPERATION_SOURCES, OPERATION_TYPES, PARTITION_TYPES } from './aspect-values.js';
import { num, numStr, oneOf, ref } from './values.js';

export function mapProfile(row: TimeseriesRow) {
  const e = row.event;
  const partition = asObject(e.partitionSpec);
  return {
    timestampMillis: num(e.timestampMillis) ?? row.timestampMillis,
    rowCount: num(e.rowCount),
    columnCount: num(e.columnCount),
    sizeInBytes: num(e.sizeInBytes),
    fieldProfiles: asArray(e.fieldProfiles).map((raw) => {
      const p = asObject(raw);
      return {
        fieldPath: text(p.fieldPath) ?? '',
        uniqueCount: num(p.uniqueCount),
        uniqueProportion: num(p.uniqueProportion),
        nullCount: num(p.nullCount),
        nullProportion: num(p.nullProportion),
        min: numStr(p.min),
        max: numStr(p.max),
        mean: numStr(p.mean),
        median: numStr(p.median),
        stdev: numStr(p.stdev),
        sampleValues: asArray(p.sampleValues).map((v) => String(v)),
      };
    }),
    partitionSpec: e.partitionSpec
      ? {
          type: oneOf(partition.type, PARTITION_TYPES, 'PARTITION'),
          partition: text(partition.partition) ?? '',
        }
      : null,
  };
}

export function mapOperation(row: TimeseriesRow) {
  const e = row.event;
  return {
    timestampMillis: num(e.timestampMillis) ?? row.timestampMillis,
    lastUpdatedTimestamp: num(e.lastUpdatedTimestamp) ?? num(e.timestampMillis) ?? row.timestampMillis,
    actor: str(e.actor) ?? null,
    operationType: oneOf(e.operationType, OPERATION_TYPES, 'UNKNOWN'),
    customOperationType: text(e.customOperationType) ?? null,
    sourceType: oneOf(e.sourceType, OPERATION_SOURCES, null),
    numAffectedRows: num(e.numAffectedRows),
    affectedDatasets: asArray(e.affectedDatasets).filter((d): d is string => typeof d === 'string'),
    partition: text(asObject(e.partitionSpec).partition) ?? null,
    customProperties: Object.entries(asObject(e.customProperties)).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    })),
  };
}

export const DAY = 86_400_000;
/** Days in each usage range DataHub's `usageStats(range:)` takes; ALL is unbounded. */
export const RANGE_DAYS: Record<string, number | undefined> = {
  DAY: 1,
  WEEK: 7,
  MONTH: 30,
  QUARTER: 90,
  YEAR: 365,
  ALL: undefined,
};

export interface UsageTotals {
  users: Map<string, { count: number; email: string | null }>;
  fields: Map<string, number>;
  totalSqlQueries: number;
  uniqueUserCount: number;
}

export function sumUsage(rows: readonly TimeseriesRow[]): UsageTotals {
  const totals: UsageTotals = { users: new Map(), fields: new Map(), totalSqlQueries: 0, uniqueUserCount: 0 };
  for (const row of rows) {
    const e = row.event;
    totals.totalSqlQueries += num(e.totalSqlQueries) ?? 0;
    for (const raw of asArray(e.userCounts)) {
      const u = asObject(raw);
      const user = str(u.user) ?? str(u.userEmail);
      if (!user) continue;
      const prev = totals.users.get(user) ?? { count: 0, email: str(u.userEmail) ?? null };
      prev.count += num(u.count) ?? 0;
      totals.users.set(user, prev);
    }
    for (const raw of asArray(e.fieldCounts)) {
      const f = asObject(raw);
      const path = str(f.fieldPath);
      if (path) totals.fields.set(path, (totals.fields.get(path) ?? 0) + (num(f.count) ?? 0));
    }
  }
  totals.uniqueUserCount = totals.users.size;
  return totals;
}

export function usageUsers(totals: UsageTotals) {
  return [...totals.users.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([user, v]) => ({
      user: user.startsWith('urn:li:corpuser:') ? ref(user) : null,
      count: v.count,
      userEmail: v.email,
    }));
}

export function usageFields(totals: UsageTotals) {
  return [...totals.fields.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([fieldName, count]) => ({ fieldName, count }));
}

// ------------------------------------------------------------------------------------------------ relationships
