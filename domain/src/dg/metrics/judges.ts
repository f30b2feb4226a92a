import type { HubOperation, HubSchemaField } from '../../ports/hub-port.js';

/**
 * What the metrics ask of the other spokes' judgement, given by the composition root (the DE spoke's
 * freshness and PII detector, domain/src/adapters/metrics/de-metric-judges.ts): a spoke's internals stay its own.
 */
export interface MetricJudges {
  /**
   * A dataset's lateness as its operations (oldest first) accrue: for the first k of them (k asked in
   * increasing order, as days are replayed) the instant past which it is LATE, ON_TIME up to it; null when
   * no cadence is learned from them. The judge reads as much of the history as it reads live.
   */
  lateness(operations: readonly HubOperation[]): (k: number) => number | null;
  /**
   * Whether a column of `table` looks like it holds PII (its name, type, description, and the table's other
   * columns' names, which tell a table of people from one of machines or companies).
   */
  piiLike(table: string, field: HubSchemaField, siblings: readonly string[]): boolean;
  /** Whether a glossary term urn names PII. */
  piiTerm(termUrn: string): boolean;
}
