// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mockGraphql, renderWithApp } from '../test/harness';
import { TechnicalSpecPanel } from './TechnicalSpecPanel';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:kafka,orders,PROD)';
const OBSERVED = Date.UTC(2026, 11, 4, 9, 30);

describe('TechnicalSpecPanel', () => {
  afterEach(cleanup);

  it('shows a topic’s facts, its consumer lag and when they were observed', async () => {
    const mock = mockGraphql({
      DatasetTechnicalSpec: () => ({
        data: {
          dataset: {
            __typename: 'Dataset',
            urn: URN,
            technicalSpec: {
              __typename: 'KafkaTopicSpec',
              observedAt: OBSERVED,
              partitions: 6,
              replicationFactor: 3,
              underReplicatedPartitions: 1,
              minInSyncReplicaCount: 2,
              minInsyncReplicas: 2,
              retentionMs: 604_800_000,
              retentionBytes: -1,
              cleanupPolicy: 'delete',
              compressionType: 'zstd',
              maxMessageBytes: 1_048_576,
              messageCount: 12_345,
              consumerGroups: [{ __typename: 'KafkaConsumerGroupLag', groupId: 'billing', lag: 40 }],
            },
          },
        },
      }),
    });
    renderWithApp(<TechnicalSpecPanel urn={URN} />, { client: mock.client });
    expect(await screen.findByText('2026-12-04 09:30:00 UTC')).toBeTruthy();
    expect(screen.getByText('7 d; no size limit')).toBeTruthy();
    expect(screen.getByText('1 under-replicated; fewest 2 (min.insync.replicas 2)')).toBeTruthy();
    const groups = screen.getByRole('table', { name: 'Consumer groups' });
    expect(within(groups).getByText('billing')).toBeTruthy();
    expect(within(groups).getByText('40')).toBeTruthy();
  });

  it('says when nothing was ingested for the dataset', async () => {
    const mock = mockGraphql({
      DatasetTechnicalSpec: () => ({
        data: { dataset: { __typename: 'Dataset', urn: URN, technicalSpec: null } },
      }),
    });
    renderWithApp(<TechnicalSpecPanel urn={URN} />, { client: mock.client });
    expect(await screen.findByText(/No technical spec ingested yet/)).toBeTruthy();
  });
});
