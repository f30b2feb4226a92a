import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/**
 * The daily metrics collection: its one activity collects the day's governance metrics from the hub into
 * spoke_dg (domain/src/dg/metrics/); a day collected again replaces its values.
 */
export function metricsCollection(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, () => acts.collectCatalogMetrics({ runId: run.id, asOf: Date.now() }));
}
