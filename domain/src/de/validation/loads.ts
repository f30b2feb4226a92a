import type { HubOperation } from '../../ports/hub-port.js';

/**
 * Loads: what each write added to a dataset. From DataHub `operation` events (their rows affected), or,
 * where no operation says, from the change of row count between consecutive profiles of a table that only
 * grows (an append table: the change is what a load added).
 */

export interface LoadPoint {
  t: number;
  rows: number;
  /** The operation type (INSERT, UPDATE, …) when known: a load is compared with loads of its kind. */
  kind?: string;
}

/** Operations this close together are one load (a job that writes several operations). */
const SAME_LOAD_MS = 5 * 60_000;
/** Operation types that add or rewrite rows; deletes and schema changes are not loads. */
const LOAD_TYPES = new Set(['INSERT', 'UPDATE', 'CREATE', 'UPSERT', 'CUSTOM', 'UNKNOWN']);
/** Share of profile intervals that must not shrink for a table to count as append-only. */
const APPEND_SHARE = 0.9;

/** Loads from operations with rows affected, oldest first; operations within SAME_LOAD_MS are one load. */
export function loadsFromOperations(operations: readonly HubOperation[]): LoadPoint[] {
  const ops = operations
    .filter((o) => o.numAffectedRows !== null && LOAD_TYPES.has(o.operationType.toUpperCase()))
    .map((o) => ({
      t: Number.isFinite(o.lastUpdatedTimestamp) ? o.lastUpdatedTimestamp : o.timestampMillis,
      rows: o.numAffectedRows!,
      kind: o.operationType.toUpperCase(),
    }))
    .filter((o) => Number.isFinite(o.t) && o.rows >= 0)
    .sort((a, b) => a.t - b.t);
  const out: (LoadPoint & { largest: number })[] = [];
  for (const o of ops) {
    const last = out.at(-1);
    if (last && o.t - last.t <= SAME_LOAD_MS) {
      last.rows += o.rows;
      last.t = o.t;
      // A load that writes several operations is of the kind of its largest.
      if (o.rows > last.largest) {
        last.largest = o.rows;
        last.kind = o.kind;
      }
    } else out.push({ ...o, largest: o.rows });
  }
  return out.map(({ t, rows, kind }) => ({ t, rows, kind }));
}

/** Row counts over time, oldest first. */
export type RowCounts = readonly { t: number; rowCount: number }[];

/** Whether a table only grows: at least APPEND_SHARE of its profile intervals did not shrink it. */
export function isAppendOnly(rows: RowCounts, minIntervals = 6): boolean {
  if (rows.length < minIntervals + 1) return false;
  let kept = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i]!.rowCount >= rows[i - 1]!.rowCount) kept++;
  return kept / (rows.length - 1) >= APPEND_SHARE;
}

/** The row count added between consecutive profiles, as loads (an append table's). */
export function loadsFromProfiles(rows: RowCounts): LoadPoint[] {
  const out: LoadPoint[] = [];
  for (let i = 1; i < rows.length; i++)
    out.push({ t: rows[i]!.t, rows: Math.max(0, rows[i]!.rowCount - rows[i - 1]!.rowCount) });
  return out;
}
