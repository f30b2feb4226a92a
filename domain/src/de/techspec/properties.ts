import type { TechnicalSpec } from '../../ports/techspec-source.js';

/**
 * The technical facts as DataHub structured properties: one definition per fact under `io.dataspoke.*`,
 * created once, and its values on each dataset. Timestamps are ISO-8601 strings, sizes bytes, ratios 0 to 1.
 */
export interface PropertyDefinition {
  qualifiedName: string;
  displayName: string;
  description: string;
  valueType: 'number' | 'string';
  cardinality: 'SINGLE' | 'MULTIPLE';
}

type Value = string | number;

interface Fact<S> extends PropertyDefinition {
  values(spec: S): Value | Value[] | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function facts<S>(prefix: string, list: (Omit<Fact<S>, 'qualifiedName'> & { id: string })[]): Fact<S>[] {
  return list.map(({ id, ...f }) => ({ ...f, qualifiedName: `io.dataspoke.${prefix}.${id}` }));
}

const num = (id: string, displayName: string, description: string) => ({
  id,
  displayName,
  description,
  valueType: 'number' as const,
  cardinality: 'SINGLE' as const,
});
const str = (id: string, displayName: string, description: string, many = false) => ({
  id,
  displayName,
  description,
  valueType: 'string' as const,
  cardinality: many ? ('MULTIPLE' as const) : ('SINGLE' as const),
});

type KafkaSpec = Extract<TechnicalSpec, { kind: 'kafka' }>;
type PostgresSpec = Extract<TechnicalSpec, { kind: 'postgres' }>;
type FilesSpec = Extract<TechnicalSpec, { kind: 'files' }>;

const KAFKA: Fact<KafkaSpec>[] = facts<KafkaSpec>('kafka', [
  { ...num('partitions', 'Partitions', 'Partitions of the topic.'), values: (s) => s.partitions },
  {
    ...num('replicationFactor', 'Replication factor', 'Replicas of each partition.'),
    values: (s) => s.replicationFactor,
  },
  {
    ...num(
      'underReplicatedPartitions',
      'Under-replicated partitions',
      'Partitions with fewer in-sync replicas than replicas.',
    ),
    values: (s) => s.underReplicatedPartitions,
  },
  {
    ...num(
      'minInSyncReplicaCount',
      'Fewest in-sync replicas',
      'The fewest in-sync replicas of any partition.',
    ),
    values: (s) => s.minInSyncReplicaCount,
  },
  {
    ...num('minInsyncReplicas', 'min.insync.replicas', 'The topic configuration min.insync.replicas.'),
    values: (s) => s.minInsyncReplicas,
  },
  {
    ...num('retentionMs', 'retention.ms', 'How long messages are kept (-1: forever).'),
    values: (s) => s.retentionMs,
  },
  {
    ...num('retentionBytes', 'retention.bytes', 'Bytes kept per partition (-1: no limit).'),
    values: (s) => s.retentionBytes,
  },
  { ...str('cleanupPolicy', 'cleanup.policy', 'delete, compact or both.'), values: (s) => s.cleanupPolicy },
  {
    ...str('compressionType', 'compression.type', 'The topic compression.'),
    values: (s) => s.compressionType,
  },
  {
    ...num('maxMessageBytes', 'max.message.bytes', 'The largest record batch the topic accepts.'),
    values: (s) => s.maxMessageBytes,
  },
  {
    ...num('messageCount', 'Messages', 'Messages the topic holds (end minus start offsets).'),
    values: (s) => s.messageCount,
  },
  {
    ...str('consumerGroups', 'Consumer groups', 'Groups reading the topic, each with its lag.', true),
    values: (s) => s.consumerGroups.map((g) => `${g.groupId} (lag ${g.lag})`),
  },
  {
    ...num('maxConsumerLag', 'Largest consumer lag', 'Messages the slowest consumer group is behind.'),
    values: (s) => (s.consumerGroups.length ? Math.max(...s.consumerGroups.map((g) => g.lag)) : null),
  },
]);

const POSTGRES: Fact<PostgresSpec>[] = facts<PostgresSpec>('postgres', [
  { ...num('totalBytes', 'Total size', 'Table, indexes and TOAST, in bytes.'), values: (s) => s.totalBytes },
  { ...num('tableBytes', 'Table size', 'The main fork, in bytes.'), values: (s) => s.tableBytes },
  { ...num('indexBytes', 'Index size', 'All indexes, in bytes.'), values: (s) => s.indexBytes },
  {
    ...num('toastBytes', 'TOAST size', 'The TOAST table and its index, in bytes.'),
    values: (s) => s.toastBytes,
  },
  {
    ...num('estimatedRows', 'Estimated rows', "The planner's estimate (pg_class.reltuples)."),
    values: (s) => s.estimatedRows,
  },
  {
    ...str('indexes', 'Indexes', 'Each index: its definition and size.', true),
    values: (s) => s.indexes.map((i) => `${i.definition} (${i.sizeBytes} bytes)`),
  },
  { ...str('partitionStrategy', 'Partitioning', 'RANGE, LIST or HASH.'), values: (s) => s.partitionStrategy },
  { ...str('partitionKey', 'Partition key', 'The partition key definition.'), values: (s) => s.partitionKey },
  {
    ...str('partitions', 'Partitions', 'The partitions of a partitioned table.', true),
    values: (s) => s.partitions,
  },
  {
    ...num('fillFactor', 'Fill factor', 'Percent of each page filled on insert.'),
    values: (s) => s.fillFactor,
  },
  { ...str('tablespace', 'Tablespace', 'Where the table is stored.'), values: (s) => s.tablespace },
  { ...str('lastVacuum', 'Last vacuum', 'The last manual VACUUM.'), values: (s) => iso(s.lastVacuum) },
  {
    ...str('lastAutovacuum', 'Last autovacuum', 'The last autovacuum.'),
    values: (s) => iso(s.lastAutovacuum),
  },
  { ...str('lastAnalyze', 'Last analyze', 'The last manual ANALYZE.'), values: (s) => iso(s.lastAnalyze) },
  {
    ...str('lastAutoanalyze', 'Last autoanalyze', 'The last autoanalyze.'),
    values: (s) => iso(s.lastAutoanalyze),
  },
  {
    ...num('deadTupleRatio', 'Dead tuple ratio', 'Dead tuples over live and dead ones (0 to 1).'),
    values: (s) => s.deadTupleRatio,
  },
]);

const FILES: Fact<FilesSpec>[] = facts<FilesSpec>('files', [
  { ...str('format', 'Format', 'parquet, csv, mixed or other.'), values: (s) => s.format },
  { ...num('fileCount', 'Files', 'Files in the dataset folder.'), values: (s) => s.fileCount },
  { ...num('totalBytes', 'Total size', 'The files together, in bytes.'), values: (s) => s.totalBytes },
  { ...num('rowCount', 'Rows', 'Rows of the Parquet files (their footers).'), values: (s) => s.rowCount },
  {
    ...str('codecs', 'Compression', 'Parquet compression codecs used.', true),
    values: (s) => s.parquet?.codecs ?? null,
  },
  {
    ...num('rowGroups', 'Row groups', 'Parquet row groups, all files.'),
    values: (s) => s.parquet?.rowGroups ?? null,
  },
  {
    ...str('columnEncodings', 'Column encodings', 'Each Parquet column: its encodings.', true),
    values: (s) => s.parquet?.columns.map((c) => `${c.name}: ${c.encodings.join(', ')}`) ?? null,
  },
  {
    ...str('csvDelimiter', 'CSV delimiter', 'The field delimiter.'),
    values: (s) => s.csv?.delimiter ?? null,
  },
  {
    ...str('csvHeader', 'CSV header', 'Whether the first line names the columns.'),
    values: (s) => (s.csv ? String(s.csv.hasHeader) : null),
  },
  {
    ...str('csvEncoding', 'CSV encoding', 'The text encoding detected.'),
    values: (s) => s.csv?.encoding ?? null,
  },
]);

const OBSERVED_AT: PropertyDefinition = {
  qualifiedName: 'io.dataspoke.techspec.observedAt',
  displayName: 'Technical spec observed at',
  description: 'When DataSpoke last read the technical facts from the platform.',
  valueType: 'string',
  cardinality: 'SINGLE',
};

const FACTS = { kafka: KAFKA, postgres: POSTGRES, files: FILES } as const;

/** Every definition DataSpoke writes, for the kinds given. */
export function definitionsOf(kinds: Iterable<TechnicalSpec['kind']>): PropertyDefinition[] {
  const out: PropertyDefinition[] = [OBSERVED_AT];
  for (const kind of new Set(kinds))
    for (const f of FACTS[kind] as Fact<TechnicalSpec>[])
      out.push({
        qualifiedName: f.qualifiedName,
        displayName: f.displayName,
        description: f.description,
        valueType: f.valueType,
        cardinality: f.cardinality,
      });
  return out;
}

/** The property values of one observation, by qualified name; a fact the platform does not have is null. */
export function valuesOf(spec: TechnicalSpec, observedAt: number): Map<string, Value[] | null> {
  const out = new Map<string, Value[] | null>([
    [OBSERVED_AT.qualifiedName, [new Date(observedAt).toISOString()]],
  ]);
  for (const fact of FACTS[spec.kind] as Fact<TechnicalSpec>[]) {
    const v = fact.values(spec);
    out.set(fact.qualifiedName, v === null ? null : Array.isArray(v) ? v : [v]);
  }
  return out;
}

export const propertyUrn = (qualifiedName: string) => `urn:li:structuredProperty:${qualifiedName}`;
