import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/**
 * Embedding maintenance: `dataspoke search reindex` as a workflow. Re-reads every dataset, re-indexes and
 * re-embeds what changed (by content hash) and drops what is gone from the hub.
 */
export function embeddingMaintenance(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, () => acts.maintainEmbeddings({ runId: run.id }));
}
