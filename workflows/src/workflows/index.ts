import { catalogHealthSweep } from './catalog-health-sweep.js';
import { embeddingMaintenance } from './embedding-maintenance.js';
import { metricsCollection } from './metrics-collection.js';
import { techSpecIngestion } from './techspec-ingestion.js';
import type { RunContext, RunOutcome, WorkflowActivities, WorkflowName } from './types.js';

/** Every workflow by name: the one definition both engines run. */
export const WORKFLOWS: Record<
  WorkflowName,
  (acts: WorkflowActivities, run: RunContext) => Promise<RunOutcome>
> = { catalogHealthSweep, metricsCollection, embeddingMaintenance, techSpecIngestion };
