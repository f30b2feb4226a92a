import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { validationIssue, validationRun } from '@dataspoke/platform/store/schema-de';
import type { ValidationResult, ValidationStatus } from './types.js';

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

/**
 * The latest stored run of each dataset, newest first; with `statuses`, only datasets whose latest run has one
 * of them. One statement (DISTINCT ON over the run table) answers the page and the total together.
 */
export async function listLatestRuns(
  store: Store,
  page: { limit: number; offset: number; statuses?: readonly ValidationStatus[] | undefined },
): Promise<{ runs: ValidationResult[]; total: number }> {
  const statuses = page.statuses === undefined ? null : `{${page.statuses.join(',')}}`;
  // The left join keeps one row when the page is empty (an offset past the end): the total still comes back.
  const rows = await store.query<{ total: number | string; result: unknown }>(sql`
    with latest as (
      select distinct on (dataset_urn) id, status, created_at, result
      from spoke_de.validation_run
      order by dataset_urn, created_at desc, id desc
    ), chosen as (
      select id, created_at, result from latest
      where ${statuses}::text[] is null or status = any(${statuses}::text[])
    )
    select (select count(*) from chosen)::int as total, page.result
    from (select 1) as one
    left join (
      select id, created_at, result from chosen
      order by created_at desc, id desc
      limit ${page.limit} offset ${page.offset}
    ) as page on true
    order by page.created_at desc, page.id desc`);
  const runs = rows
    .filter((r) => r.result !== null && r.result !== undefined)
    .map((r) => (typeof r.result === 'string' ? JSON.parse(r.result) : r.result) as ValidationResult);
  return { runs, total: Number(rows[0]?.total ?? 0) };
}
