import { bigint, index, jsonb, pgSchema, text, timestamp, boolean } from 'drizzle-orm/pg-core';

/**
 * Scheduled work (workflows/): the schedules of the in-process engine (the embedded default) and the runs of
 * every engine, in their own PostgreSQL schema. Under Temporal the schedules live in Temporal; the runs are
 * still recorded here, by the workflows' own activities, so that GraphQL serves one history either way.
 */
export const spokeWorkflows = pgSchema('spoke_workflows');

/** One row per schedule of the in-process engine: when it next runs, and whether it is paused. */
export const workflowSchedule = spokeWorkflows.table('workflow_schedule', {
  /** The schedule's id, e.g. catalog-health-sweep; the same id names its Temporal schedule. */
  id: text('id').primaryKey(),
  workflow: text('workflow').notNull(),
  /** The spec as configured: `every 1h` or a five-field cron expression. */
  spec: text('spec').notNull(),
  paused: boolean('paused').notNull().default(false),
  /** Why it was paused, as the operator said. */
  note: text('note'),
  /** Epoch ms of the next tick; a tick missed while no process ran is taken once at start. */
  nextRunAt: bigint('next_run_at', { mode: 'number' }).notNull(),
  lastRunAt: bigint('last_run_at', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { precision: 3, withTimezone: true, mode: 'date' }).notNull(),
});

/** One row per run of a workflow, whichever engine ran it. */
export const workflowRun = spokeWorkflows.table(
  'workflow_run',
  {
    /** The engine's run id: a UUID in process, the workflow id under Temporal. */
    id: text('id').primaryKey(),
    workflow: text('workflow').notNull(),
    scheduleId: text('schedule_id'),
    /** schedule, manual (trigger) or catch-up (a tick missed while nothing ran). */
    trigger: text('trigger').notNull(),
    engine: text('engine').notNull(),
    /** RUNNING, COMPLETED or FAILED. */
    status: text('status').notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    /** The latest progress a long activity reported (step, done, total). */
    progress: jsonb('progress'),
    /** What the run did (counts), when it completed. */
    result: jsonb('result'),
    /** Why it failed, in words. */
    error: text('error'),
    /**
     * In process over PostgreSQL: epoch ms until which the process running it vouches that it still runs
     * (renewed while it does). A RUNNING run whose lease lapsed was left by a process that died.
     */
    aliveUntil: bigint('alive_until', { mode: 'number' }),
  },
  (t) => [
    index('workflow_run_started').on(t.startedAt),
    index('workflow_run_workflow_started').on(t.workflow, t.startedAt),
  ],
);
