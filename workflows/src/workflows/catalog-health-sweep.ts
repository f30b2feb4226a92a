import { recorded } from './run.js';
import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/** Datasets validated by one activity: a batch done is never redone when a worker dies later in the sweep. */
export const SWEEP_BATCH = 20;

/**
 * The catalog health sweep: validates every dataset with a learned cadence whose cadence has passed since
 * its latest validation, in batches. Each validation is stored, and a failing one is published on the spoke
 * event port by the validator; a dataset past its expected update is published as late. The notifications
 * follow both.
 */
export function catalogHealthSweep(acts: WorkflowActivities, run: RunContext): Promise<RunOutcome> {
  return recorded(acts, run, async () => {
    const { cadenced, late, due } = await acts.findDueDatasets({ runId: run.id, asOf: Date.now() });
    const batches = Math.ceil(due.length / SWEEP_BATCH);
    const counts = {
      cadenced,
      late,
      due: due.length,
      validated: 0,
      failed: 0,
      warned: 0,
      insufficientHistory: 0,
      skipped: 0,
    };
    const failed: string[] = [];
    const warnings: string[] = [];
    for (let batch = 0; batch < batches; batch++) {
      const urns = due.slice(batch * SWEEP_BATCH, (batch + 1) * SWEEP_BATCH);
      const r = await acts.validateDatasets({ runId: run.id, urns, batch, batches });
      counts.validated += r.validated;
      counts.warned += r.warned;
      counts.insufficientHistory += r.insufficientHistory;
      counts.failed += r.failed.length;
      counts.skipped += r.skipped.length;
      failed.push(...r.failed);
      for (const s of r.skipped) warnings.push(`${s.urn} skipped: ${s.reason}`);
    }
    return { counts, datasets: failed, warnings: warnings.slice(0, 20) };
  });
}
