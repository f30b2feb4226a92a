/**
 * How activities are retried, the same under Temporal and in process: with exponential backoff, a
 * non-retryable failure (a business failure) at once.
 */
export const ACTIVITY_RETRY = {
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
  maximumAttempts: 5,
} as const;

/** A long activity that has not heartbeat for this long is taken as lost and retried elsewhere. */
export const HEARTBEAT_TIMEOUT_MS = 30_000;
/** The longest a single activity may run (a whole re-embedding of a large catalog). */
export const ACTIVITY_TIMEOUT_MS = 2 * 3600_000;
/** Recording a run's start or end. */
export const RECORD_TIMEOUT_MS = 30_000;
