/**
 * The port every technical-spec source implements (domain/src/adapters/techspec/): a Kafka cluster, a
 * PostgreSQL database, a folder of data files. A source reads the platform's own catalog and answers one
 * observation per dataset, already named by the DataHub dataset urn it belongs to.
 */

export interface KafkaConsumerLag {
  groupId: string;
  /** Messages behind the end of the topic, summed over its partitions. */
  lag: number;
}

export interface KafkaTopicSpec {
  kind: 'kafka';
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Partitions whose in-sync replicas are fewer than their replicas. */
  underReplicatedPartitions: number;
  /** The fewest in-sync replicas of any partition. */
  minInSyncReplicaCount: number;
  minInsyncReplicas: number | null;
  retentionMs: number | null;
  retentionBytes: number | null;
  cleanupPolicy: string | null;
  compressionType: string | null;
  maxMessageBytes: number | null;
  /** Messages the topic holds now (end offsets minus start offsets). */
  messageCount: number;
  consumerGroups: KafkaConsumerLag[];
}

export interface PostgresIndexSpec {
  name: string;
  definition: string;
  sizeBytes: number;
  unique: boolean;
  primary: boolean;
}

export interface PostgresTableSpec {
  kind: 'postgres';
  database: string;
  schema: string;
  table: string;
  totalBytes: number;
  /** The heap with its free space and visibility maps, without TOAST. */
  tableBytes: number;
  indexBytes: number;
  toastBytes: number;
  estimatedRows: number;
  indexes: PostgresIndexSpec[];
  /** RANGE, LIST or HASH when the table is partitioned, else null. */
  partitionStrategy: string | null;
  partitionKey: string | null;
  partitions: string[];
  fillFactor: number;
  tablespace: string;
  lastVacuum: number | null;
  lastAutovacuum: number | null;
  lastAnalyze: number | null;
  lastAutoanalyze: number | null;
  /** Dead tuples over live plus dead ones; null before statistics exist. */
  deadTupleRatio: number | null;
}

export interface ParquetColumnSpec {
  name: string;
  physicalType: string;
  codec: string;
  encodings: string[];
  compressedBytes: number;
  uncompressedBytes: number;
  nullCount: number | null;
  min: string | null;
  max: string | null;
}

export interface FileDatasetSpec {
  kind: 'files';
  /** The dataset folder (or single file) as configured, relative to the source's root. */
  path: string;
  format: 'parquet' | 'csv' | 'mixed' | 'other';
  fileCount: number;
  totalBytes: number;
  /** Rows of the Parquet files (their footers); null when none is Parquet. */
  rowCount: number | null;
  parquet: {
    codecs: string[];
    rowGroups: number;
    columns: ParquetColumnSpec[];
    createdBy: string | null;
  } | null;
  csv: { delimiter: string; hasHeader: boolean; encoding: string; columns: string[] } | null;
}

export type TechnicalSpec = KafkaTopicSpec | PostgresTableSpec | FileDatasetSpec;

/** One dataset's facts as observed. */
export interface SpecObservation {
  urn: string;
  observedAt: number;
  spec: TechnicalSpec;
}

export interface CollectOptions {
  /** Aborted when the source's time is up or the run is cancelled. */
  signal: AbortSignal;
  /** Datasets read so far of those known to exist (total may be unknown until listed). */
  onProgress?: (done: number, total: number) => void;
}

export interface TechSpecSource {
  readonly type: string;
  readonly name: string;
  /** Reads every dataset in scope. Throws TechSpecSourceError when the source cannot be read. */
  collect(options: CollectOptions): Promise<SpecObservation[]>;
}

export type TechSpecSourceErrorCode =
  | 'SOURCE_UNREACHABLE'
  | 'SOURCE_TIMEOUT'
  /** What the configuration points at does not exist (e.g. no such bucket). */
  | 'SOURCE_NOT_FOUND'
  /** The source refused the credentials, or none were found. */
  | 'SOURCE_ACCESS_DENIED'
  | 'SOURCE_FAILED';

export class TechSpecSourceError extends Error {
  constructor(
    readonly code: TechSpecSourceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TechSpecSourceError';
  }
}

/**
 * One kind of source: its configuration schema (strict: an unknown key is an error) and how to open it from a
 * configuration whose secrets are already resolved. The composition root hands the feature the adapters.
 */
export interface TechSpecSourceType {
  readonly type: string;
  /** A zod-like schema: `safeParse` answers every problem at once, each with its path. */
  readonly schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: Record<string, unknown> }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  };
  /** Keys (dotted for nested ones) whose values are secrets: they must be `${env:NAME}` references. */
  readonly secretKeys: readonly string[];
  open(name: string, config: Record<string, unknown>): TechSpecSource;
}
