import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { DatasetTechnicalSpecQuery } from '../gql/graphql';
import { formatBytes, formatNumber, formatPercent, formatTime } from '../lib/format';
import { Empty, ErrorState, Loading } from './states';

export const DatasetTechnicalSpecQueryDoc = graphql(`
  query DatasetTechnicalSpec($urn: String!) {
    dataset(urn: $urn) {
      urn
      technicalSpec {
        __typename
        observedAt
        ... on KafkaTopicSpec {
          partitions
          replicationFactor
          underReplicatedPartitions
          minInSyncReplicaCount
          minInsyncReplicas
          retentionMs
          retentionBytes
          cleanupPolicy
          compressionType
          maxMessageBytes
          messageCount
          consumerGroups {
            groupId
            lag
          }
        }
        ... on PostgresTableSpec {
          totalBytes
          tableBytes
          indexBytes
          toastBytes
          estimatedRows
          indexes {
            name
            definition
            sizeBytes
          }
          partitionStrategy
          partitionKey
          partitionTables
          fillFactor
          tablespace
          lastVacuum
          lastAutovacuum
          lastAnalyze
          lastAutoanalyze
          deadTupleRatio
        }
        ... on FileDatasetSpec {
          format
          fileCount
          totalBytes
          rowCount
          parquetCodecs
          parquetRowGroups
          parquetColumns {
            name
            physicalType
            encodings
            compressedBytes
            nullCount
          }
          csv {
            delimiter
            hasHeader
            encoding
          }
        }
      }
    }
  }
`);

type Spec = NonNullable<NonNullable<DatasetTechnicalSpecQuery['dataset']>['technicalSpec']>;

const facts = (rows: [string, string][]) => (
  <dl className="facts">
    {rows.map(([k, v]) => (
      <div key={k}>
        <dt>{k}</dt>
        <dd>{v}</dd>
      </div>
    ))}
  </dl>
);

const ms = (v: number | null | undefined) =>
  v == null
    ? '—'
    : v < 0
      ? 'forever'
      : v % 86_400_000 === 0
        ? `${v / 86_400_000} d`
        : `${formatNumber(v)} ms`;

function SpecFacts({ spec }: { spec: Spec }) {
  switch (spec.__typename) {
    case 'KafkaTopicSpec':
      return (
        <>
          {facts([
            ['Partitions', formatNumber(spec.partitions)],
            ['Replication factor', formatNumber(spec.replicationFactor)],
            [
              'In-sync replicas',
              `${spec.underReplicatedPartitions} under-replicated; fewest ${spec.minInSyncReplicaCount} (min.insync.replicas ${spec.minInsyncReplicas ?? '—'})`,
            ],
            [
              'Retention',
              `${ms(spec.retentionMs)}; ${spec.retentionBytes == null || spec.retentionBytes < 0 ? 'no size limit' : formatBytes(spec.retentionBytes)}`,
            ],
            ['cleanup.policy', spec.cleanupPolicy ?? '—'],
            ['compression.type', spec.compressionType ?? '—'],
            ['max.message.bytes', formatBytes(spec.maxMessageBytes)],
            ['Messages held', formatNumber(spec.messageCount)],
          ])}
          {spec.consumerGroups.length > 0 ? (
            <table>
              <caption>Consumer groups</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Lag (messages)</th>
                </tr>
              </thead>
              <tbody>
                {spec.consumerGroups.map((g) => (
                  <tr key={g.groupId}>
                    <td>{g.groupId}</td>
                    <td>{formatNumber(g.lag)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No consumer group has committed offsets on this topic.</Empty>
          )}
        </>
      );
    case 'PostgresTableSpec':
      return (
        <>
          {facts([
            [
              'Size',
              `${formatBytes(spec.totalBytes)} (table ${formatBytes(spec.tableBytes)}, indexes ${formatBytes(spec.indexBytes)}, TOAST ${formatBytes(spec.toastBytes)})`,
            ],
            ['Estimated rows', formatNumber(spec.estimatedRows)],
            [
              'Partitioning',
              spec.partitionStrategy
                ? `${spec.partitionKey ?? spec.partitionStrategy}, ${spec.partitionTables.length} partitions`
                : 'not partitioned',
            ],
            ['Fill factor', `${spec.fillFactor}%`],
            ['Tablespace', spec.tablespace],
            ['Last vacuum', `${formatTime(spec.lastVacuum)} (auto ${formatTime(spec.lastAutovacuum)})`],
            ['Last analyze', `${formatTime(spec.lastAnalyze)} (auto ${formatTime(spec.lastAutoanalyze)})`],
            ['Dead tuples', formatPercent(spec.deadTupleRatio)],
          ])}
          <table>
            <caption>Indexes</caption>
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col">Definition</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {spec.indexes.map((i) => (
                <tr key={i.name}>
                  <td>{i.name}</td>
                  <td>
                    <code>{i.definition}</code>
                  </td>
                  <td>{formatBytes(i.sizeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    case 'FileDatasetSpec':
      return (
        <>
          {facts([
            ['Format', spec.format],
            ['Files', `${formatNumber(spec.fileCount)} (${formatBytes(spec.totalBytes)})`],
            ['Rows', formatNumber(spec.rowCount)],
            ...(spec.parquetCodecs.length
              ? ([
                  ['Compression', spec.parquetCodecs.join(', ')],
                  ['Row groups', formatNumber(spec.parquetRowGroups)],
                ] as [string, string][])
              : []),
            ...(spec.csv
              ? ([
                  [
                    'CSV',
                    `delimiter ${JSON.stringify(spec.csv.delimiter)}, ${spec.csv.hasHeader ? 'header' : 'no header'}, ${spec.csv.encoding}`,
                  ],
                ] as [string, string][])
              : []),
          ])}
          {spec.parquetColumns.length > 0 && (
            <table>
              <caption>Parquet columns</caption>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Type</th>
                  <th scope="col">Encodings</th>
                  <th scope="col">Compressed</th>
                  <th scope="col">Nulls</th>
                </tr>
              </thead>
              <tbody>
                {spec.parquetColumns.map((c) => (
                  <tr key={c.name}>
                    <td>{c.name}</td>
                    <td>{c.physicalType}</td>
                    <td>{c.encodings.join(', ')}</td>
                    <td>{formatBytes(c.compressedBytes)}</td>
                    <td>{formatNumber(c.nullCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      );
    default:
      return <Empty>Unknown kind of technical spec.</Empty>;
  }
}

/** The platform facts technical-spec ingestion last read for the dataset, with when it read them. */
export function TechnicalSpecPanel({ urn }: { urn: string }) {
  const [{ data, fetching, error }] = useQuery({ query: DatasetTechnicalSpecQueryDoc, variables: { urn } });
  if (fetching) return <Loading what="technical spec" />;
  if (error) return <ErrorState what="the technical spec" error={error} />;
  const spec = data?.dataset?.technicalSpec;
  if (!spec)
    return <Empty>No technical spec ingested yet (dataspoke ingest run, or a scheduled ingestion).</Empty>;
  return (
    <div className="technical-spec">
      <p>
        Observed at <strong>{formatTime(spec.observedAt)}</strong>
      </p>
      <SpecFacts spec={spec} />
    </div>
  );
}
