import { describe, expect, it } from 'vitest';
import type { KafkaTopicSpec, SpecObservation } from '../../ports/techspec-source.js';
import { observationProposals, structuralChanges, vanishedProperties } from './hub-proposals.js';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:kafka,orders,PROD)';
const topic: KafkaTopicSpec = {
  kind: 'kafka',
  topic: 'orders',
  partitions: 3,
  replicationFactor: 3,
  underReplicatedPartitions: 1,
  minInSyncReplicaCount: 2,
  minInsyncReplicas: 2,
  retentionMs: 86_400_000,
  retentionBytes: 1_000_000,
  cleanupPolicy: 'delete',
  compressionType: 'lz4',
  maxMessageBytes: 1_048_588,
  messageCount: 120,
  consumerGroups: [
    { groupId: 'billing', lag: 40 },
    { groupId: 'search', lag: 2 },
  ],
};
const observe = (spec: KafkaTopicSpec): SpecObservation => ({
  urn: URN,
  observedAt: Date.UTC(2026, 0, 2),
  spec,
});

describe('a Kafka topic as DataHub proposals', () => {
  it('patches one structured property per fact, and no profile (a topic has no table size)', () => {
    const proposals = observationProposals(observe(topic), null);
    expect(proposals.map((p) => [p.aspectName, p.changeType])).toEqual([['structuredProperties', 'PATCH']]);
    const patch = proposals[0]!.aspect as { op: string; path: string; value: { values: unknown[] } }[];
    const byPath = Object.fromEntries(
      patch.map((p) => [p.path.replace('/properties/urn:li:structuredProperty:', ''), p.value.values]),
    );
    expect(byPath).toMatchObject({
      'io.dataspoke.kafka.partitions': [{ double: 3 }],
      'io.dataspoke.kafka.underReplicatedPartitions': [{ double: 1 }],
      'io.dataspoke.kafka.retentionMs': [{ double: 86_400_000 }],
      'io.dataspoke.kafka.compressionType': [{ string: 'lz4' }],
      'io.dataspoke.kafka.consumerGroups': [{ string: 'billing (lag 40)' }, { string: 'search (lag 2)' }],
      'io.dataspoke.kafka.maxConsumerLag': [{ double: 40 }],
      'io.dataspoke.techspec.observedAt': [{ string: '2026-01-02T00:00:00.000Z' }],
    });
    expect(
      patch.every(
        (p) => p.op === 'add' && p.path.startsWith('/properties/urn:li:structuredProperty:io.dataspoke.'),
      ),
    ).toBe(true);
  });

  it('records a changed configuration as an ALTER operation, not a changed lag', () => {
    expect(structuralChanges(topic, { ...topic, messageCount: 999, consumerGroups: [] })).toEqual([]);
    const changed = { ...topic, partitions: 6, retentionMs: 3_600_000 };
    expect(structuralChanges(topic, changed)).toEqual([
      'partitions: 3 → 6',
      'retentionMs: 86400000 → 3600000',
    ]);
    const operation = observationProposals(observe(changed), topic).find((p) => p.aspectName === 'operation');
    expect(operation?.aspect).toMatchObject({
      operationType: 'ALTER',
      customProperties: { changes: 'partitions: 3 → 6; retentionMs: 86400000 → 3600000' },
    });
  });

  it('removes a fact gone from the platform only where the dataset still carries it', () => {
    const unlimited = observe({ ...topic, retentionBytes: null, consumerGroups: [] });
    const vanished = vanishedProperties(unlimited, topic);
    expect(vanished.sort()).toEqual(
      [
        'urn:li:structuredProperty:io.dataspoke.kafka.consumerGroups',
        'urn:li:structuredProperty:io.dataspoke.kafka.maxConsumerLag',
        'urn:li:structuredProperty:io.dataspoke.kafka.retentionBytes',
      ].sort(),
    );
    const patch = observationProposals(unlimited, topic, [vanished[0]!])[0]!.aspect as {
      op: string;
      path: string;
    }[];
    expect(patch.filter((p) => p.op === 'remove').map((p) => p.path)).toEqual([`/properties/${vanished[0]}`]);
  });
});
