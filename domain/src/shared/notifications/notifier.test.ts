import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import type { MetadataChangeLog } from '@dataspoke/hub/model';
import { InProcessSpokeEvents } from '../spoke-events.js';
import { InProcessNotificationFeed, receives, type Notification } from './notification.js';
import { datasetName, Notifier } from './notifier.js';

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';

function change(entityUrn: string, aspectName: string, timeseries = false): MetadataChangeLog {
  return {
    entityType: entityUrn.split(':')[2]!,
    entityUrn,
    changeType: 'UPSERT',
    aspectName,
    created: { time: 0, actor: 'urn:li:corpuser:test' },
    timeseries,
  };
}

function setUp() {
  const hubEvents = new InProcessEventBus();
  const spokeEvents = new InProcessSpokeEvents();
  const feed = new InProcessNotificationFeed();
  const kept: Notification[] = [];
  const published: Notification[] = [];
  feed.subscribe((n) => published.push(n));
  const notifier = new Notifier({
    hubEvents,
    spokeEvents,
    feed,
    outbox: { enqueue: (n) => Promise.resolve(void kept.push(n)) },
    coalesceMs: 10_000,
  });
  return { hubEvents, spokeEvents, notifier, kept, published };
}

describe('Notifier', () => {
  it('makes one DATASET_CHANGED per dataset per burst of writes, ignoring timeseries and other entities', async () => {
    const { hubEvents, notifier, published, kept } = setUp();
    await hubEvents.publish([
      change(ORDERS, 'schemaMetadata'),
      change(ORDERS, 'datasetProperties'),
      change(ORDERS, 'schemaMetadata'),
      change(ORDERS, 'datasetProfile', true),
      change('urn:li:chart:(looker,1)', 'chartInfo'),
    ]);
    await notifier.flush();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      kind: 'DATASET_CHANGED',
      datasetUrn: ORDERS,
      aspects: ['datasetProperties', 'schemaMetadata'],
      groups: ['de', 'da', 'dg'],
    });
    // The outbox keeps the same notification (same id) the feed carried.
    expect(kept.map((n) => n.id)).toEqual(published.map((n) => n.id));
    await notifier.stop();
  });

  it('notifies a lateness episode once however often freshness is read, and a new episode again', async () => {
    const { spokeEvents, notifier, published } = setUp();
    const late = (expectedAt: number) =>
      spokeEvents.publish({
        type: 'dataspoke.dataset.late',
        datasetUrn: ORDERS,
        expectedAt,
        lateBySeconds: 90,
        at: 0,
      });
    await late(1000);
    await late(1000);
    await late(1000);
    await late(5000);
    await notifier.flush();
    expect(published.map((n) => [n.kind, n.detail])).toEqual([
      ['DATASET_LATE', 'expected by 1970-01-01T00:00:01.000Z, late by 2 min'],
      ['DATASET_LATE', 'expected by 1970-01-01T00:00:05.000Z, late by 2 min'],
    ]);
    await notifier.stop();
  });

  it('addresses validation failures to de and da and metric targets to dg', async () => {
    const { spokeEvents, notifier, published } = setUp();
    await spokeEvents.publish({
      type: 'dataspoke.validation.failed',
      runId: 'r1',
      datasetUrn: ORDERS,
      status: 'fail',
      asOf: 0,
      failedMetrics: ['rowCount', 'nullProportion:email'],
      at: 0,
    });
    await spokeEvents.publish({
      type: 'dataspoke.metric.target_missed',
      datasetUrn: '',
      metric: 'table_documentation',
      dimension: 'LAYER',
      key: 'gold',
      comparison: 'AT_LEAST',
      target: 0.9,
      value: 0.4,
      at: 0,
    });
    await notifier.flush();
    const [failed, missed] = published as [Notification, Notification];
    expect(failed).toMatchObject({
      kind: 'VALIDATION_FAILED',
      runId: 'r1',
      detail: 'failed: rowCount, nullProportion:email',
    });
    const analyst = { subject: 'a', groups: ['da'] as const, via: 'api_key' as const };
    const governance = { subject: 'g', groups: ['dg'] as const, via: 'api_key' as const };
    const admin = { subject: 'x', groups: ['admin'] as const, via: 'api_key' as const };
    expect([receives(analyst, failed), receives(governance, failed), receives(admin, failed)]).toEqual([
      true,
      false,
      true,
    ]);
    expect([receives(analyst, missed), receives(governance, missed)]).toEqual([false, true]);
    // A receiver can tell which group missed without reading the title.
    expect(missed).toMatchObject({
      title: 'table_documentation missed its target on LAYER gold',
      detail: 'table_documentation is 0.4, target ≥ 0.9',
      metric: 'table_documentation',
      metricDimension: 'LAYER',
      metricKey: 'gold',
      metricValue: 0.4,
      metricTarget: 0.9,
      metricComparison: 'AT_LEAST',
    });
    await notifier.stop();
  });

  it('names a dataset by its urn name', () => {
    expect(datasetName(ORDERS)).toBe('shop.public.orders');
    expect(datasetName('urn:li:dataset:odd')).toBe('urn:li:dataset:odd');
  });
});
