import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { openStore, type Store } from '@dataspoke/platform/store/db';
import { ReadCache, type ReadTicket } from '@dataspoke/platform/store/read-cache';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { aspectVersionKey, EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { type HubPort } from '../../ports/hub-port.js';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';

const dataset = (name: string) => `urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.${name},PROD)`;
const RAW = dataset('raw_orders');
const STG = dataset('stg_orders');
const upsert = (urn: string, aspectName: string, aspect: object): MetadataChangeProposal => ({
  entityType: 'dataset',
  entityUrn: urn,
  changeType: 'UPSERT',
  aspectName,
  aspect,
});
const description = async (hub: EmbeddedHub, urn: string) =>
  (await hub.getLatestAspects([urn])).get(urn)?.get('datasetProperties')?.value.description;

const newHub = (store: Store) =>
  new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });

/** A hub that follows writes, as `dataspoke start` runs it, over RAW (description v1) and STG. */
async function followingHub(store: Store, first: MetadataChangeProposal[] = []) {
  const hub = newHub(store);
  const stop = await hub.followWrites();
  await hub.ingest([
    ...first,
    upsert(RAW, 'datasetProperties', { name: 'raw_orders', description: 'v1' }),
    upsert(STG, 'datasetProperties', { name: 'stg_orders', description: 'staged' }),
  ]);
  return { hub, stop };
}

/** Runs `use` with another hub on the same store: on PostgreSQL with its own connections, as another process. */
async function withOtherHub(
  kind: { name: string },
  testStore: TestStore,
  use: (other: EmbeddedHub) => Promise<void>,
): Promise<void> {
  const otherStore: Store =
    kind.name === 'postgres'
      ? await openStore({ dataDir: '', databaseUrl: testStore.databaseUrl!, poolSize: 2 })
      : testStore.store;
  try {
    await use(newHub(otherStore));
  } finally {
    if (otherStore !== testStore.store) await otherStore.close();
  }
}

describe('ReadCache', () => {
  it('keeps nothing a read took its ticket for before an invalidation', () => {
    const cache = new ReadCache({ maxSubjects: 10 });
    cache.enable(true);
    const stale = cache.ticket();
    cache.invalidate(['a']);
    cache.put(stale, 'a', 'k', 'before the change');
    expect(cache.get('a', 'k')).toBeUndefined();
    cache.put(cache.ticket(), 'a', 'k', 'after');
    expect(cache.get('a', 'k')).toBe('after');
  });

  it('drops the least recently used subject beyond its bound, and keeps nothing while off', () => {
    const cache = new ReadCache({ maxSubjects: 2 });
    const put = (s: string) => cache.put(cache.ticket(), s, 'k', s);
    put('a');
    expect(cache.get('a', 'k')).toBeUndefined();
    cache.enable(true);
    put('a');
    put('b');
    expect(cache.get('a', 'k')).toBe('a'); // a is now the most recently used
    put('c');
    expect(cache.get('b', 'k')).toBeUndefined();
    expect([cache.get('a', 'k'), cache.get('c', 'k')]).toEqual(['a', 'c']);
    cache.enable(false);
    expect(cache.get('a', 'k')).toBeUndefined();
  });

  it('voids every ticket taken before an invalidation of any subject', () => {
    const cache = new ReadCache({ maxSubjects: 10 });
    cache.enable(true);
    const ticket: ReadTicket = cache.ticket();
    cache.invalidate('all');
    cache.put(ticket, 'z', 'k', 1);
    expect(cache.size).toBe(0);
  });
});

