import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { workflowSchedule } from '@dataspoke/platform/store/schema-workflows';
import type { ActivityContext } from '../activities.js';
import type { TriggeredRun, WorkflowEngine } from '../engine.js';
import type { WorkflowRunLog } from '../run-log.js';
import {
  nextTick,
  ScheduleNotFoundError,
  type ScheduleDefinition,
  type ScheduleState,
} from '../schedules.js';
import { WORKFLOWS } from '../workflows/index.js';
import { ACTIVITY_RETRY } from '../workflows/policy.js';
import type { RunTrigger, WorkflowActivities } from '../workflows/types.js';

type RetryPolicy = { -readonly [K in keyof typeof ACTIVITY_RETRY]: number };

const current = new AsyncLocalStorage<ActivityContext>();

/** The context of the activity the in-process engine is running (createActivities' `context` here). */
export function embeddedActivityContext(): ActivityContext {
  const ctx = current.getStore();
  if (!ctx) throw new Error('an activity ran outside the in-process engine');
  return ctx;
}

export interface EmbeddedEngineOptions {
  store: Store;
  /** Built with `context: embeddedActivityContext`. */
  activities: WorkflowActivities;
  runs: WorkflowRunLog;
  schedules: readonly ScheduleDefinition[];
  /** How often the schedule table is read again (a pause or a tick set by another process). */
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Over PostgreSQL, how long a run's lease lasts (renewed every third of it while the run goes on): a run
   * another process left RUNNING longer than this past its last renewal is marked failed.
   */
  leaseMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const INTERRUPTED = 'interrupted: the process stopped during the run';

/** A tick taken this much after it was due was missed while nothing ran: its run is a catch-up. */
const LATE_MS = 60_000;

/**
 * The embedded default: the workflows run in this process, their schedules in the operational store. A tick
 * is claimed by moving the schedule's next run forward in one conditional update, so processes sharing a
 * PostgreSQL store run each tick once; a schedule whose ticks passed while no process ran is run once at
 * start (a catch-up), then follows its spec from now on, not once per missed tick.
 */
export class EmbeddedWorkflowEngine implements WorkflowEngine {
  readonly kind = 'embedded';
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private leases: NodeJS.Timeout | null = null;
  /** The ids of the runs this process runs. */
  private readonly runIds = new Set<string>();
  private readonly stopping = new AbortController();
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: EmbeddedEngineOptions) {
    this.now = options.now ?? Date.now;
    this.retry = { ...ACTIVITY_RETRY, ...options.retry };
  }

  async ensureSchedules(): Promise<void> {
    const now = this.now();
    for (const s of this.options.schedules) {
      const next = nextTick(s.spec, now);
      await this.options.store.db
        .insert(workflowSchedule)
        .values({ id: s.id, workflow: s.workflow, spec: s.spec, nextRunAt: next, updatedAt: new Date(now) })
        .onConflictDoUpdate({
          target: workflowSchedule.id,
          set: {
            workflow: s.workflow,
            spec: s.spec,
            // A changed spec starts afresh; an unchanged one keeps its next tick (missed or not).
            nextRunAt: sql`case when ${workflowSchedule.spec} = ${s.spec} then ${workflowSchedule.nextRunAt} else ${next} end`,
            updatedAt: new Date(now),
          },
        });
    }
  }

  async list(): Promise<ScheduleState[]> {
    const rows = await this.rows();
    return this.options.schedules.map((s) => {
      const row = rows.find((r) => r.id === s.id);
      return {
        ...s,
        paused: row?.paused ?? false,
        nextRunAt: row && !row.paused ? row.nextRunAt : null,
        lastRunAt: row?.lastRunAt ?? null,
        note: row?.note ?? null,
      };
    });
  }

  async pause(id: string, note?: string): Promise<void> {
    this.definition(id);
    await this.options.store.db
      .update(workflowSchedule)
      .set({ paused: true, note: note ?? null, updatedAt: new Date(this.now()) })
      .where(eq(workflowSchedule.id, id));
  }

  async resume(id: string): Promise<void> {
    const s = this.definition(id);
    const now = this.now();
    // Ticks that passed while paused are not run: the schedule goes on from now.
    await this.options.store.db
      .update(workflowSchedule)
      .set({ paused: false, note: null, nextRunAt: nextTick(s.spec, now), updatedAt: new Date(now) })
      .where(eq(workflowSchedule.id, id));
  }

  trigger(id: string): Promise<TriggeredRun> {
    return Promise.resolve(this.run(this.definition(id), 'manual'));
  }

  async start(): Promise<void> {
    await this.ensureSchedules();
    if (this.options.store.kind === 'pglite') {
      // PGlite serves one process: a run it shows as running died with the process before this one.
      const n = await this.options.runs.abandon('embedded', INTERRUPTED, Date.now());
      if (n > 0) this.options.log?.(`workflows: ${n} run(s) interrupted by the last stop marked failed`);
    } else {
      await this.keepLeases();
      this.startLeases();
    }
    this.schedule(0);
  }

  /** PostgreSQL is shared: a run is another process's until its lease lapses (a triggered run's too). */
  private startLeases(): void {
    if (this.options.store.kind === 'pglite' || this.leases) return;
    this.leases = setInterval(() => void this.keepLeases(), this.leaseMs() / 3);
    this.leases.unref();
  }

