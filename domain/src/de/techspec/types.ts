import type { TechnicalSpec, TechSpecSourceErrorCode } from '../../ports/techspec-source.js';

export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
export type SourceStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type EntityOutcome = 'WRITTEN' | 'UNMATCHED' | 'FAILED';
export type RunTrigger = 'cli' | 'api' | 'schedule';

export type SourceErrorCode = TechSpecSourceErrorCode | 'INVALID_SOURCE_CONFIG' | 'DATAHUB_WRITE_FAILED';

export interface RunCounts {
  /** Datasets the sources observed. */
  observed: number;
  written: number;
  /** Observed datasets DataHub does not have (nothing is written for them). */
  unmatched: number;
  failed: number;
}

export interface SourceOutcome {
  name: string;
  type: string;
  status: SourceStatus;
  error: { code: SourceErrorCode; message: string } | null;
  counts: RunCounts;
  durationMs: number | null;
}

export interface IngestionRunRecord {
  id: string;
  configName: string;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  counts: RunCounts;
  /** While running: datasets handled of those observed so far. */
  progress: { done: number; total: number };
  sources: SourceOutcome[];
  errors: string[];
}

export interface EntityRecord {
  urn: string;
  source: string;
  outcome: EntityOutcome;
  error: string | null;
}

/** The latest spec of a dataset, as DataSpoke last wrote it to DataHub. */
export interface StoredTechSpec {
  urn: string;
  observedAt: number;
  spec: TechnicalSpec;
  runId: string;
}

export const emptyCounts = (): RunCounts => ({ observed: 0, written: 0, unmatched: 0, failed: 0 });