describe.each(storeKinds())('the embedded hub read cache on $name', (kind) => {
  let testStore: TestStore;
  let hub: EmbeddedHub;
  let stopFollowing: () => Promise<void>;

  beforeAll(async () => {
    testStore = await kind.open();
    ({ hub, stop: stopFollowing } = await followingHub(testStore.store));
  });
  afterAll(async () => {
    await stopFollowing?.();
    await testStore?.dispose();
  });

  it('answers a repeated read from memory: a change made behind the hub is not seen', async () => {
    expect(await description(hub, RAW)).toBe('v1');
    // Only writes through a hub are followed; this one bypasses every hub, so the cached value stays.
    await testStore.store.query(
      sql`update hub.metadata_aspect_v2 set metadata = jsonb_set(metadata, '{description}', '"behind"')
          where urn = ${RAW} and aspect = 'datasetProperties' and version = 0`,
    );
    expect(await description(hub, RAW)).toBe('v1');
    // A hub write names the entity, which is read again.
    await hub.ingest([upsert(RAW, 'datasetProperties', { name: 'raw_orders', description: 'v2' })]);
    expect(await description(hub, RAW)).toBe('v2');
  });

  it('reads new timeseries events, lineage and deletions after writes through the hub', async () => {
    const op = (t: number) =>
      upsert(RAW, 'operation', {
        timestampMillis: t,
        lastUpdatedTimestamp: t,
        operationType: 'INSERT',
      });
    await hub.ingest([op(1000)]);
    expect((await hub.getTimeseriesMany([RAW], 'operation')).get(RAW)).toHaveLength(1);
    await hub.ingest([op(2000)]);
    expect((await hub.getTimeseriesMany([RAW], 'operation')).get(RAW)!.map((r) => r.timestampMillis)).toEqual(
      [2000, 1000],
    );

    // RAW's downstream lineage changes when STG (another entity) names RAW as its upstream.
    expect((await hub.getLineageEdges([RAW], 'DOWNSTREAM')).get(RAW)).toEqual([]);
    await hub.ingest([
      upsert(STG, 'upstreamLineage', { upstreams: [{ dataset: RAW, type: 'TRANSFORMED' }] }),
    ]);
    expect((await hub.getLineageEdges([RAW], 'DOWNSTREAM')).get(RAW)!.map((e) => e.to)).toEqual([STG]);

    expect(await hub.getLive([STG])).toEqual(new Set([STG]));
    await hub.ingest([upsert(STG, 'status', { removed: true })]);
    expect(await hub.getLive([STG])).toEqual(new Set());
  });

  it('reads older schema versions of many datasets in one call, and a new version after a write', async () => {
    const schema = (...fields: string[]) =>
      upsert(STG, 'schemaMetadata', {
        schemaName: 'stg_orders',
        platform: 'urn:li:dataPlatform:postgres',
        version: 0,
        hash: fields.join(','),
        platformSchema: { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } },
        fields: fields.map((fieldPath) => ({
          fieldPath,
          nativeDataType: 'text',
          type: { type: { 'com.linkedin.schema.StringType': {} } },
        })),
      });
    const paths = (a: { value: { fields?: unknown } } | undefined) =>
      (a?.value.fields as { fieldPath: string }[] | undefined)?.map((f) => f.fieldPath);
    const read = () =>
      hub.getAspectVersions(
        'schemaMetadata',
        new Map([
          [STG, [0, 1, 2]],
          [RAW, [1]],
        ]),
      );
    await hub.ingest([schema('id')]);
    await hub.ingest([schema('id', 'amount')]);
    const first = await read();
    expect(paths(first.get(aspectVersionKey(STG, 0)))).toEqual(['id', 'amount']);
    expect(paths(first.get(aspectVersionKey(STG, 1)))).toEqual(['id']);
    expect(first.has(aspectVersionKey(STG, 2))).toBe(false);
    expect(first.has(aspectVersionKey(RAW, 1))).toBe(false); // RAW has no schema
    await hub.ingest([schema('id', 'amount', 'currency')]);
    const second = await read();
    expect(paths(second.get(aspectVersionKey(STG, 0)))).toEqual(['id', 'amount', 'currency']);
    expect(paths(second.get(aspectVersionKey(STG, 2)))).toEqual(['id', 'amount']);
  });

  it("follows another hub's writes to the same store (another process, on PostgreSQL)", async () => {
    await withOtherHub(kind, testStore, async (other) => {
      expect(await description(hub, RAW)).toBe('v2');
      await other.ingest([upsert(RAW, 'datasetProperties', { name: 'raw_orders', description: 'v3' })]);
      await vi.waitFor(async () => expect(await description(hub, RAW)).toBe('v3'), { timeout: 5000 });
    });
  });

  it('reads the store every time once it stops following writes', async () => {
    await stopFollowing();
    await testStore.store.query(
      sql`update hub.metadata_aspect_v2 set metadata = jsonb_set(metadata, '{description}', '"direct"')
          where urn = ${RAW} and aspect = 'datasetProperties' and version = 0`,
    );
    expect(await description(hub, RAW)).toBe('direct');
  });
});

