import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/**
 * The daily metrics collection. The governance metrics are a later issue's; until then its one activity
 * records a snapshot of the catalog's size, read from the hub.
 */
export function metricsCollection(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, () => acts.collectCatalogMetrics({ runId: run.id, asOf: Date.now() }));
}
