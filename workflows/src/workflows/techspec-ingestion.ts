import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/**
 * Technical-spec ingestion on a schedule: each tick runs the kept ingestion configurations whose own schedule
 * (`schedule:` in the configuration) is due since their last run.
 */
export function techSpecIngestion(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, () => acts.runDueIngestions({ runId: run.id, asOf: Date.now() }));
}
