import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowEveryAccess } from '@dataspoke/hub/access';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { readMetadataFile } from '@dataspoke/hub/formats/index';
import { registerHubGraphqlRoute } from '@dataspoke/hub/graphql/index';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createEmbeddedHubPort } from '../adapters/hub/embedded-hub-port.js';
import { createGmsHubPort } from '../adapters/hub/gms-hub-port.js';
import type { HubDatasetSummary, HubPort, HubScrollPage } from '../ports/hub-port.js';
import { catalogSummary, layerOf, summarizeDatasets } from './catalog-summary.js';

function ds(
  i: number,
  platform: string,
  domain: string | null,
  layer?: string,
  tag?: string,
): HubDatasetSummary {
  return {
    urn: `urn:li:dataset:(urn:li:dataPlatform:${platform},t${i},PROD)`,
    platform: { urn: `urn:li:dataPlatform:${platform}`, name: platform },
    domain: domain ? { domain: { urn: domain } } : null,
    tags: tag ? { tags: [{ tag: { urn: `urn:li:tag:${tag}` } }] } : { tags: [] },
    properties: layer ? { customProperties: [{ key: 'layer', value: layer }] } : null,
  };
}

describe('catalog summary', () => {
  it('takes the layer from the layer property, else a Bronze/Silver/Gold tag', () => {
    expect(layerOf(ds(1, 'hive', null, 'Silver'))).toBe('silver');
    expect(layerOf(ds(1, 'hive', null, undefined, 'Gold'))).toBe('gold');
    expect(layerOf(ds(1, 'hive', null, 'bronze', 'Gold'))).toBe('bronze');
    expect(layerOf(ds(1, 'hive', null, undefined, 'PII'))).toBeNull();
  });

  it('counts by platform, domain and layer, largest first, with null for none', () => {
    const s = summarizeDatasets([
      ds(1, 'snowflake', 'urn:li:domain:sales', 'gold'),
      ds(2, 'snowflake', 'urn:li:domain:sales', undefined, 'Silver'),
      ds(3, 'kafka', null),
    ]);
    expect(s).toEqual({
      datasets: 3,
      byPlatform: [
        { key: 'urn:li:dataPlatform:snowflake', name: 'snowflake', count: 2 },
        { key: 'urn:li:dataPlatform:kafka', name: 'kafka', count: 1 },
      ],
      byDomain: [
        { key: 'urn:li:domain:sales', name: 'sales', count: 2 },
        { key: null, name: null, count: 1 },
      ],
      byLayer: [
        { key: 'gold', name: 'gold', count: 1 },
        { key: 'silver', name: 'silver', count: 1 },
        { key: null, name: null, count: 1 },
      ],
    });
    // With the names the hub has, those are shown instead.
    const named = summarizeDatasets(
      [ds(1, 'snowflake', 'urn:li:domain:sales'), ds(2, 'kafka', null)],
      new Map([
        ['urn:li:domain:sales', 'Sales & Marketing'],
        ['urn:li:dataPlatform:snowflake', 'Snowflake'],
      ]),
    );
    expect(named.byDomain[0]).toEqual({ key: 'urn:li:domain:sales', name: 'Sales & Marketing', count: 1 });
    expect(named.byPlatform.map((p) => p.name)).toEqual(['kafka', 'Snowflake']);
  });

  it('reads every page of the hub scroll', async () => {
    const pages: HubScrollPage[] = [
      { nextScrollId: 'a', total: 3, datasets: [ds(1, 'hive', null), ds(2, 'hive', null)] },
      { nextScrollId: null, total: 3, datasets: [ds(3, 'hive', null)] },
    ];
    const seen: (string | null | undefined)[] = [];
    const hub = {
      scrollDatasets: (request: { scrollId?: string | null }) => {
        seen.push(request.scrollId);
        return Promise.resolve(pages[seen.length - 1]!);
      },
      getEntities: () => Promise.resolve(new Map()),
    } as unknown as HubPort;
    expect((await catalogSummary(hub)).datasets).toBe(3);
    expect(seen).toEqual([null, 'a']);
  });
});

/** DataHub's showcase datapack, whose domains' urns are ids (`urn:li:domain:b2fd91.<uuid>`) and names differ. */
describe('catalog summary over the showcase datapack, on both hub adapters', () => {
  const SHOWCASE = fileURLToPath(new URL('../../../../shared/datahub/showcase-ecommerce/', import.meta.url));
  let store: Store;
  let gms: FastifyInstance;
  let embedded: HubPort;
  let overGms: HubPort;
  /** The name of each domain, as the pack writes it in its domainProperties. */
  const domainNames = new Map<string, string>();

  beforeAll(async () => {
    store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
    for (const file of ['01-definitions.json', '02-data.json', '03-context.json']) {
      const doc = await readMetadataFile(`${SHOWCASE}${file}`);
      const proposals = doc.proposals.map((p) => p.proposal);
      await hub.ingest(proposals);
      for (const p of proposals) {
        const name = (p.aspect as { name?: unknown } | undefined)?.name;
        if (p.aspectName === 'domainProperties' && typeof name === 'string')
          domainNames.set(p.entityUrn, name);
      }
    }
    embedded = createEmbeddedHubPort(hub, store);
    gms = Fastify();
    await gms.register((app) => registerHubGraphqlRoute(app, { hub, store, authorize: allowEveryAccess }), {
      prefix: '/gms',
    });
    overGms = createGmsHubPort({ url: `${await gms.listen({ host: '127.0.0.1', port: 0 })}/gms` });
  }, 180_000);
  afterAll(async () => {
    await gms?.close();
    await store?.close();
  });

  it('names each domain by its name, not its urn id, on both adapters', async () => {
    const summary = await catalogSummary(embedded);
    expect(await catalogSummary(overGms)).toEqual(summary);
    const domains = summary.byDomain.filter((d) => d.key !== null);
    expect(domains.length).toBeGreaterThan(1);
    for (const d of domains) {
      expect(d.name).toBe(domainNames.get(d.key!));
      expect(d.key).toContain(':b2fd91.');
      expect(d.name).not.toContain('b2fd91');
    }
    expect(domains.map((d) => d.name)).toContain('Data Platform Team');
    // The pack has no dataPlatformInfo (GMS writes DataHub's own at start, the hub does not): the name, then.
    const snowflake = summary.byPlatform.find((p) => p.key === 'urn:li:dataPlatform:snowflake');
    expect(snowflake?.name).toBe('snowflake');
  });
});
