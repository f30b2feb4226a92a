import type { RunContext, RunOutcome, WorkflowActivities } from './types.js';

/** The deepest message of an error and its causes (an ActivityFailure wraps the activity's own error). */
export function failureReason(error: unknown): string {
  let reason = 'unknown failure';
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    const e = current as { message?: unknown; cause?: unknown };
    if (typeof e.message === 'string' && e.message) reason = e.message;
    current = e.cause;
  }
  return reason;
}

/**
 * Runs a workflow's body between the two records of its run, so its outcome (or why it failed) reaches the
 * run history whichever engine runs it; the failure is thrown on, so the engine sees a failed run too.
 */
export async function recorded(
  acts: Pick<WorkflowActivities, 'recordRunStarted' | 'recordRunFinished'>,
  run: RunContext,
  body: () => Promise<RunOutcome>,
): Promise<RunOutcome> {
  await acts.recordRunStarted({ ...run, startedAt: Date.now() });
  let outcome: RunOutcome;
  try {
    outcome = await body();
  } catch (error) {
    await acts.recordRunFinished({ id: run.id, status: 'FAILED', error: failureReason(error) });
    throw error;
  }
  await acts.recordRunFinished({ id: run.id, status: 'COMPLETED', outcome });
  return outcome;
}
