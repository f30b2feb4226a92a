import { describe, expect, it } from 'vitest';
import type { KafkaTopicSpec, PostgresTableSpec } from '../../ports/techspec-source.js';
import { technicalSpecIssues } from './technical-spec.js';

const NOW = Date.UTC(2026, 11, 4);
const topic: KafkaTopicSpec = {
  kind: 'kafka',
  topic: 'orders',
  partitions: 6,
  replicationFactor: 3,
  underReplicatedPartitions: 0,
  minInSyncReplicaCount: 3,
  minInsyncReplicas: 2,
  retentionMs: 86_400_000,
  retentionBytes: -1,
  cleanupPolicy: 'delete',
  compressionType: 'lz4',
  maxMessageBytes: 1_048_588,
  messageCount: 10_000,
  consumerGroups: [{ groupId: 'search', lag: 50 }],
};

describe('technical spec checks', () => {
  it('passes a healthy topic', () => {
    expect(technicalSpecIssues(topic, NOW)).toEqual([]);
  });

  it('warns of an under-replicated topic, and fails one that refuses acks=all writes', () => {
    const degraded = technicalSpecIssues(
      { ...topic, underReplicatedPartitions: 2, minInSyncReplicaCount: 2 },
      NOW,
    );
    expect(degraded.map((i) => [i.metric, i.severity, i.observed])).toEqual([
      ['kafka.underReplicatedPartitions', 'warn', 2],
    ]);
    const refusing = technicalSpecIssues(
      { ...topic, underReplicatedPartitions: 1, minInSyncReplicaCount: 1 },
      NOW,
    );
    expect(refusing[0]).toMatchObject({ severity: 'fail', check: 'technical_spec' });
    expect(refusing[0]!.explanation).toContain('acks=all');
  });

  it('fails a consumer further behind than the topic keeps, and warns one close to it', () => {
    const issues = technicalSpecIssues(
      {
        ...topic,
        consumerGroups: [
          { groupId: 'billing', lag: 12_000 },
          { groupId: 'audit', lag: 8_500 },
          { groupId: 'search', lag: 10 },
        ],
      },
      NOW,
    );
    expect(issues.map((i) => [i.metric, i.severity])).toEqual([
      ['kafka.consumerLag:billing', 'fail'],
      ['kafka.consumerLag:audit', 'warn'],
    ]);
    expect(issues[0]!.explanation).toContain('retention.ms 86400000');
  });

  it('warns of a bloated table nothing vacuumed for a week', () => {
    const table: PostgresTableSpec = {
      kind: 'postgres',
      database: 'shop',
      schema: 'public',
      table: 'orders',
      totalBytes: 1,
      tableBytes: 1,
      indexBytes: 0,
      toastBytes: 0,
      estimatedRows: 10,
      indexes: [],
      partitionStrategy: null,
      partitionKey: null,
      partitions: [],
      fillFactor: 100,
      tablespace: 'pg_default',
      lastVacuum: null,
      lastAutovacuum: NOW - 10 * 86_400_000,
      lastAnalyze: null,
      lastAutoanalyze: null,
      deadTupleRatio: 0.4,
    };
    expect(technicalSpecIssues(table, NOW).map((i) => i.metric)).toEqual(['postgres.deadTupleRatio']);
    expect(technicalSpecIssues({ ...table, lastAutovacuum: NOW - 86_400_000 }, NOW)).toEqual([]);
  });
});
