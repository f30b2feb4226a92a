import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from './events/event-bus.js';
import type { MetadataChangeLog, MetadataChangeProposal } from './model.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { EmbeddedHub } from './embedded-hub.js';

const DS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const upsert = (aspectName: string, aspect: object, urn = DS): MetadataChangeProposal => ({
  entityType: 'dataset',
  entityUrn: urn,
  changeType: 'UPSERT',
  aspectName,
  aspect,
});

describe.each(storeKinds())('EmbeddedHub on $name', (kind) => {
  let testStore: TestStore;
  let hub: EmbeddedHub;
  const events: MetadataChangeLog[] = [];

  beforeAll(async () => {
    testStore = await kind.open();
    const bus = new InProcessEventBus();
    bus.subscribe((e) => {
      events.push(e);
    });
    hub = new EmbeddedHub({ store: testStore.store, events: bus });
  });
  afterAll(() => testStore?.dispose());

  it('keeps version 0 as the latest and moves the previous value to a new version', async () => {
    const r1 = await hub.ingest([upsert('datasetProperties', { name: 'orders', description: 'v1' })], {
      now: 1000,
    });
    expect(r1.applied).toBe(1);
    const r2 = await hub.ingest([upsert('datasetProperties', { name: 'orders', description: 'v2' })], {
      now: 2000,
    });
    expect(r2.outcomes[0]).toMatchObject({ status: 'applied', previousVersion: 1 });
    await hub.ingest([upsert('datasetProperties', { name: 'orders', description: 'v3' })], { now: 3000 });

    expect((await hub.getAspect(DS, 'datasetProperties'))?.value).toEqual({
      name: 'orders',
      description: 'v3',
    });
    const versions = await hub.listAspectVersions(DS, 'datasetProperties');
    expect(versions.map((v) => [v.version, v.value.description])).toEqual([
      [0, 'v3'],
      [2, 'v2'],
      [1, 'v1'],
    ]);
    expect(versions[0]!.systemMetadata).toMatchObject({ lastObserved: 3000, runId: 'no-run-id-provided' });
  });

  it('derives the key aspect from the urn on first write', async () => {
    expect(await hub.entityExists(DS)).toBe(true);
    expect((await hub.getAspect(DS, 'datasetKey'))?.value).toEqual({
      platform: 'urn:li:dataPlatform:postgres',
      name: 'shop.public.orders',
      origin: 'PROD',
    });
  });

  it('does not create a version when the same value is written again', async () => {
    const before = await hub.listAspectVersions(DS, 'datasetProperties');
    const r = await hub.ingest([upsert('datasetProperties', { description: 'v3', name: 'orders' })]);
    expect(r.outcomes[0]!.status).toBe('unchanged');
    expect(await hub.listAspectVersions(DS, 'datasetProperties')).toHaveLength(before.length);
  });

  it('applies PATCH with keyed semantics, keeping what others wrote', async () => {
    await hub.ingest([upsert('globalTags', { tags: [{ tag: 'urn:li:tag:Finance' }] })]);
    const r = await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: DS,
        changeType: 'PATCH',
        aspectName: 'globalTags',
        aspect: [{ op: 'add', path: '/tags/urn:li:tag:PII', value: { tag: 'urn:li:tag:PII' } }],
      },
    ]);
    expect(r.applied).toBe(1);
    expect((await hub.getAspect(DS, 'globalTags'))?.value).toEqual({
      tags: [{ tag: 'urn:li:tag:Finance' }, { tag: 'urn:li:tag:PII' }],
    });
  });

  it('refuses bad proposals one by one while the rest of the batch lands, and loses nothing stored', async () => {
    const before = await hub.getAspect(DS, 'globalTags');
    const other = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.customers,PROD)';
    const r = await hub.ingest([
      upsert('datasetProperties', { name: 'customers' }, other),
      upsert('notAnAspect', { x: 1 }),
      { ...upsert('datasetProperties', { name: 'x' }), entityUrn: 'urn:li:dataset:(broken' },
      { ...upsert('datasetProperties', { name: 'x' }), entityType: 'chart' },
      { ...upsert('datasetProperties', {}), aspect: 'not an object' },
      {
        entityType: 'dataset',
        entityUrn: DS,
        changeType: 'PATCH',
        aspectName: 'globalTags',
        // GMS makes a remove of what is absent a no-op; a replace of it fails.
        aspect: [{ op: 'replace', path: '/tags/urn:li:tag:Nope', value: { tag: 'urn:li:tag:Nope' } }],
      },
      { ...upsert('datasetProperties', { name: 'x' }), changeType: 'MERGE' as never },
      {
        entityType: 'widget',
        entityUrn: 'urn:li:widget:1',
        changeType: 'UPSERT',
        aspectName: 'status',
        aspect: { removed: false },
      },
      { ...upsert('datasetProperties', { name: 'orders' }), changeType: 'CREATE' },
    ]);
    expect(r.outcomes.map((o) => (o.status === 'failed' ? o.code : o.status))).toEqual([
      'applied',
      'UNKNOWN_ASPECT',
      'INVALID_URN',
      'ENTITY_TYPE_MISMATCH',
      'INVALID_ASPECT',
      'PATCH_FAILED',
      'INVALID_CHANGE_TYPE',
      'UNKNOWN_ENTITY_TYPE',
      'ASPECT_ALREADY_EXISTS',
    ]);
    for (const o of r.outcomes) if (o.status === 'failed') expect(o.reason.length).toBeGreaterThan(10);
    expect((await hub.getAspect(other, 'datasetProperties'))?.value).toEqual({ name: 'customers' });
    expect(await hub.getAspect(DS, 'globalTags')).toEqual(before);
  });

  it('stores timeseries aspects by time, idempotently, and reads a time range newest first', async () => {
    const day = 86_400_000;
    const profiles = [1, 2, 3, 4].map((d) =>
      upsert('datasetProfile', { timestampMillis: d * day, rowCount: d * 100, columnCount: 3 }),
    );
    await hub.ingest(profiles);
    await hub.ingest([upsert('datasetProfile', { timestampMillis: 4 * day, rowCount: 444, columnCount: 3 })]);
    const rows = await hub.getTimeseries(DS, 'datasetProfile', {
      startTimeMillis: 2 * day,
      endTimeMillis: 4 * day,
    });
    expect(rows.map((r) => r.event.rowCount)).toEqual([444, 300, 200]);
    expect(await hub.getAspect(DS, 'datasetProfile')).toBeUndefined();
    const bad = await hub.ingest([upsert('datasetProfile', { rowCount: 1 })]);
    expect(bad.outcomes[0]).toMatchObject({ status: 'failed', code: 'INVALID_ASPECT' });
  });

  it("reads many entities' timeseries in one call: each its own newest events within the range and limit", async () => {
    const day = 86_400_000;
    const urns = ['a', 'b', 'c'].map(
      (n) => `urn:li:dataset:(urn:li:dataPlatform:postgres,shop.many.${n},PROD)`,
    );
    await hub.ingest(
      urns.flatMap((urn, i) =>
        [1, 2, 3, 4, 5]
          .slice(0, 3 + i)
          .map((d) =>
            upsert(
              'operation',
              { timestampMillis: d * day, lastUpdatedTimestamp: d * day, operationType: 'INSERT' },
              urn,
            ),
          ),
      ),
    );
    const range = { startTimeMillis: 2 * day, limit: 2 };
    const many = await hub.getTimeseriesMany(
      [...urns, 'urn:li:dataset:(urn:li:dataPlatform:x,none,PROD)'],
      'operation',
      range,
    );
    for (const urn of urns) {
      // The same answer as reading each entity on its own.
      expect(many.get(urn)).toEqual(await hub.getTimeseries(urn, 'operation', range));
    }
    expect(many.get(urns[2]!)!.map((r) => r.timestampMillis)).toEqual([5 * day, 4 * day]);
    expect(many.get('urn:li:dataset:(urn:li:dataPlatform:x,none,PROD)')).toEqual([]);
  });

  it('deletes one aspect, or the whole entity with its key aspect', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.tmp,PROD)';
    await hub.ingest([
      upsert('datasetProperties', { name: 'tmp' }, urn),
      upsert('status', { removed: false }, urn),
    ]);
    await hub.ingest([{ entityType: 'dataset', entityUrn: urn, changeType: 'DELETE', aspectName: 'status' }]);
    expect(await hub.getAspect(urn, 'status')).toBeUndefined();
    expect(await hub.getAspect(urn, 'datasetProperties')).toBeDefined();
    await hub.ingest([
      { entityType: 'dataset', entityUrn: urn, changeType: 'DELETE', aspectName: 'datasetKey' },
    ]);
    expect(await hub.entityExists(urn)).toBe(false);
  });

  it('publishes a MetadataChangeLog for every accepted write, with the previous value', async () => {
    events.length = 0;
    await hub.ingest([upsert('datasetProperties', { name: 'orders', description: 'v4' })], {
      actor: 'urn:li:corpuser:alice',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityUrn: DS,
      entityType: 'dataset',
      aspectName: 'datasetProperties',
      changeType: 'UPSERT',
      aspect: { description: 'v4' },
      previousAspectValue: { description: 'v3' },
      created: { actor: 'urn:li:corpuser:alice' },
      timeseries: false,
    });
  });

  it('writes on condition (If-Version-Match): stamps versions, refuses a moved-on or an existing aspect', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.conditional,PROD)';
    const write = (description: string, version?: string) =>
      hub.ingest([
        {
          ...upsert('editableDatasetProperties', { description }, urn),
          ...(version && { headers: { 'If-Version-Match': version } }),
        },
      ]);
    expect((await write('first', '-1')).applied).toBe(1);
    expect((await hub.getAspect(urn, 'editableDatasetProperties'))?.systemMetadata?.version).toBe('1');
    expect((await write('again', '-1')).outcomes[0]).toMatchObject({
      status: 'failed',
      code: 'PRECONDITION_FAILED',
    });
    expect((await write('second', '1')).applied).toBe(1);
    expect(events.at(-1)?.systemMetadata?.version).toBe('2');
    const stale = await write('third', '1');
    expect(stale.outcomes[0]).toMatchObject({ status: 'failed', code: 'PRECONDITION_FAILED' });
    expect(stale.outcomes[0]).toHaveProperty('reason', expect.stringMatching(/at version 2, not 1/));
    expect((await hub.getAspect(urn, 'editableDatasetProperties'))?.value.description).toBe('second');
  });

  it('checks the condition against a write that commits while it waits, not against what it read before', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.racing,PROD)';
    await hub.ingest([upsert('editableDatasetProperties', { description: 'v1' }, urn)]);
    const version = (await hub.getAspect(urn, 'editableDatasetProperties'))!.systemMetadata!.version!;
    let conditional: ReturnType<EmbeddedHub['ingest']> | undefined;
    // Another writer (another process on the same database) has changed the row and not yet committed.
    await testStore.store.db.transaction(async (tx) => {
      await tx.execute(sql`
        update hub.metadata_aspect_v2
        set metadata = ${JSON.stringify({ description: "a person's edit" })}::jsonb,
            systemmetadata = coalesce(systemmetadata, '{}'::jsonb) || '{"version":"2"}'::jsonb
        where urn = ${urn} and aspect = 'editableDatasetProperties' and version = 0`);
      conditional = hub.ingest([
        {
          ...upsert('editableDatasetProperties', { description: 'suggested' }, urn),
          headers: { 'If-Version-Match': version },
        },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const result = await conditional!;
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', code: 'PRECONDITION_FAILED' });
    expect((await hub.getAspect(urn, 'editableDatasetProperties'))?.value.description).toBe(
      "a person's edit",
    );
  });

  it('applies several changes to one aspect in one batch in order', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.batch,PROD)';
    await hub.ingest([
      upsert('datasetProperties', { name: 'a' }, urn),
      upsert('datasetProperties', { name: 'b' }, urn),
      {
        entityType: 'dataset',
        entityUrn: urn,
        changeType: 'PATCH',
        aspectName: 'datasetProperties',
        aspect: [{ op: 'add', path: '/description', value: 'c' }],
      },
    ]);
    const versions = await hub.listAspectVersions(urn, 'datasetProperties');
    expect(versions.map((v) => v.value)).toEqual([
      // GMS's DatasetPropertiesTemplate writes its keyed tags array back even when it was absent.
      { name: 'b', description: 'c', tags: [] },
      { name: 'b' },
      { name: 'a' },
    ]);
  });
});
