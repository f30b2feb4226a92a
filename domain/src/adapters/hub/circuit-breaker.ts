import { HubPortError } from '../../ports/hub-port.js';

/** HTTP statuses of a DataHub call worth retrying: overloaded or briefly down. */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504, 500]);

/**
 * A small circuit breaker: after `failureThreshold` consecutive failed calls it refuses calls at once for
 * `resetMs`, then lets one call through; its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold: number,
    private readonly resetMs: number,
    private readonly now: () => number,
  ) {}

  check(): void {
    if (this.failures >= this.threshold && this.now() < this.openUntil) {
      throw new HubPortError(
        'DATAHUB_UNAVAILABLE',
        `DataHub is unavailable: ${this.failures} calls failed in a row; retrying after ${new Date(this.openUntil).toISOString()}`,
      );
    }
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.resetMs;
  }
}
