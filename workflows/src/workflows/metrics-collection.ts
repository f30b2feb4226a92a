import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/**
 * The daily governance metrics collection (domain/src/dg/metrics): its one activity backfills the hub's
 * history on a first run, else collects the days since the last run, today included (a day collected again
 * is replaced), and publishes the targets today misses.
 */
export function metricsCollection(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, () => acts.collectCatalogMetrics({ runId: run.id, asOf: Date.now() }));
}
