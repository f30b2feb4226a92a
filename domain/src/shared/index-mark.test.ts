import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { createEmbeddedHubPort } from '../adapters/hub/embedded-hub-port.js';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { DatasetSearchIndexer } from './dataset-search-index.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { StoreIndexMark } from './index-mark.js';
import { PgSearchDocuments } from '../adapters/search/pg-documents.js';

const urnOf = (name: string) => `urn:li:dataset:(urn:li:dataPlatform:hive,mark.${name},PROD)`;
const props = (name: string, description = 'mark probe'): MetadataChangeProposal => ({
  entityType: 'dataset',
  entityUrn: urnOf(name),
  changeType: 'UPSERT',
  aspectName: 'datasetProperties',
  aspect: { name, description },
});

/**
 * The search index's durable mark: what a process that died with a queue in memory left unindexed is
 * indexed by the next process's catch-up, from the store alone.
 */
describe.each(storeKinds())('search index mark and catch-up ($name)', (kind) => {
  let test: TestStore;
  let hub: EmbeddedHub;
  let events: InProcessEventBus;
  const indexerOf = (writable: () => boolean = () => true) =>
    new DatasetSearchIndexer({
      hub: createEmbeddedHubPort(hub, test.store),
      documents: new PgSearchDocuments(test.store, { docCache: 0 }),
      mark: new StoreIndexMark(test.store),
      writable,
    });
  const indexed = async () =>
    new Set(
      (await test.store.query<{ urn: string }>(sql`select urn from spoke_da.dataset_doc`)).map((r) => r.urn),
    );

  beforeAll(async () => {
    test = await kind.open();
    events = new InProcessEventBus();
    hub = new EmbeddedHub({ store: test.store, events, indexer: new HubSearchIndexer() });
  });
  afterAll(() => test.dispose());

  it('indexes at start what the hub changed while nothing indexed it, then advances the mark', async () => {
    // A process that acknowledged these writes and died before indexing them.
    expect((await hub.ingest(['a', 'b', 'c'].map((n) => props(n)))).failed).toBe(0);
    expect(await indexed()).toEqual(new Set());
    const mark = new StoreIndexMark(test.store);
    expect(await mark.read()).toBeNull();

    const next = indexerOf();
    const { since, datasets, report } = await next.catchUp();
    expect(since).toBeNull();
    expect(datasets).toBe(3);
    expect(report.indexed).toBe(3);
    expect(await indexed()).toEqual(new Set(['a', 'b', 'c'].map(urnOf)));
    const after = await mark.read();
    expect(after).not.toBeNull();
    expect(after!).toBeLessThanOrEqual(Date.now());
    await next.stop();
  });

  it('leaves the mark behind changes queued when the process stopped, and the next start indexes them', async () => {
    const live = indexerOf();
    const unsubscribe = events.subscribe((e) => live.notify(e.entityUrn));
    const before = await new StoreIndexMark(test.store).read();
    await hub.ingest([props('d')]);
    await live.stop(); // a crash: the queue is dropped
    unsubscribe();
    expect((await indexed()).has(urnOf('d'))).toBe(false);
    expect(await new StoreIndexMark(test.store).read()).toBe(before);

    const next = indexerOf();
    await next.catchUp();
    expect((await indexed()).has(urnOf('d'))).toBe(true);
    await next.stop();
  });

  it('removes documents of entities the hub no longer holds', async () => {
    await test.store.query(sql`delete from hub.metadata_aspect_v2 where urn = ${urnOf('a')}`);
    const next = indexerOf();
    const { report } = await next.catchUp();
    expect(report.removed).toBe(1);
    expect((await indexed()).has(urnOf('a'))).toBe(false);
    await next.stop();
  });

  it('a full reindex advances the mark past what it indexed', async () => {
    const mark = new StoreIndexMark(test.store);
    await mark.write(0);
    const next = indexerOf();
    const started = Date.now();
    await next.reindexAll();
    expect(await mark.read()).toBeGreaterThanOrEqual(started - 61_000);
    await next.stop();
  });

  it('holds queued changes while the store is below its reserve, and drains them once it is not', async () => {
    let writable = false;
    const live = indexerOf(() => writable);
    const unsubscribe = events.subscribe((e) => live.notify(e.entityUrn));
    await hub.ingest([props('e')]);
    await new Promise((r) => setTimeout(r, 400));
    expect((await indexed()).has(urnOf('e'))).toBe(false);
    expect(live.pendingCount()).toBe(1);
    writable = true;
    await live.drain();
    unsubscribe();
    expect((await indexed()).has(urnOf('e'))).toBe(true);
  });
});
