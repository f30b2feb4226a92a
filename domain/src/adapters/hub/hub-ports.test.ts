import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '@dataspoke/demo/generator';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { registerHubGraphqlRoute } from '@dataspoke/hub/graphql/index';
import { HubPortError, type HubPort, type HubScrollPage } from '../../ports/hub-port.js';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { createGmsHubPort } from '../../adapters/hub/gms-hub-port.js';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { allowEveryAccess } from '@dataspoke/hub/access';

/** A proposal writing one aspect. */
const upsert = (entityUrn: string, aspectName: string, aspect: Record<string, unknown>) => ({
  entityType: entityUrn.split(':')[2]!,
  entityUrn,
  changeType: 'UPSERT' as const,
  aspectName,
  aspect,
});

describe.each(storeKinds())('hub port, embedded adapter over the demo catalog ($name)', (kind) => {
  let test: TestStore;
  let hub: EmbeddedHub;
  let port: HubPort;
  let gms: FastifyInstance;
  let gmsPort: HubPort;
  const catalog = generateDemoCatalog({
    seed: 7,
    now: Date.UTC(2026, 5, 1, 12),
    historyDays: 30,
    datasets: 80,
  });

  beforeAll(async () => {
    test = await kind.open();
    hub = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    await loadDemoCatalog(hub, catalog);
    port = createEmbeddedHubPort(hub, test.store);
    // The embedded hub served over HTTP speaks DataHub's wire contract, so the GMS adapter can run against it.
    gms = Fastify();
    await gms.register(
      (app) => registerHubGraphqlRoute(app, { hub, store: test.store, authorize: allowEveryAccess }),
      { prefix: '/gms' },
    );
    const address = await gms.listen({ host: '127.0.0.1', port: 0 });
    gmsPort = createGmsHubPort({ url: `${address}/gms`, token: 'test-token' });
  });
  afterAll(async () => {
    await gms?.close();
    await test?.dispose();
  });

  it('reads many datasets in one call, DataHub-shaped, and leaves unknown urns out', async () => {
    const page = await port.search({ types: ['DATASET'], query: '*', start: 0, count: 20 });
    expect(page.total).toBe(80);
    const urns = page.hits.map((h) => h.entity.urn);
    const unknown = 'urn:li:dataset:(urn:li:dataPlatform:hive,nope.nope,PROD)';
    const datasets = await port.getDatasets([...urns, unknown, 'urn:li:corpuser:nobody']);
    expect(datasets.size).toBe(20);
    expect(datasets.has(unknown)).toBe(false);
    const first = datasets.get(urns[0]!)!;
    expect(first).toMatchObject({ __typename: 'Dataset', type: 'DATASET', urn: urns[0] });
    expect(first.platform.urn).toMatch(/^urn:li:dataPlatform:/);
    const withSchema = [...datasets.values()].find((d) => (d.schemaMetadata?.fields.length ?? 0) > 0);
    expect(withSchema?.schemaMetadata?.fields[0]).toHaveProperty('fieldPath');
    const owned = [...datasets.values()].find((d) => (d.ownership?.owners?.length ?? 0) > 0);
    expect(owned?.ownership?.owners?.[0]?.owner.urn).toMatch(/^urn:li:corp(user|Group):/);
  });

  it('reads other entities, lineage, operations and scrolls every dataset', async () => {
    const page = await port.search({ types: ['DATASET'], query: '*', start: 0, count: 80, facets: true });
    expect(page.facets.map((f) => f.field)).toContain('platform');
    const up = await port.getLineage(
      page.hits.map((h) => h.entity.urn),
      'UPSTREAM',
    );
    const [urn, lineage] = [...up].find(([, l]) => l.relationships.length > 0)!;
    expect(lineage.relationships[0]!.entity?.urn).toMatch(/^urn:li:/);
    const ops = await port.getOperations([urn], { limit: 5 });
    expect(ops.get(urn)!.length).toBe(5);
    const [d] = (await port.getDatasets([urn])).values();
    const owner = d!.ownership!.owners![0]!.owner.urn;
    const entities = await port.getEntities([owner, d!.platform.urn]);
    expect(entities.get(owner)).toMatchObject({ urn: owner });
    let scrollId: string | null = null;
    let seen = 0;
    do {
      const scroll = await port.scrollDatasets({ scrollId, count: 100 });
      seen += scroll.datasets.length;
      scrollId = scroll.nextScrollId;
    } while (scrollId);
    expect(seen).toBe(catalog.datasets);
  });

  it("reads columns' sample values only when asked, on both adapters", async () => {
    const page = await port.search({ types: ['DATASET'], query: '*', start: 0, count: 80 });
    const urns = page.hits.map((h) => h.entity.urn);
    const sampled = await port.getProfiles(urns, { limit: 1 }, { sampleValues: true });
    const columns = [...sampled.values()].flatMap((ps) => ps[0]?.fieldProfiles ?? []);
    expect(columns.some((c) => (c.sampleValues?.length ?? 0) > 0)).toBe(true);
    const plain = await port.getProfiles(urns, { limit: 1 });
    expect(
      [...plain.values()].flatMap((ps) => ps[0]?.fieldProfiles ?? []).some((c) => 'sampleValues' in c),
    ).toBe(false);
    expect(await gmsPort.getProfiles(urns, { limit: 1 }, { sampleValues: true })).toEqual(sampled);
  });

  it('GMS adapter over HTTP answers exactly as the embedded adapter (same documents, same wire)', async () => {
    const page = await port.search({ types: ['DATASET'], query: '*', start: 0, count: 30, facets: true });
    expect(
      await gmsPort.search({ types: ['DATASET'], query: '*', start: 0, count: 30, facets: true }),
    ).toEqual(page);
    const urns = page.hits.map((h) => h.entity.urn);
    expect(await gmsPort.getDatasets(urns)).toEqual(await port.getDatasets(urns));
    expect(await gmsPort.getLineage(urns, 'DOWNSTREAM')).toEqual(await port.getLineage(urns, 'DOWNSTREAM'));
    expect(await gmsPort.getOperations(urns, { limit: 20 })).toEqual(
      await port.getOperations(urns, { limit: 20 }),
    );
    const owners = [...(await port.getDatasets(urns)).values()].flatMap(
      (d) => d.ownership?.owners?.map((o) => o.owner.urn) ?? [],
    );
    expect(await gmsPort.getEntities(owners)).toEqual(await port.getEntities(owners));
    expect(await gmsPort.scrollDatasets({ count: 50 })).toEqual(await port.scrollDatasets({ count: 50 }));
  });

  it('answers every method exactly as DataHub GraphQL does, over the whole catalog and every entity type', async () => {
    const all = await port.search({ types: [], query: '*', start: 0, count: 10_000, facets: true });
    expect(await gmsPort.search({ types: [], query: '*', start: 0, count: 10_000, facets: true })).toEqual(
      all,
    );
    const urns = all.hits.map((h) => h.entity.urn);
    expect(new Set(all.hits.map((h) => h.entity.__typename)).size).toBeGreaterThan(5);
    const datasets = urns.filter((u) => u.startsWith('urn:li:dataset:'));
    const strays = [
      'urn:li:dataset:(urn:li:dataPlatform:hive,nope.nope,PROD)',
      'urn:li:corpuser:nobody',
      'not an urn',
      'urn:li:dataPlatform:unheard_of',
    ];
    const asked = [...urns, ...strays];
    const referred = [...(await port.getDatasets(datasets)).values()].flatMap((d) => [
      d.platform.urn,
      ...(d.ownership?.owners ?? []).map((o) => o.owner.urn),
      ...(d.tags?.tags ?? []).map((t) => t.tag.urn),
      ...(d.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
      ...(d.domain ? [d.domain.domain.urn] : []),
      ...(d.container ? [d.container.urn] : []),
    ]);
    const same = async <T>(read: (p: HubPort) => Promise<T>) =>
      expect(await read(gmsPort)).toEqual(await read(port));
    await same((p) => p.getDatasets(asked));
    await same((p) => p.getEntities([...asked, ...referred]));
    await same((p) => p.getLineage(asked, 'UPSTREAM'));
    await same((p) => p.getLineage(asked, 'DOWNSTREAM'));
    await same((p) => p.getOperations(asked, {}));
    await same((p) => p.getOperations(datasets, { startTimeMillis: Date.UTC(2026, 4, 20), limit: 3 }));
    await same((p) => p.getProfiles(asked, { limit: 2 }));
    await same((p) => p.getProfiles(datasets, { limit: 5 }, { fieldProfiles: false }));
    await same((p) =>
      p.getProfiles(datasets, { endTimeMillis: Date.UTC(2026, 4, 25) }, { sampleValues: true }),
    );
    await same((p) => p.getDatasetOutlines(asked));
    await same((p) => p.getSchemaHistory(asked, 3));
    await same((p) => p.getDatasetHistories(asked, {}));
    await same((p) =>
      p.getDatasetHistories(datasets, {
        profiles: { limit: 10, fieldProfiles: false },
        operations: { startTimeMillis: Date.UTC(2026, 4, 1) },
        schemaDepth: 2,
      }),
    );
    await same((p) => p.getDatasetHistories(datasets, { profiles: { limit: 3 } }));
    const platform = all.facets.find((f) => f.field === 'platform')!.aggregations[0]!.value;
    await same((p) =>
      p.search({
        types: ['DATASET'],
        query: 'order',
        start: 2,
        count: 5,
        facets: true,
        filters: [{ field: 'platform', values: [platform] }],
      }),
    );
    for (let scrollId: string | null = null, pages = 0; pages === 0 || scrollId; pages++) {
      const embedded: HubScrollPage = await port.scrollDatasets({ scrollId, count: 30 });
      expect(await gmsPort.scrollDatasets({ scrollId, count: 30 })).toEqual(embedded);
      scrollId = embedded.nextScrollId;
    }
  });

  it('refuses bad arguments as DataHub does: a BAD_REQUEST, on both adapters', async () => {
    for (const p of [port, gmsPort]) {
      await expect(p.search({ types: ['NOT_A_TYPE'], query: '*', start: 0, count: 1 })).rejects.toMatchObject(
        {
          code: 'BAD_REQUEST',
        },
      );
      await expect(p.scrollDatasets({ scrollId: 'garbage', count: 1 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await expect(port.getOperations(['urn:li:corpuser:x'], { limit: -1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  // Last: it adds entities the catalog-wide counts above do not expect.
  it('returns values as written on both adapters: empty strings stay empty, a self-edge is no lineage hop', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,round_trip.blank,PROD)';
    const upstream = 'urn:li:dataset:(urn:li:dataPlatform:hive,round_trip.source,PROD)';
    const domain = 'urn:li:domain:round_trip';
    const term = 'urn:li:glossaryTerm:round_trip.blank';
    const result = await hub.ingest([
      upsert(urn, 'datasetProperties', { name: '', description: '', customProperties: { empty: '' } }),
      upsert(urn, 'editableDatasetProperties', { description: '' }),
      upsert(urn, 'schemaMetadata', {
        schemaName: '',
        platform: 'urn:li:dataPlatform:hive',
        version: 0,
        hash: '',
        platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
        fields: [
          {
            fieldPath: 'id',
            description: '',
            nativeDataType: '',
            type: { type: { 'com.linkedin.schema.NumberType': {} } },
          },
        ],
      }),
      upsert(urn, 'upstreamLineage', {
        upstreams: [
          { dataset: urn, type: 'TRANSFORMED', auditStamp: { time: 0, actor: 'urn:li:corpuser:datahub' } },
          {
            dataset: upstream,
            type: 'TRANSFORMED',
            auditStamp: { time: 0, actor: 'urn:li:corpuser:datahub' },
          },
        ],
      }),
      upsert(urn, 'domains', { domains: [domain] }),
      upsert(upstream, 'status', { removed: false }),
      upsert(domain, 'domainProperties', { name: 'Round trip', description: '' }),
      upsert(term, 'glossaryTermInfo', { name: '', definition: '', termSource: 'INTERNAL' }),
    ]);
    expect(result.failed).toBe(0);

    const datasets = await port.getDatasets([urn]);
    expect(await gmsPort.getDatasets([urn])).toEqual(datasets);
    const dataset = datasets.get(urn)!;
    expect(dataset.properties).toMatchObject({
      name: '',
      description: '',
      customProperties: [{ key: 'empty', value: '' }],
    });
    expect(dataset.editableProperties?.description).toBe('');
    expect(dataset.schemaMetadata).toMatchObject({ name: '', hash: '' });
    expect(dataset.schemaMetadata?.fields[0]).toMatchObject({ description: '', nativeDataType: '' });
    expect(await gmsPort.getDatasetOutlines([urn])).toEqual(await port.getDatasetOutlines([urn]));

    const entities = await port.getEntities([domain, term]);
    expect(await gmsPort.getEntities([domain, term])).toEqual(entities);
    expect(entities.get(domain)).toMatchObject({ properties: { name: 'Round trip', description: '' } });
    expect(entities.get(term)).toMatchObject({ properties: { name: '', description: '' } });

    // DataHub keeps the self-edge in the aspect and its graph, and its lineage walk skips it.
    expect((await hub.getAspect(urn, 'upstreamLineage'))?.value.upstreams).toHaveLength(2);
    for (const direction of ['UPSTREAM', 'DOWNSTREAM'] as const) {
      const lineage = await port.getLineage([urn, upstream], direction);
      expect(await gmsPort.getLineage([urn, upstream], direction)).toEqual(lineage);
      const [from, to] = direction === 'UPSTREAM' ? [urn, upstream] : [upstream, urn];
      expect(lineage.get(from)?.relationships.map((r) => r.entity?.urn)).toEqual([to]);
    }
  });

  it('reads glossary and domain hierarchies, related terms and data products alike on both adapters', async () => {
    const [root, child] = ['urn:li:glossaryNode:overview.root', 'urn:li:glossaryNode:overview.child'];
    const [pii, email, phone] = ['pii', 'email', 'phone'].map((t) => `urn:li:glossaryTerm:overview.${t}`) as [
      string,
      string,
      string,
    ];
    const [parent, sub] = ['urn:li:domain:overview.parent', 'urn:li:domain:overview.sub'];
    const product = 'urn:li:dataProduct:overview.orders';
    const asset = (await port.search({ types: ['DATASET'], query: '*', start: 0, count: 1 })).hits[0]!.entity
      .urn;
    const result = await hub.ingest([
      upsert(root, 'glossaryNodeInfo', { name: 'Root', definition: '' }),
      upsert(child, 'glossaryNodeInfo', { name: 'Child', definition: '', parentNode: root }),
      upsert(pii, 'glossaryTermInfo', {
        name: 'PII',
        definition: '',
        termSource: 'INTERNAL',
        parentNode: child,
      }),
      upsert(email, 'glossaryTermInfo', { name: 'Email', definition: '', termSource: 'INTERNAL' }),
      upsert(phone, 'glossaryTermInfo', { name: 'Phone', definition: '', termSource: 'INTERNAL' }),
      upsert(email, 'glossaryRelatedTerms', { isRelatedTerms: [pii], relatedTerms: [phone] }),
      upsert(pii, 'glossaryRelatedTerms', { hasRelatedTerms: [phone, email] }),
      upsert(parent, 'domainProperties', { name: 'Parent' }),
      upsert(sub, 'domainProperties', { name: 'Sub', parentDomain: parent }),
      upsert(product, 'dataProductProperties', { name: 'Orders', assets: [{ destinationUrn: asset }] }),
      upsert(product, 'domains', { domains: [sub] }),
    ]);
    expect(result.failed).toBe(0);
    const urns = [root, child, pii, email, phone, parent, sub, product];
    const entities = await port.getEntities(urns);
    expect(await gmsPort.getEntities(urns)).toEqual(entities);
    expect(entities.get(pii)).toMatchObject({ parentNodes: { nodes: [{ urn: child }, { urn: root }] } });
    expect(entities.get(sub)).toMatchObject({ parentDomains: { domains: [{ urn: parent }] } });
    expect(entities.get(product)).toMatchObject({
      properties: { name: 'Orders' },
      domain: { domain: { urn: sub } },
    });
    const types = ['IsA', 'HasA', 'IsRelatedTo', 'DataProductContains'] as const;
    const related = await port.getRelated(urns, types);
    expect(await gmsPort.getRelated(urns, types)).toEqual(related);
    // In related urn order, as DataHub's relationship table answers.
    expect(related.get(email)).toEqual([
      { type: 'IsRelatedTo', urn: phone },
      { type: 'IsA', urn: pii },
    ]);
    expect(related.get(pii)?.map((r) => r.type)).toEqual(['HasA', 'HasA']);
    expect(related.get(product)).toEqual([{ type: 'DataProductContains', urn: asset }]);
  });
});

describe('GMS adapter: timeouts, retries and the circuit breaker', () => {
  const request = () => ({ types: ['DATASET'], query: '*', start: 0, count: 1 });

  it('says DATAHUB_UNAVAILABLE when nothing listens, after its retries', async () => {
    const probe = Fastify();
    const address = await probe.listen({ host: '127.0.0.1', port: 0 });
    await probe.close();
    const gms = createGmsHubPort({ url: address, retries: 1, backoffMs: 10 });
    await expect(gms.search(request())).rejects.toMatchObject({ code: 'DATAHUB_UNAVAILABLE' });
  });

  it('does not hang on a DataHub that never answers', async () => {
    const hanging = Fastify({ forceCloseConnections: true });
    hanging.post('/api/graphql', () => new Promise(() => undefined));
    const address = await hanging.listen({ host: '127.0.0.1', port: 0 });
    try {
      const gms = createGmsHubPort({ url: address, timeoutMs: 150, retries: 1, backoffMs: 10 });
      const started = Date.now();
      await expect(gms.search(request())).rejects.toThrow(/no answer within 150 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await hanging.close();
    }
  }, 10_000);

  it('retries 503s with backoff, sends the bearer token, and opens the circuit after repeated failures', async () => {
    let calls = 0;
    const seenAuth: (string | null)[] = [];
    const fakeFetch = ((_url: string, init: RequestInit) => {
      calls++;
      seenAuth.push(new Headers(init.headers).get('authorization'));
      return Promise.resolve(new Response('busy', { status: 503 }));
    }) as unknown as typeof fetch;
    let clock = 1_000_000;
    const gms = createGmsHubPort({
      url: 'http://datahub.invalid',
      token: 'secret',
      retries: 2,
      backoffMs: 1,
      breaker: { failureThreshold: 2, resetMs: 60_000 },
      fetch: fakeFetch,
      now: () => clock,
    });
    await expect(gms.search(request())).rejects.toMatchObject({ code: 'DATAHUB_UNAVAILABLE' });
    expect(calls).toBe(3);
    expect(seenAuth[0]).toBe('Bearer secret');
    await expect(gms.search(request())).rejects.toBeInstanceOf(HubPortError);
    expect(calls).toBe(6);
    // Open: refused at once, no request made.
    await expect(gms.search(request())).rejects.toThrow(/calls failed in a row/);
    expect(calls).toBe(6);
    // After the reset time one call goes through again.
    clock += 60_001;
    await expect(gms.search(request())).rejects.toMatchObject({ code: 'DATAHUB_UNAVAILABLE' });
    expect(calls).toBe(9);
  });

  it('reports a refused token as DATAHUB_ERROR without retrying', async () => {
    let calls = 0;
    const fakeFetch = (() => {
      calls++;
      return Promise.resolve(new Response('{}', { status: 401 }));
    }) as unknown as typeof fetch;
    const gms = createGmsHubPort({ url: 'http://datahub.invalid', fetch: fakeFetch });
    await expect(gms.search(request())).rejects.toMatchObject({ code: 'DATAHUB_ERROR' });
    expect(calls).toBe(1);
  });
});
