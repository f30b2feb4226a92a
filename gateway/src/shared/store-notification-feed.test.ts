import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@dataspoke/platform/store/db';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import type { Notification } from '@dataspoke/domain/shared/notifications/notification';
import { payloadOf, StoreNotificationFeed } from './store-notification-feed.js';

const notification = (id: string, detail = 'row count 0, expected 1,200–1,400'): Notification => ({
  id,
  kind: 'VALIDATION_FAILED',
  datasetUrn: 'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme.orders,PROD)',
  at: Date.UTC(2026, 11, 4),
  title: 'acme.orders failed validation',
  detail,
  groups: ['de', 'da'],
  failedMetrics: ['rowCount'],
});

/** Resolves with the first notification the feed delivers (the test's own bound fails it otherwise). */
const next = (feed: StoreNotificationFeed) =>
  new Promise<Notification>((resolve) => {
    const stop = feed.subscribe((n) => {
      stop();
      resolve(n);
    });
  });

describe.each(storeKinds())('StoreNotificationFeed on $name', (kind) => {
  let testStore: TestStore;
  let feed: StoreNotificationFeed;
  beforeAll(async () => {
    testStore = await kind.open();
    feed = await StoreNotificationFeed.open(testStore.store);
  });
  afterAll(async () => {
    await feed?.close();
    await testStore?.dispose();
  });

  it('delivers what it publishes to its own subscribers', async () => {
    const heard = next(feed);
    await feed.publish(notification('n-1'));
    expect(await heard).toEqual(notification('n-1'));
  });

  it('delivers a notification whose detail is too long for NOTIFY, with the detail cut', async () => {
    const heard = next(feed);
    await feed.publish(notification('n-long', 'é'.repeat(20_000)));
    const got = await heard;
    expect(got.id).toBe('n-long');
    expect(got.title).toBe('acme.orders failed validation');
    expect(got.detail.endsWith('…')).toBe(true);
    expect(got.detail.length).toBeLessThan(20_000);
  });

  it('stops delivering once closed', async () => {
    const other = await StoreNotificationFeed.open(testStore.store);
    const heard: string[] = [];
    other.subscribe((n) => heard.push(n.id));
    await other.close();
    const stillHeard = next(feed);
    await feed.publish(notification('n-after-close'));
    await stillHeard;
    expect(heard).toEqual([]);
  });
});

describe.skipIf(!storeKinds().some((k) => k.name === 'postgres'))(
  'StoreNotificationFeed across processes sharing PostgreSQL',
  () => {
    let testStore: TestStore;
    let otherProcessStore: Store;
    beforeAll(async () => {
      testStore = await storeKinds()
        .find((k) => k.name === 'postgres')!
        .open();
      // A second connection pool to the same database stands for another replica or the consumer process.
      otherProcessStore = await openStore({ dataDir: '', databaseUrl: testStore.databaseUrl!, poolSize: 2 });
    });
    afterAll(async () => {
      await otherProcessStore?.close();
      await testStore?.dispose();
    });

    it('a replica hears a notification another process published, with no Redis', async () => {
      const consumer = await StoreNotificationFeed.open(otherProcessStore);
      const gateway = await StoreNotificationFeed.open(testStore.store);
      try {
        const heard = next(gateway);
        await consumer.publish(notification('from-consumer'));
        expect(await heard).toEqual(notification('from-consumer'));
      } finally {
        await consumer.close();
        await gateway.close();
      }
    });
  },
);

describe('payloadOf', () => {
  it('leaves a notification that fits as it is', () => {
    expect(JSON.parse(payloadOf(notification('short')))).toEqual(notification('short'));
  });

  it('keeps a long payload under PostgreSQL NOTIFY limit of 8000 bytes, multi-byte detail included', () => {
    for (const detail of ['x'.repeat(9000), '"'.repeat(9000), '日本'.repeat(3000)])
      expect(Buffer.byteLength(payloadOf(notification('long', detail)))).toBeLessThan(8000);
  });
});