  private leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  /**
   * Renews the leases of this process's runs and marks failed the runs whose lease lapsed. Leases are about
   * processes being alive, so they go by the wall clock, not the schedules' clock.
   */
  private async keepLeases(): Promise<void> {
    try {
      const ids = [...this.runIds];
      const now = Date.now();
      await this.options.runs.renew(ids, now + this.leaseMs());
      const n = await this.options.runs.abandon('embedded', INTERRUPTED, now, {
        leaseMs: this.leaseMs(),
        except: ids,
      });
      if (n > 0) this.options.log?.(`workflows: ${n} run(s) of a process that stopped marked failed`);
    } catch (error) {
      this.options.log?.(`workflows: keeping the runs' leases failed: ${String(error)}`);
    }
  }

  async ping(): Promise<void> {
    await this.options.store.query(sql`select 1`);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await Promise.all(this.inFlight.values());
    if (this.leases) clearInterval(this.leases);
    this.leases = null;
  }

  private definition(id: string): ScheduleDefinition {
    const s = this.options.schedules.find((d) => d.id === id);
    if (!s)
      throw new ScheduleNotFoundError(
        id,
        this.options.schedules.map((d) => d.id),
      );
    return s;
  }

  private rows() {
    const ids = this.options.schedules.map((s) => s.id);
    if (ids.length === 0) return Promise.resolve([]);
    return this.options.store.db.select().from(workflowSchedule).where(inArray(workflowSchedule.id, ids));
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) =>
          this.options.log?.(`workflows: reading the schedules failed: ${String(error)}`),
        )
        .then(async () => this.schedule(await this.untilNext()));
    }, delayMs);
    this.timer.unref();
  }

  private async untilNext(): Promise<number> {
    const poll = this.options.pollMs ?? 30_000;
    try {
      const next = Math.min(...(await this.rows()).filter((r) => !r.paused).map((r) => r.nextRunAt));
      return Math.max(0, Math.min(poll, next - this.now()));
    } catch {
      return poll;
    }
  }

  /** Claims and starts every due tick. */
  private async tick(): Promise<void> {
    const now = this.now();
    const ids = this.options.schedules.map((s) => s.id);
    if (ids.length === 0 || this.stopping.signal.aborted) return;
    const due = await this.options.store.db
      .select()
      .from(workflowSchedule)
      .where(
        and(
          inArray(workflowSchedule.id, ids),
          eq(workflowSchedule.paused, false),
          lte(workflowSchedule.nextRunAt, now),
        ),
      );
    for (const row of due) {
      const s = this.definition(row.id);
      const claimed = await this.options.store.db
        .update(workflowSchedule)
        .set({ nextRunAt: nextTick(s.spec, now), lastRunAt: now, updatedAt: new Date(now) })
        .where(and(eq(workflowSchedule.id, row.id), eq(workflowSchedule.nextRunAt, row.nextRunAt)))
        .returning({ id: workflowSchedule.id });
      if (claimed.length === 0) continue;
      // Like Temporal's default overlap policy: a tick while the last run still runs is skipped.
      if (this.inFlight.has(s.id)) {
        this.options.log?.(`workflows: ${s.id} still running; its tick is skipped`);
        continue;
      }
      this.run(s, now - row.nextRunAt > LATE_MS ? 'catch-up' : 'schedule');
    }
  }

  private run(s: ScheduleDefinition, trigger: RunTrigger): TriggeredRun {
    const runId = randomUUID();
    this.runIds.add(runId);
    this.startLeases();
    const acts = this.withRetries(this.options.activities);
    const finished = WORKFLOWS[s.workflow](acts, {
      id: runId,
      workflow: s.workflow,
      scheduleId: s.id,
      trigger,
      engine: 'embedded',
    }).then(
      (outcome) =>
        this.options.log?.(`workflows: ${s.id} run ${runId} completed: ${JSON.stringify(outcome.counts)}`),
      (error: unknown) => this.options.log?.(`workflows: ${s.id} run ${runId} failed: ${String(error)}`),
    );
    const tracked = finished.finally(() => {
      this.runIds.delete(runId);
      if (this.inFlight.get(s.id) === tracked) this.inFlight.delete(s.id);
    });
    this.inFlight.set(s.id, tracked);
    return { runId, workflow: s.workflow, finished: tracked };
  }

  /**
   * The activities with the retry policy Temporal applies: backoff between attempts, a non-retryable
   * failure at once; a retried attempt sees the last heartbeat of the one before.
   */
  private withRetries(activities: WorkflowActivities): WorkflowActivities {
    const wrapped = {} as Record<string, (input: unknown) => Promise<unknown>>;
    for (const [name, fn] of Object.entries(activities) as [string, (input: unknown) => Promise<unknown>][]) {
      wrapped[name] = async (input: unknown) => {
        let last: unknown;
        for (let attempt = 1; ; attempt++) {
          const previous = last;
          const ctx: ActivityContext = { heartbeat: (d) => (last = d), lastHeartbeat: () => previous };
          try {
            return await current.run(ctx, () => fn(input));
          } catch (error) {
            const final =
              (error instanceof ApplicationFailure && error.nonRetryable) ||
              attempt >= this.retry.maximumAttempts ||
              this.stopping.signal.aborted;
            if (final) throw error;
            const wait = Math.min(
              this.retry.initialIntervalMs * this.retry.backoffCoefficient ** (attempt - 1),
              this.retry.maximumIntervalMs,
            );
            this.options.log?.(
              `workflows: activity ${name} failed (attempt ${attempt}), retrying in ${wait} ms: ${String(error)}`,
            );
            await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
          }
        }
      };
    }
    return wrapped as unknown as WorkflowActivities;
  }
}
