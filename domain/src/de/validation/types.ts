/** What a validation answers: can this dataset be trusted now, or as of a time. */

export type ValidationStatus = 'pass' | 'warn' | 'fail' | 'insufficient_history';
export type IssueSeverity = 'warn' | 'fail';
export type CheckName =
  | 'freshness'
  | 'volume'
  | 'load_volume'
  | 'stuck'
  | 'column'
  | 'profile_drift'
  | 'schema'
  | 'upstream'
  | 'documentation'
  | 'ownership'
  | 'technical_spec';

export interface ValidationIssue {
  check: CheckName;
  /** rowCount, sizeInBytes, nullProportion:<field>, uniqueCount:<field>, min:<field>, …, freshness, schema. */
  metric: string;
  severity: IssueSeverity;
  observed: number | null;
  expectedLow: number | null;
  expectedHigh: number | null;
  /** The streaming detector's score of the observed point against the metric's history (0–1), when scored. */
  anomalyScore: number | null;
  /**
   * What was expected, in words: the expectation this issue failed (the band and what it was learned from,
   * the cadence, the norm). Null on runs stored before it existed.
   */
  expectation: string | null;
  explanation: string;
  /** The dataset the issue is about when it is not the validated one (upstream). */
  relatedUrn: string | null;
}

/**
 * One metric the validation judged, whether it passed or not: what was observed and the band it was expected
 * in, so a history of runs can be charted. Freshness is the lag in hours since the last update.
 */
export interface MetricJudgement {
  /** rowCount, sizeInBytes, nullProportion:<field>, …, freshness. */
  metric: string;
  observed: number;
  expectedLow: number;
  expectedHigh: number;
  status: 'pass' | 'warn' | 'fail';
}

export interface CheckSummary {
  check: CheckName;
  status: 'pass' | 'warn' | 'fail' | 'skipped';
  detail: string;
}

export interface AlternativeDataset {
  urn: string;
  name: string;
  /** Share of this dataset's columns the alternative also has (Jaccard of field names). */
  schemaOverlap: number;
}

export interface ValidationResult {
  /** Null for a dry run (nothing stored). */
  runId: string | null;
  datasetUrn: string;
  asOf: number;
  validatedAt: number;
  dryRun: boolean;
  status: ValidationStatus;
  /** What more history is needed, when status is insufficient_history. */
  needed: string[];
  issues: ValidationIssue[];
  checks: CheckSummary[];
  recommendations: string[];
  alternatives: AlternativeDataset[];
  /** Every metric judged, passing ones included (empty on runs stored before this field existed). */
  metrics: MetricJudgement[];
}
