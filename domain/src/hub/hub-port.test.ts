import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '../demo/generator.js';
import { InProcessEventBus } from '../events/event-bus.js';
import { storeKinds, type TestStore } from '../testing/stores.js';
import { EmbeddedHub } from './embedded-hub.js';
import { createEmbeddedHubPort, type HubPort } from './hub-port.js';
import type { MetadataChangeProposal } from './model.js';
import { SearchIndexer } from './search-indexer.js';

describe.each(storeKinds())('hub port, embedded adapter over the demo catalog ($name)', (kind) => {
  let test: TestStore;
  let port: HubPort;
  const catalog = generateDemoCatalog({
    seed: 7,
    now: Date.UTC(2026, 5, 1, 12),
    historyDays: 30,
    datasets: 80,
  });

  beforeAll(async () => {
    test = await kind.open();
    const hub = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new SearchIndexer(),
    });
    let batch: MetadataChangeProposal[] = [];
    for (const p of catalog.proposals()) {
      batch.push(p);
      if (batch.length === 1000) {
        await hub.ingest(batch);
        batch = [];
      }
    }
    await hub.ingest(batch);
    port = createEmbeddedHubPort(hub, test.store);
  });
  afterAll(async () => {
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
});
