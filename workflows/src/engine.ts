import type { ScheduleState } from './schedules.js';
import type { WorkflowName } from './workflows/types.js';

/** A run started by a trigger: its id, and (in process) the promise of its end. */
export interface TriggeredRun {
  /** The run's id (the Temporal workflow id under Temporal), as the run history will show it. */
  runId: string;
  workflow: WorkflowName;
  /** Settles when the run has ended (in process only); it never rejects: the outcome is in the run history. */
  finished: Promise<void> | null;
}

/**
 * What runs the workflows on their schedules: in process over the operational store (the embedded default),
 * or Temporal (TEMPORAL_ADDRESS). Both run the same workflow definitions and activities and record runs in
 * the same history.
 */
export interface WorkflowEngine {
  readonly kind: 'embedded' | 'temporal';
  /** Creates the configured schedules that are missing and updates changed specs; keeps paused ones paused. */
  ensureSchedules(): Promise<void>;
  list(): Promise<ScheduleState[]>;
  pause(id: string, note?: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Runs the schedule's workflow now, beside its ticks. */
  trigger(id: string): Promise<TriggeredRun>;
  /** Starts running work: the ticks and runs in process, or a Temporal worker. */
  start(): Promise<void>;
  /** Resolves when what the engine runs on answers (readiness): Temporal's frontend, or the store. */
  ping(): Promise<void>;
  /** Stops taking new work and waits for what runs (in process) or hands it back (Temporal). */
  stop(): Promise<void>;
}
