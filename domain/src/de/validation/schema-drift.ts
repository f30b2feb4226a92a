import type { HubSchemaVersion } from '../../ports/hub-port.js';
import type { ValidationIssue } from './types.js';

/** A schema change this recent (before asOf) is reported: consumers may not have adapted yet. */
export const SCHEMA_RECENT_MS = 14 * 86_400_000;

/**
 * The first profile whose column count is the latest schema's after profiles with the previous one's: when
 * the change reached the data. Null when the profiles do not show it.
 */
export function profileSchemaChange(
  profiles: readonly { timestampMillis: number; columnCount: number | null }[],
  versions: readonly HubSchemaVersion[],
): number | null {
  const [current, previous] = versions;
  if (!current || !previous || current.fields.length === previous.fields.length) return null;
  const sorted = [...profiles].sort((a, b) => a.timestampMillis - b.timestampMillis);
  for (let i = 1; i < sorted.length; i++)
    if (
      sorted[i - 1]!.columnCount === previous.fields.length &&
      sorted[i]!.columnCount === current.fields.length
    )
      return sorted[i]!.timestampMillis;
  return null;
}

/**
 * Schema drift: the schema in force at `asOf` against the version before it. Removed or retyped fields break
 * readers (fail); added fields rarely do (warn).
 */
export function schemaDrift(
  versions: readonly HubSchemaVersion[],
  asOf: number,
  /** When the profiles first showed the latest schema's columns: the change time when the hub's is unusable. */
  profileChangeAt: number | null,
): ValidationIssue | null {
  // Latest (aspect version 0) first, then the most recent earlier version.
  const [current, previous] = versions;
  if (!current || !previous || current.aspectVersion !== 0) return null;
  // Some hubs stamp every version with the dataset's creation time; then the profiles date the change.
  const stamped =
    current.createdAt !== null && previous.createdAt !== null && current.createdAt > previous.createdAt;
  const changedAt = stamped ? current.createdAt! : profileChangeAt;
  if (changedAt === null || changedAt > asOf || asOf - changedAt > SCHEMA_RECENT_MS) return null;
  const before = new Map(previous.fields.map((f) => [f.fieldPath, f]));
  const after = new Map(current.fields.map((f) => [f.fieldPath, f]));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const retyped = [...after.keys()].filter((k) => {
    const b = before.get(k);
    const a = after.get(k)!;
    return b !== undefined && (b.type !== a.type || (b.nativeDataType ?? '') !== (a.nativeDataType ?? ''));
  });
  if (added.length + removed.length + retyped.length === 0) return null;
  const parts = [
    removed.length > 0 && `removed ${removed.join(', ')}`,
    retyped.length > 0 &&
      `retyped ${retyped.map((k) => `${k} (${before.get(k)!.nativeDataType ?? before.get(k)!.type} → ${after.get(k)!.nativeDataType ?? after.get(k)!.type})`).join(', ')}`,
    added.length > 0 && `added ${added.join(', ')}`,
  ].filter(Boolean);
  return {
    check: 'schema',
    metric: 'schema',
    severity: removed.length + retyped.length > 0 ? 'fail' : 'warn',
    observed: removed.length + retyped.length + added.length,
    expectedLow: 0,
    expectedHigh: 0,
    anomalyScore: null,
    expectation: `the schema unchanged for ${SCHEMA_RECENT_MS / 86_400_000} days (removing or retyping a field fails, adding one warns)`,
    explanation: `The schema changed on ${new Date(changedAt).toISOString()}: ${parts.join('; ')}.`,
    relatedUrn: null,
  };
}
