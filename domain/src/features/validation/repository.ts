import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Store } from '../../store/db.js';
import { validationIssue, validationRun } from '../../store/schema-de.js';
import type { ValidationResult } from './types.js';

/** Stored validation runs: one row per run with its result, one row per issue. */

export async function saveRun(store: Store, result: ValidationResult): Promise<void> {
  if (!result.runId) throw new Error('a dry run is not stored');
  const runId = result.runId;
  await store.db.transaction(async (tx) => {
    await tx.insert(validationRun).values({
      id: runId,
      datasetUrn: result.datasetUrn,
      asOf: result.asOf,
      status: result.status,
      issueCount: result.issues.length,
      result,
      createdAt: new Date(result.validatedAt),
    });
    if (result.issues.length > 0)
      await tx.insert(validationIssue).values(
        result.issues.map((i, ordinal) => ({
          runId,
          ordinal,
          datasetUrn: result.datasetUrn,
          check: i.check,
          metric: i.metric,
          severity: i.severity,
          observed: i.observed,
          expectedLow: i.expectedLow,
          expectedHigh: i.expectedHigh,
          explanation: i.explanation,
        })),
      );
  });
}

/** A dataset's stored runs, newest first. */
export async function listRuns(
  store: Store,
  datasetUrn: string,
  page: { limit: number; offset: number; from?: number | undefined; to?: number | undefined },
): Promise<{ runs: ValidationResult[]; total: number }> {
  const where = and(
    eq(validationRun.datasetUrn, datasetUrn),
    page.from === undefined ? undefined : gte(validationRun.createdAt, new Date(page.from)),
    page.to === undefined ? undefined : lt(validationRun.createdAt, new Date(page.to)),
  );
  const [rows, counted] = await Promise.all([
    store.db
      .select({ result: validationRun.result })
      .from(validationRun)
      .where(where)
      .orderBy(desc(validationRun.createdAt), desc(validationRun.id))
      .limit(page.limit)
      .offset(page.offset),
    store.db
      .select({ n: sql<number>`count(*)::int` })
      .from(validationRun)
      .where(where),
  ]);
  return { runs: rows.map((r) => r.result as ValidationResult), total: Number(counted[0]?.n ?? 0) };
}
