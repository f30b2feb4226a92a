/**
 * What the workflows and their activities exchange: plain data only, since under Temporal every value is
 * serialised into the workflow's history.
 */

export type WorkflowName =
  'catalogHealthSweep' | 'metricsCollection' | 'embeddingMaintenance' | 'techSpecIngestion';
export type RunTrigger = 'schedule' | 'manual' | 'catch-up';
export type RunStatus = 'RUNNING' | 'COMPLETED' | 'FAILED';

/** Who a run is: its id (the engine's), what it runs, and what started it. */
export interface RunContext {
  id: string;
  workflow: WorkflowName;
  scheduleId: string | null;
  trigger: RunTrigger;
  engine: 'embedded' | 'temporal';
}

/** The input every workflow takes: which schedule (if any) and how it was started. */
export interface WorkflowInput {
  scheduleId?: string | null;
  trigger?: RunTrigger;
}

/** What a run did: named counts, and the datasets it flagged (a sweep's failing ones). */
export interface RunOutcome {
  counts: Record<string, number>;
  datasets: string[];
  warnings: string[];
}

/** Progress a long activity reports with its heartbeats. */
export interface RunProgress {
  step: string;
  done: number;
  total: number;
}

export interface DueDatasets {
  /** Datasets with a learned cadence. */
  cadenced: number;
  /** Of those, the ones past their expected update (each published as a late dataset). */
  late: number;
  /** Of those, the ones whose cadence has passed since their latest validation, oldest first. */
  due: string[];
}

export interface SweepBatchResult {
  validated: number;
  failed: string[];
  warned: number;
  insufficientHistory: number;
  /** Datasets that could not be validated (gone from the hub meanwhile), with why. */
  skipped: { urn: string; reason: string }[];
}

/**
 * The activities, as the workflows see them. Implemented by createActivities (activities.ts); under Temporal
 * they are proxies that schedule the activity on a worker, in process the engine calls them with its own
 * retries.
 */
export interface WorkflowActivities {
  recordRunStarted(run: RunContext & { startedAt: number }): Promise<void>;
  recordRunFinished(finish: {
    id: string;
    status: Exclude<RunStatus, 'RUNNING'>;
    outcome?: RunOutcome;
    error?: string;
  }): Promise<void>;
  findDueDatasets(request: { runId: string; asOf: number }): Promise<DueDatasets>;
  validateDatasets(request: {
    runId: string;
    urns: string[];
    batch: number;
    batches: number;
  }): Promise<SweepBatchResult>;
  collectCatalogMetrics(request: { runId: string; asOf: number }): Promise<RunOutcome>;
  maintainEmbeddings(request: { runId: string }): Promise<RunOutcome>;
  /** Runs the kept technical-spec ingestion configurations whose own schedule is due, one after another. */
  runDueIngestions(request: { runId: string; asOf: number }): Promise<RunOutcome>;
}