describe.each(storeKinds())('the embedded hub port over a hub that follows writes, on $name', (kind) => {
  let testStore: TestStore;
  let hub: EmbeddedHub;
  let port: HubPort;
  let stopFollowing: () => Promise<void>;
  const PLATFORM = 'urn:li:dataPlatform:postgres';
  const platformInfo = (displayName: string): MetadataChangeProposal => ({
    entityType: 'dataPlatform',
    entityUrn: PLATFORM,
    changeType: 'UPSERT',
    aspectName: 'dataPlatformInfo',
    aspect: { name: 'postgres', displayName, type: 'RELATIONAL_DB', datasetNameDelimiter: '.' },
  });
  const datasetOf = async (urn: string) => (await port.getDatasets([urn])).get(urn);

  beforeAll(async () => {
    testStore = await kind.open();
    ({ hub, stop: stopFollowing } = await followingHub(testStore.store, [platformInfo('PostgreSQL')]));
    port = createEmbeddedHubPort(hub, testStore.store);
  });
  afterAll(async () => {
    await stopFollowing?.();
    await testStore?.dispose();
  });

  it('reads a change to a dataset at once, and leaves the other datasets as they were', async () => {
    const outlineOf = async (urn: string) => (await port.getDatasetOutlines([urn])).get(urn);
    expect((await datasetOf(RAW))?.properties?.description).toBe('v1');
    const staged = await datasetOf(STG);
    const stagedOutline = await outlineOf(STG);
    await hub.ingest([upsert(RAW, 'datasetProperties', { name: 'raw_orders', description: 'v2' })]);
    expect((await datasetOf(RAW))?.properties?.description).toBe('v2');
    expect((await outlineOf(RAW))?.properties?.description).toBe('v2');
    expect(await datasetOf(STG)).toEqual(staged);
    expect(await outlineOf(STG)).toEqual(stagedOutline);
  });

  it('hands each caller its own result: changing one does not change what others read', async () => {
    const first = await datasetOf(RAW);
    (first!.properties as { description: string }).description = 'mutated by a caller';
    expect((await datasetOf(RAW))?.properties?.description).toBe('v2');
  });

  it("reads a dataset again when an entity it shows changes: its platform's display name", async () => {
    expect((await datasetOf(RAW))?.platform.properties?.displayName).toBe('PostgreSQL');
    await hub.ingest([platformInfo('Postgres (prod)')]);
    expect((await datasetOf(RAW))?.platform.properties?.displayName).toBe('Postgres (prod)');
  });

  it('remembers an unknown urn as unknown until it is created', async () => {
    const later = dataset('created_later');
    expect(await datasetOf(later)).toBeUndefined();
    await hub.ingest([upsert(later, 'datasetProperties', { name: 'created_later' })]);
    expect((await datasetOf(later))?.properties?.name).toBe('created_later');
  });

  it('reads new operations and lineage made by writes to other entities', async () => {
    const op = (t: number) =>
      upsert(RAW, 'operation', { timestampMillis: t, lastUpdatedTimestamp: t, operationType: 'INSERT' });
    const operations = async () =>
      (await port.getOperations([RAW], { limit: 10 })).get(RAW)!.map((o) => o.timestampMillis);
    expect(await operations()).toEqual([]);
    await hub.ingest([op(1000)]);
    expect(await operations()).toEqual([1000]);

    const downstream = async () =>
      (await port.getLineage([RAW], 'DOWNSTREAM')).get(RAW)!.relationships.map((r) => r.entity?.urn);
    expect(await downstream()).toEqual([]);
    await hub.ingest([
      upsert(STG, 'upstreamLineage', { upstreams: [{ dataset: RAW, type: 'TRANSFORMED' }] }),
    ]);
    expect(await downstream()).toEqual([STG]);
  });

  it("follows another hub's writes to the same store", async () => {
    await withOtherHub(kind, testStore, async (other) => {
      expect((await datasetOf(STG))?.properties?.description).toBe('staged');
      await other.ingest([
        upsert(STG, 'datasetProperties', { name: 'stg_orders', description: 'elsewhere' }),
      ]);
      await vi.waitFor(
        async () => expect((await datasetOf(STG))?.properties?.description).toBe('elsewhere'),
        { timeout: 5000 },
      );
    });
  });
});
