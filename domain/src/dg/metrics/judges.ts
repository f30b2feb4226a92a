import type { HubOperation, HubSchemaField } from '../../ports/hub-port.js';

/**
 * What the metrics ask of the other spokes' judgement, given by the composition root (the DE spoke's
 * freshness and PII detector, domain/src/adapters/metrics/de-metric-judges.ts): a spoke's internals stay its own.
 */
export interface MetricJudges {
  /** Operations the freshness judge reads, newest first from the time judged (DE's operation history). */
  operationsKept: number;
  /** ON_TIME or LATE for a dataset with a learned cadence at `at`, from its operations; null: no cadence. */
  freshness(operations: readonly HubOperation[], at: number): 'ON_TIME' | 'LATE' | null;
  /** Whether a column of `table` looks like it holds PII (its name, type, description). */
  piiLike(table: string, field: HubSchemaField): boolean;
  /** Whether a glossary term urn names PII. */
  piiTerm(termUrn: string): boolean;
}
