import { and, desc, eq, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { workflowRun } from '@dataspoke/platform/store/schema-workflows';
import { checkedPage, checkStatuses } from '@dataspoke/domain/shared/paging';
import type { RunContext, RunOutcome, RunProgress, RunStatus } from './workflows/types.js';

/** A recorded run, as Query.workflowRuns serves it. */
export interface WorkflowRunRecord extends RunContext {
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  progress: RunProgress | null;
  outcome: RunOutcome | null;
  error: string | null;
}

export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'COMPLETED', 'FAILED'];

/** The runs of every workflow, whichever engine ran them, in the operational store. */
export class WorkflowRunLog {
  constructor(private readonly store: Store) {}

  /** Records a run's start; a start recorded again (an activity retried) keeps the first. */
  async started(run: RunContext & { startedAt: number }): Promise<void> {
    await this.store.db
      .insert(workflowRun)
      .values({
        id: run.id,
        workflow: run.workflow,
        scheduleId: run.scheduleId,
        trigger: run.trigger,
        engine: run.engine,
        status: 'RUNNING',
        startedAt: run.startedAt,
      })
      .onConflictDoNothing();
  }

  async progress(id: string, progress: RunProgress): Promise<void> {
    await this.store.db
      .update(workflowRun)
      .set({ progress })
      .where(and(eq(workflowRun.id, id), eq(workflowRun.status, 'RUNNING')));
  }

  async finished(
    id: string,
    finish: { status: Exclude<RunStatus, 'RUNNING'>; outcome?: RunOutcome; error?: string; at: number },
  ): Promise<void> {
    await this.store.db
      .update(workflowRun)
      .set({
        status: finish.status,
        finishedAt: finish.at,
        // jsonb keeps no key order: the counts go as entries, in the order the workflow gave them.
        result: finish.outcome ? { ...finish.outcome, counts: Object.entries(finish.outcome.counts) } : null,
        error: finish.error ?? null,
      })
      .where(eq(workflowRun.id, id));
  }

  /** Vouches until `until` (epoch ms) that this process still runs these runs. */
  async renew(ids: readonly string[], until: number): Promise<void> {
    if (ids.length === 0) return;
    await this.store.db
      .update(workflowRun)
      .set({ aliveUntil: until })
      .where(and(inArray(workflowRun.id, [...ids]), eq(workflowRun.status, 'RUNNING')));
  }

  /**
   * Marks the runs an engine left RUNNING when its process died as failed, with why: all of them (a store
   * only one process opens), or with `lapsed` those whose lease ran out before `at` (one never renewed
   * counts from its start), but for the runs the caller itself runs.
   */
  async abandon(
    engine: RunContext['engine'],
    reason: string,
    at: number,
    lapsed?: { leaseMs: number; except: readonly string[] },
  ): Promise<number> {
    const where: SQL[] = [eq(workflowRun.engine, engine), eq(workflowRun.status, 'RUNNING')];
    if (lapsed) {
      where.push(
        lt(sql`coalesce(${workflowRun.aliveUntil}, ${workflowRun.startedAt} + ${lapsed.leaseMs})`, at),
      );
      if (lapsed.except.length > 0) where.push(notInArray(workflowRun.id, [...lapsed.except]));
    }
    const rows = await this.store.db
      .update(workflowRun)
      .set({ status: 'FAILED', finishedAt: at, error: reason })
      .where(and(...where))
      .returning({ id: workflowRun.id });
    return rows.length;
  }

  async get(id: string): Promise<WorkflowRunRecord | null> {
    const [row] = await this.store.db.select().from(workflowRun).where(eq(workflowRun.id, id));
    return row ? toRecord(row) : null;
  }

  /** Runs newest first; `workflow` and `statuses` narrow them. Bad paging is refused with a code. */
  async list(
    page: {
      workflow?: string | null;
      statuses?: readonly string[] | null;
      offset?: number;
      limit?: number;
    } = {},
  ): Promise<{ runs: WorkflowRunRecord[]; totalCount: number; offset: number; limit: number }> {
    const { limit, offset } = checkedPage(page);
    checkStatuses(page.statuses, RUN_STATUSES);
    const where: SQL[] = [];
    if (page.workflow) where.push(eq(workflowRun.workflow, page.workflow));
    if (page.statuses && page.statuses.length > 0)
      where.push(inArray(workflowRun.status, [...page.statuses]));
    const condition = where.length > 0 ? and(...where) : undefined;
    const [rows, [count]] = await Promise.all([
      this.store.db
        .select()
        .from(workflowRun)
        .where(condition)
        .orderBy(desc(workflowRun.startedAt), desc(workflowRun.id))
        .limit(limit)
        .offset(offset),
      this.store.db
        .select({ n: sql<number>`count(*)::int` })
        .from(workflowRun)
        .where(condition),
    ]);
    return { runs: rows.map(toRecord), totalCount: Number(count?.n ?? 0), offset, limit };
  }
}

function toRecord(row: typeof workflowRun.$inferSelect): WorkflowRunRecord {
  return {
    id: row.id,
    workflow: row.workflow as RunContext['workflow'],
    scheduleId: row.scheduleId,
    trigger: row.trigger as RunContext['trigger'],
    engine: row.engine as RunContext['engine'],
    status: row.status as RunStatus,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    progress: (row.progress as RunProgress | null) ?? null,
    outcome: outcomeOf(row.result),
    error: row.error,
  };
}

function outcomeOf(stored: unknown): RunOutcome | null {
  if (!stored) return null;
  const r = stored as Omit<RunOutcome, 'counts'> & { counts: [string, number][] };
  return { ...r, counts: Object.fromEntries(r.counts) };
}
