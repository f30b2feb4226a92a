import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lruCaches, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { Embedder } from '../ports/embedder.js';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { createEmbeddedHubPort } from '../adapters/hub/embedded-hub-port.js';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { MiniLmEmbedder } from '../adapters/search/minilm-embedder.js';
import { OpenAiEmbedder } from '../adapters/search/openai-embedder.js';
import { CatalogNeighbours } from '../adapters/search/catalog-neighbours.js';
import { PgSearchDocuments } from '../adapters/search/pg-documents.js';
import { ArrayVectorIndex } from '../adapters/search/array-vector-index.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { InvalidInputError } from '../shared/errors.js';
import { labelWeight, searchCatalog } from './nl-search.js';
import { nameOf } from './exact-names.js';
import { operatorsOf, understand } from './search-filters.js';
import { SearchMemo } from './search-memo.js';
import { DatasetSearchIndexer } from '../shared/dataset-search-index.js';
import { sqlContext } from './sql-context.js';

/**
 * NL search over a small catalog written into the embedded hub as DataHub proposals, with the real MiniLM
 * embedder: the index follows the hub's change events, as in the product.
 */

const ds = (platform: string, name: string) =>
  `urn:li:dataset:(urn:li:dataPlatform:${platform},${name},PROD)`;
const CUSTOMERS_SRC = ds('mysql', 'shop.customers');
const CUSTOMERS = ds('snowflake', 'dw.silver.customers');
const ORDERS = ds('snowflake', 'dw.silver.orders');
const REVENUE = ds('snowflake', 'dw.gold.daily_revenue_by_store');
const CAMPAIGNS = ds('snowflake', 'dw.gold.campaign_audience');
const EVENTS = ds('kafka', 'clickstream.page_views');
const DASHBOARD = 'urn:li:dashboard:(looker,marketing_performance)';
const CHART = 'urn:li:chart:(looker,audience_reach)';
const MARKETING = 'urn:li:corpGroup:marketing';

function mcp(entityUrn: string, aspectName: string, aspect: unknown): MetadataChangeProposal {
  const entityType = entityUrn.split(':')[2]!;
  return { entityType, entityUrn, changeType: 'UPSERT', aspectName, aspect };
}

function dataset(
  urn: string,
  description: string,
  fields: [string, string, string?][],
  extra: { tags?: string[]; layer?: string; curated?: boolean; keys?: string[] } = {},
): MetadataChangeProposal[] {
  const name = urn.split(',')[1]!;
  return [
    mcp(urn, 'datasetProperties', {
      name: name.split('.').pop(),
      qualifiedName: name,
      description,
      customProperties: {
        ...(extra.layer && { layer: extra.layer }),
        ...(extra.curated !== undefined && { curated: String(extra.curated) }),
      },
    }),
    mcp(urn, 'schemaMetadata', {
      schemaName: name,
      platform: urn.split(',')[0]!.split('(')[1],
      version: 0,
      hash: '',
      platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
      fields: fields.map(([fieldPath, type, fieldDescription]) => ({
        fieldPath,
        nativeDataType: type,
        type: { type: { 'com.linkedin.schema.StringType': {} } },
        ...(fieldDescription && { description: fieldDescription }),
      })),
      primaryKeys: extra.keys ?? [],
    }),
    ...(extra.tags
      ? [mcp(urn, 'globalTags', { tags: extra.tags.map((t) => ({ tag: `urn:li:tag:${t}` })) })]
      : []),
  ];
}

const CUSTOMER_FIELDS: [string, string, string?][] = [
  ['customer_id', 'bigint', 'Customer key'],
  ['email', 'varchar', 'Email address of the customer'],
  ['full_name', 'varchar'],
  ['signup_date', 'date'],
];

function catalog(): MetadataChangeProposal[] {
  return [
    mcp('urn:li:tag:PII', 'tagProperties', { name: 'PII', description: 'Personal data' }),
    mcp(MARKETING, 'corpGroupInfo', { displayName: 'Marketing', admins: [], members: [], groups: [] }),
    ...dataset(
      CUSTOMERS_SRC,
      'Customers of the web shop, as the shop database holds them.',
      CUSTOMER_FIELDS,
      {
        tags: ['PII'],
        layer: 'source',
        keys: ['customer_id'],
      },
    ),
    ...dataset(CUSTOMERS, 'Cleaned customers, one row per customer.', CUSTOMER_FIELDS, {
      tags: ['PII'],
      layer: 'silver',
      curated: true,
      keys: ['customer_id'],
    }),
    ...dataset(
      ORDERS,
      'Orders placed in the web shop.',
      [
        ['order_id', 'bigint'],
        ['customer_id', 'bigint'],
        ['order_total', 'decimal', 'Order amount in USD'],
        ['status', 'varchar'],
      ],
      { layer: 'silver', keys: ['order_id'] },
    ),
    ...dataset(
      REVENUE,
      'Net revenue per store and day.',
      [
        ['sale_date', 'date'],
        ['store_id', 'bigint'],
        ['net_revenue', 'decimal'],
      ],
      { layer: 'gold' },
    ),
    ...dataset(
      CAMPAIGNS,
      'Customers targeted by each marketing campaign, with their email and consent.',
      [
        ['campaign_id', 'bigint'],
        ['customer_id', 'bigint'],
        ['email', 'varchar'],
        ['consent', 'boolean'],
      ],
      { tags: ['PII'], layer: 'gold' },
    ),
    ...dataset(EVENTS, 'Page views from the web shop.', [
      ['session_id', 'varchar'],
      ['url', 'varchar'],
      ['viewed_at', 'timestamp'],
    ]),
    mcp(CHART, 'chartInfo', {
      title: 'Audience reach',
      description: '',
      lastModified: {
        created: { time: 0, actor: 'urn:li:corpuser:x' },
        lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
      },
      inputs: [{ string: CAMPAIGNS }],
    }),
    mcp(CHART, 'ownership', {
      owners: [{ owner: MARKETING, type: 'BUSINESS_OWNER' }],
      lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
    }),
    mcp(DASHBOARD, 'dashboardInfo', {
      title: 'Marketing Performance',
      description: '',
      charts: [CHART],
      lastModified: {
        created: { time: 0, actor: 'urn:li:corpuser:x' },
        lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
      },
    }),
    mcp(DASHBOARD, 'ownership', {
      owners: [{ owner: MARKETING, type: 'BUSINESS_OWNER' }],
      lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
    }),
  ];
}

/** Writes documents of a name and columns only, shaped like `like`'s (straight to the search documents). */
async function namedLike(documents: PgSearchDocuments, like: string) {
  const base = (await documents.get([like])).get(like)!;
  return (urn: string, name: string, fields: string) => ({
    dataset: { ...base, urn, name },
    contentHash: `${urn}-v1`,
    embedHash: null,
    consumers: [],
    text: { name, fields, descriptions: '', context: '' },
  });
}

const embedder = new MiniLmEmbedder({ threads: 1 });
afterAll(() => embedder.close());

describe.each(storeKinds())('natural-language search on $name', (kind) => {
  let test: TestStore;
  let hub: EmbeddedHub;
  let indexer: DatasetSearchIndexer;
  let deps: { documents: PgSearchDocuments; embedder: MiniLmEmbedder; vectors: ArrayVectorIndex };

  beforeAll(async () => {
    test = await kind.open();
    const events = new InProcessEventBus();
    hub = new EmbeddedHub({ store: test.store, events, indexer: new HubSearchIndexer() });
    const port = createEmbeddedHubPort(hub, test.store);
    // The real[] index runs on both stores (PGlite's pgvector is covered by the vector-index contract).
    deps = {
      documents: new PgSearchDocuments(test.store),
      embedder,
      vectors: new ArrayVectorIndex(test.store, 384, embedder.model),
    };
    indexer = new DatasetSearchIndexer({ hub: port, ...deps });
    events.subscribe((e) => {
      if (!e.timeseries) indexer.notify(e.entityUrn);
    });
    const result = await hub.ingest(catalog());
    expect(result.failed).toBe(0);
    await indexer.flush();
  }, 120_000);
  afterAll(() => test.dispose());

  it('finds the table that has customer email addresses, with the matching field as evidence', async () => {
    const r = await searchCatalog(deps, { query: 'which table has customer email addresses', limit: 5 });
    expect(r.warnings).toEqual([]);
    const top = r.hits[0]!;
    expect([CUSTOMERS, CUSTOMERS_SRC, CAMPAIGNS]).toContain(top.dataset.urn);
    expect(top.evidence).toContainEqual(expect.objectContaining({ kind: 'field', target: 'email' }));
    expect(r.hits.map((h) => h.dataset.urn)).not.toContain(EVENTS);
  });

  it('understands "PII" and "used by marketing" from the question: "used by" filters, "PII" is evidence', async () => {
    const r = await searchCatalog(deps, { query: 'find PII tables used by marketing', limit: 10 });
    expect(r.understood.map((u) => [u.kind, u.explicit]).sort()).toEqual([
      ['tag', false],
      ['usedBy', true],
    ]);
    expect(r.hits.map((h) => h.dataset.urn)).toEqual([CAMPAIGNS]);
    expect(r.hits[0]!.dataset.dashboards.map((d) => d.name)).toEqual(['Marketing Performance']);
    expect(r.hits[0]!.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['tag', 'dashboard']));
  });

  it('answers with a memo as without one, keeping what it derived and the question’s embedding', async () => {
    const names: string[] = [];
    const caches: CacheFactory = (name, options) => {
      names.push(name);
      return lruCaches(name, options);
    };
    const memo = new SearchMemo(caches);
    expect(names).toHaveLength(5);
    let embedded = 0;
    const counting: Embedder = {
      model: embedder.model,
      dimensions: embedder.dimensions,
      embed: (texts, options) => {
        embedded++;
        return embedder.embed(texts, options);
      },
      close: () => Promise.resolve(),
    };
    const input = { query: 'find PII tables used by marketing', limit: 10 };
    const plain = await searchCatalog({ ...deps, embedder: counting }, input);
    expect(embedded).toBe(1);
    for (let i = 0; i < 2; i++)
      expect(await searchCatalog({ ...deps, embedder: counting, memo }, input)).toEqual(plain);
    expect(embedded).toBe(2);
    expect(memo.labelIndexes.size).toBe(1);
    expect(memo.walkFilters.size).toBe(1);
    expect(memo.datasetWords.size).toBeGreaterThan(0);
    expect(memo.questionVectors.size).toBe(1);
  });

  it('names the curated source among copies of one table on several platforms', async () => {
    const r = await searchCatalog(deps, { query: 'customers', limit: 5 });
    const src = r.hits.find((h) => h.dataset.urn === CUSTOMERS_SRC)!;
    expect(src.copies.map((c) => c.urn)).toEqual([CUSTOMERS]);
    expect(src.curatedSource).toBe(CUSTOMERS);
    expect(r.hits.findIndex((h) => h.dataset.urn === CUSTOMERS)).toBeLessThan(
      r.hits.findIndex((h) => h.dataset.urn === CUSTOMERS_SRC),
    );
  });

  it('tells copies apart from the mirror as from the stored documents, and sees a copy change', async () => {
    await deps.documents.prepare();
    type Brief = { platformName: string; upstreams: string[]; downstreams: string[]; columns: string[] };
    const read = async (copyKey: string) =>
      (
        await test.store.query<{
          urn: string;
          platform: string;
          layer: string | null;
          curated: boolean;
          deprecated: boolean;
          documentation: number;
          usage: number;
          brief: Brief | string;
        }>(
          sql`select urn, platform, layer, curated, deprecated, documentation, usage, brief
            from spoke_da.dataset_doc where copy_key = ${copyKey} order by urn`,
        )
      ).map((r) => {
        const brief = typeof r.brief === 'string' ? (JSON.parse(r.brief) as Brief) : r.brief;
        return {
          urn: r.urn,
          copyKey,
          platform: { urn: r.platform, name: brief.platformName },
          layer: r.layer,
          curated: r.curated,
          deprecated: r.deprecated,
          documentation: Number(r.documentation),
          usage: Number(r.usage),
          upstreams: brief.upstreams,
          downstreams: brief.downstreams,
          columns: brief.columns,
        };
      });
    const stored = await read('customers');
    expect(stored.map((c) => c.urn)).toEqual([CUSTOMERS_SRC, CUSTOMERS].sort());
    expect((await deps.documents.copies(['customers'])).get('customers')).toEqual(stored);
    // Another process's writer makes the source the curated copy; the mirror follows it.
    const source = (await deps.documents.get([CUSTOMERS_SRC])).get(CUSTOMERS_SRC)!;
    const [hashes] = [...(await deps.documents.hashes([CUSTOMERS_SRC])).values()];
    const other = new PgSearchDocuments(test.store, { docCache: 0 });
    await other.upsert(
      [
        {
          dataset: { ...source, curated: true, layer: 'gold' },
          contentHash: `${hashes!.contentHash}-curated`,
          embedHash: hashes!.embedHash,
          consumers: [],
          text: { name: 'customers', fields: '', descriptions: '', context: '' },
        },
      ],
      [],
    );
    const changed = await read('customers');
    expect(changed.find((c) => c.urn === CUSTOMERS_SRC)).toMatchObject({ curated: true, layer: 'gold' });
    await vi.waitFor(
      async () => expect((await deps.documents.copies(['customers'])).get('customers')).toEqual(changed),
      { timeout: 10_000, interval: 250 },
    );
    // Put it back for the other tests; this adapter's own write reaches its mirror at once.
    await indexer.indexUrns([CUSTOMERS_SRC]);
    expect((await deps.documents.copies(['customers'])).get('customers')).toEqual(stored);
  });

  it('serves a document changed by another process soon after, not the copy it keeps in memory', async () => {
    // Prepared, the adapter keeps every document of this small catalog parsed and reads none of them again.
    await deps.documents.prepare();
    const before = (await deps.documents.get([ORDERS])).get(ORDERS)!;
    // Another process's index writer (its own adapter on the same store) changes the document.
    const other = new PgSearchDocuments(test.store, { docCache: 0 });
    const [stored] = [...(await other.hashes([ORDERS])).values()];
    const changed = { ...before, description: 'Orders placed in the web shop, changed elsewhere.' };
    await other.upsert(
      [
        {
          dataset: changed,
          contentHash: `${stored!.contentHash}-changed`,
          embedHash: stored!.embedHash,
          consumers: [],
          text: { name: 'orders', fields: '', descriptions: changed.description, context: '' },
        },
      ],
      [],
    );
    // The mirror of the stored documents looks for other writers' changes every couple of seconds.
    await vi.waitFor(
      async () =>
        expect((await deps.documents.get([ORDERS, ORDERS])).get(ORDERS)!.description).toBe(
          changed.description,
        ),
      { timeout: 10_000, interval: 250 },
    );
    // Put it back for the other tests.
    await indexer.indexUrns([ORDERS]);
    expect((await deps.documents.get([ORDERS])).get(ORDERS)!.description).toBe(before.description);
  });

  it('full text finds what this adapter writes at once, and what another writer stores or removes soon after', async () => {
    const base = (await deps.documents.get([ORDERS])).get(ORDERS)!;
    const doc = (urn: string, name: string) => ({
      dataset: { ...base, urn, name },
      contentHash: `${urn}-v1`,
      embedHash: null,
      consumers: [],
      text: { name, fields: '', descriptions: 'Quarterly zeppelin maintenance schedule', context: '' },
    });
    const mine = ds('test', 'fulltext.mine');
    const theirs = ds('test', 'fulltext.theirs');
    // Loads the lexical index, so what follows is an update of it, not its first load.
    expect(await deps.documents.lexical('zeppelin', 10)).toEqual([]);
    await deps.documents.upsert([doc(mine, 'mine')], []);
    expect((await deps.documents.lexical('zeppelin maintenance', 10)).map((h) => h.urn)).toEqual([mine]);

    const other = new PgSearchDocuments(test.store);
    await other.upsert([doc(theirs, 'theirs')], []);
    await vi.waitFor(
      async () =>
        expect((await deps.documents.lexical('zeppelin', 10)).map((h) => h.urn).sort()).toEqual(
          [mine, theirs].sort(),
        ),
      { timeout: 10_000, interval: 250 },
    );
    await other.remove([theirs, mine]);
    await vi.waitFor(async () => expect(await deps.documents.lexical('zeppelin', 10)).toEqual([]), {
      timeout: 10_000,
      interval: 250,
    });
  });

  it('ranks the table holding what a question computes over above one named for the computation', async () => {
    const doc = await namedLike(deps.documents, ORDERS);
    const metric = ds('test', 'metrics.average_basket_value');
    const parcels = ds('test', 'logistics.parcels');
    await deps.documents.upsert(
      [
        doc(metric, 'average_basket_value average basket value', 'report_date report date aov'),
        doc(parcels, 'parcels', 'parcel_id parcel id weight_kg weight kg'),
      ],
      [],
    );
    try {
      // "average" says what to compute; the weight is what the question is about.
      expect((await deps.documents.lexical('the average weight', 10)).map((h) => h.urn).slice(0, 2)).toEqual([
        parcels,
        metric,
      ]);
      // Named by the rest of the question, the metric's table still comes first.
      expect((await deps.documents.lexical('average basket value', 10))[0]?.urn).toBe(metric);
    } finally {
      await deps.documents.remove([metric, parcels]);
    }
  });

  it("finds a table by the synonyms of a question's words, below one named by the words themselves", async () => {
    const doc = await namedLike(deps.documents, ORDERS);
    const clients = ds('test', 'crm.clients');
    const buyers = ds('test', 'crm.buyers');
    await deps.documents.upsert(
      [
        doc(clients, 'clients', 'client_id client id zip_code zip code'),
        doc(buyers, 'buyers', 'buyer_id buyer id'),
      ],
      [],
    );
    try {
      // No table says "postcode": WordNet's "zip code" finds the clients' zip_code column.
      const hits = (await deps.documents.lexical('postcode of our clients', 10)).map((h) => h.urn);
      expect(hits[0]).toBe(clients);
      // "purchasers" is not in the catalog: its synonym "buyer" names a table, its broader "client" another.
      expect((await deps.documents.lexical('purchasers', 10)).map((h) => h.urn)).toEqual([buyers, clients]);
      // The words a question uses lead: "buyers" ranks the buyers table above the customers tables.
      expect((await deps.documents.lexical('buyers', 10))[0]?.urn).toBe(buyers);
      // Without expansion, nothing in the catalog says "purchasers".
      const plain = new PgSearchDocuments(test.store, { related: null });
      expect(await plain.lexical('purchasers', 10)).toEqual([]);
    } finally {
      await deps.documents.remove([clients, buyers]);
    }
  });

  it("finds a table by the catalog's own words nearest the question's, by the sentence model", async () => {
    const doc = await namedLike(deps.documents, ORDERS);
    const coupons = ds('test', 'shop.coupons');
    const depots = ds('test', 'erp.warehouses');
    await deps.documents.upsert(
      [
        doc(coupons, 'coupons', 'coupon_code coupon code discount_pct discount pct'),
        doc(depots, 'warehouses', 'warehouse_id warehouse id capacity_units capacity units'),
      ],
      [],
    );
    const withNeighbours = new PgSearchDocuments(test.store, {
      related: null,
      neighbours: new CatalogNeighbours(embedder),
    });
    try {
      await withNeighbours.prepare();
      // Neither WordNet nor the catalog knows "vouchers" as coupons; the model puts the words together.
      expect((await withNeighbours.lexical('vouchers redeemed', 10))[0]?.urn).toBe(coupons);
      expect((await withNeighbours.lexical('depot capacity', 10))[0]?.urn).toBe(depots);
      // Without it, nothing in the catalog says "vouchers".
      const plain = new PgSearchDocuments(test.store, { related: null });
      expect(await plain.lexical('vouchers', 10)).toEqual([]);
    } finally {
      await deps.documents.remove([coupons, depots]);
    }
  });

  it('walks lineage upstream of what consumers read, naming the dataset they read', async () => {
    expect(await deps.documents.upstreamClosure([CAMPAIGNS], 8, 100)).toEqual([]);
    const base = (await deps.documents.get([ORDERS])).get(ORDERS)!;
    const [mart, model, raw] = ['mart', 'model', 'raw'].map((n) => ds('test', `lineage.${n}`));
    const doc = (urn: string, name: string, upstreams: string[]) => ({
      dataset: { ...base, urn, name, upstreams: upstreams.map((u) => ({ urn: u, name: u })) },
      contentHash: urn,
      embedHash: null,
      consumers: [],
      text: { name, fields: '', descriptions: '', context: '' },
    });
    await deps.documents.upsert(
      [doc(mart!, 'mart', [model!]), doc(model!, 'model', [raw!, mart!]), doc(raw!, 'raw', [])],
      [],
    );
    try {
      expect(await deps.documents.upstreamClosure([mart!], 8, 100)).toEqual([
        { urn: model, via: 'mart' },
        { urn: raw, via: 'mart' },
      ]);
      expect(await deps.documents.upstreamClosure([mart!], 1, 100)).toEqual([{ urn: model, via: 'mart' }]);
      // A kept walk is not answered again once an upstream changes.
      await deps.documents.upsert([{ ...doc(model!, 'model', []), contentHash: `${model}-v2` }], []);
      expect(await deps.documents.upstreamClosure([mart!], 8, 100)).toEqual([{ urn: model, via: 'mart' }]);
    } finally {
      await deps.documents.remove([mart!, model!, raw!]);
    }
  });

  it('ranks by meaning when no word matches (dense retrieval)', async () => {
    const r = await searchCatalog(deps, { query: 'how much money did each shop make per day', limit: 3 });
    expect(r.hits[0]!.dataset.urn).toBe(REVENUE);
  });

  it('follows hub changes: re-embeds only changed text, and deleted datasets leave the results', async () => {
    const hashes = await deps.documents.hashes([ORDERS]);
    await hub.ingest([
      mcp(ORDERS, 'ownership', {
        owners: [{ owner: MARKETING, type: 'DATAOWNER' }],
        lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
      }),
    ]);
    await indexer.flush();
    const after = await deps.documents.hashes([ORDERS]);
    expect(after.get(ORDERS)!.contentHash).not.toBe(hashes.get(ORDERS)!.contentHash);
    expect(after.get(ORDERS)!.embedHash).toBe(hashes.get(ORDERS)!.embedHash);

    await hub.ingest([mcp(EVENTS, 'status', { removed: true })]);
    await indexer.flush();
    const r = await searchCatalog(deps, { query: 'page views', limit: 10 });
    expect(r.hits.map((h) => h.dataset.urn)).not.toContain(EVENTS);
    expect(await deps.vectors.count()).toBe(5);
  });

  it('answers lexically with a warning when the embedder fails', async () => {
    const broken = new OpenAiEmbedder({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'x',
      dimensions: 384,
      timeoutMs: 2000,
    });
    const r = await searchCatalog({ ...deps, embedder: broken }, { query: 'customer email', limit: 5 });
    expect(r.warnings[0]).toMatch(/semantic search unavailable.*lexical results only/);
    expect(r.hits.length).toBeGreaterThan(0);
  });

  it.each([
    ['a blank query', { query: '   ' }, 'INVALID_QUERY'],
    ['a 10,000-character query', { query: 'x'.repeat(10_000) }, 'INVALID_QUERY'],
    ['limit 0', { query: 'orders', limit: 0 }, 'INVALID_LIMIT'],
    ['limit 101', { query: 'orders', limit: 101 }, 'INVALID_LIMIT'],
    ['a negative offset', { query: 'orders', offset: -1 }, 'INVALID_OFFSET'],
    ['an unknown tag', { query: 'orders', filters: { tags: ['NoSuchTag'] } }, 'UNKNOWN_FILTER_VALUE'],
    ['an unknown layer', { query: 'orders', filters: { layers: ['platinum'] } }, 'UNKNOWN_FILTER_VALUE'],
  ])('refuses %s', async (_label, input, code) => {
    await expect(searchCatalog(deps, input)).rejects.toMatchObject({ code });
    await expect(searchCatalog(deps, input)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('takes a label the question only mentions as evidence: it ranks first, and nothing else is removed', async () => {
    const r = await searchCatalog(deps, { query: 'customer email pii', limit: 10 });
    expect(r.understood).toEqual([expect.objectContaining({ kind: 'tag', phrase: 'pii', explicit: false })]);
    const urns = r.hits.map((h) => h.dataset.urn);
    // Datasets without the tag are still answered, below those that carry it.
    expect(urns).toContain(ORDERS);
    expect(urns.indexOf(CUSTOMERS)).toBeLessThan(urns.indexOf(ORDERS));
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['a phrase that names the kind', 'customer tables tagged PII'],
    ['an operator', 'customer tables tag:PII'],
    ['a quoted operator', 'customer tables tag:"pii"'],
  ])('filters by a label the question asks for with %s', async (_label, query) => {
    const r = await searchCatalog(deps, { query, limit: 10 });
    expect(r.understood).toEqual([expect.objectContaining({ kind: 'tag', explicit: true })]);
    expect(new Set(r.hits.map((h) => h.dataset.urn))).toEqual(new Set([CUSTOMERS, CUSTOMERS_SRC, CAMPAIGNS]));
  });

  it('answers only the label’s datasets for a question that is all operators', async () => {
    const r = await searchCatalog(deps, { query: 'tag:PII', limit: 10 });
    expect(new Set(r.hits.map((h) => h.dataset.urn))).toEqual(new Set([CUSTOMERS, CUSTOMERS_SRC, CAMPAIGNS]));
  });

  it('says so when an explicit filter names nothing in the catalog, or the filters together match nothing', async () => {
    const unknown = await searchCatalog(deps, { query: 'customers tag:NoSuchTag', limit: 10 });
    expect(unknown.hits).toEqual([]);
    expect(unknown.total).toBe(0);
    expect(unknown.warnings).toEqual([expect.stringMatching(/tag:NoSuchTag: no tag of that name/)]);

    const none = await searchCatalog(deps, { query: 'customers tagged PII on kafka', limit: 10 });
    expect(none.understood.map((u) => [u.kind, u.explicit]).sort()).toEqual([
      ['platform', true],
      ['tag', true],
    ]);
    expect(none.hits).toEqual([]);
    expect(none.warnings).toEqual([
      expect.stringMatching(/^no dataset matches (?=.*tag "pii")(?=.*platform "kafka")/),
    ]);

    const given = await searchCatalog(deps, {
      query: 'page views',
      filters: { tags: ['PII'], platforms: ['kafka'] },
    });
    expect(given.hits).toEqual([]);
    expect(given.warnings).toEqual([
      expect.stringMatching(/no dataset matches filters.tags PII, filters.platforms kafka/),
    ]);
  });

  it.each([
    ['a table name', 'orders', ORDERS],
    ['a qualified name', 'silver.customers', CUSTOMERS],
    ['a table and column', 'orders.order_total', ORDERS],
    ['a urn', CAMPAIGNS, CAMPAIGNS],
  ])('finds the exact table first for %s', async (_label, query, urn) => {
    const r = await searchCatalog(deps, { query, limit: 5 });
    expect(r.hits[0]!.dataset.urn).toBe(urn);
    expect(r.hits[0]!.evidence[0]).toEqual(
      expect.objectContaining({ kind: 'name', matched: `exact name: ${query}` }),
    );
    // Only what the name names is marked exact (the mysql customers table is another schema's).
    expect(r.hits.slice(1).filter((h) => h.evidence.some((e) => e.matched.startsWith('exact name')))).toEqual(
      [],
    );
  });

  it('finds a bare table (no description, domain, tags or terms) by its name and columns', async () => {
    const bare = ds('postgres', 'erp.public.stock_levels');
    await hub.ingest([
      mcp(bare, 'schemaMetadata', {
        schemaName: 'stock_levels',
        platform: 'urn:li:dataPlatform:postgres',
        version: 0,
        hash: '',
        platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
        fields: ['warehouse_id', 'product_id', 'quantity_on_hand', 'reorder_level'].map((fieldPath) => ({
          fieldPath,
          nativeDataType: 'int',
          type: { type: { 'com.linkedin.schema.NumberType': {} } },
        })),
      }),
    ]);
    await indexer.flush();
    try {
      const r = await searchCatalog(deps, { query: 'stock quantity on hand per warehouse', limit: 3 });
      expect(r.hits[0]!.dataset.urn).toBe(bare);
      expect(r.warnings).toEqual([]);
    } finally {
      await hub.ingest([mcp(bare, 'status', { removed: true })]);
      await indexer.flush();
    }
  });

  it('leaves out every deprecated match with includeDeprecated: false, and fills every page with current ones', async () => {
    // 130 deprecated ledgers named for the question outrank 25 current postings, only described as ledgers:
    // more deprecated matches than any retriever's depth. (Not "journals": WordNet's broader word for a ledger.)
    const old = Array.from({ length: 130 }, (_, i) => ds('postgres', `erp.public.ledger_${i}`));
    const current = Array.from({ length: 25 }, (_, i) => ds('postgres', `erp.public.posting_${i}`));
    const proposals = [
      ...old.flatMap((urn) => [
        ...dataset(urn, 'Retired.', [['entry_id', 'bigint']]),
        mcp(urn, 'deprecation', { deprecated: true, note: 'retired', actor: 'urn:li:corpuser:x' }),
      ]),
      ...current.flatMap((urn) =>
        dataset(urn, 'The general ledger, one row per entry.', [['entry_id', 'bigint']]),
      ),
    ];
    await hub.ingest(proposals);
    await indexer.flush();
    try {
      const all = await searchCatalog(deps, { query: 'ledger', limit: 10 });
      expect(all.hits.every((h) => h.dataset.deprecation)).toBe(true);
      // Lexically only the postings match: three pages of 10, 10 and 5, all of them, none deprecated.
      const page = (offset: number, method: 'lexical' | 'hybrid') =>
        searchCatalog(deps, {
          query: 'ledger',
          offset,
          limit: 10,
          method,
          filters: { includeDeprecated: false },
        });
      const lexical = await Promise.all([0, 10, 20].map((offset) => page(offset, 'lexical')));
      expect(lexical.map((p) => p.hits.length)).toEqual([10, 10, 5]);
      expect(lexical.map((p) => p.total)).toEqual([25, 25, 25]);
      expect(new Set(lexical.flatMap((p) => p.hits.map((h) => h.dataset.urn)))).toEqual(new Set(current));
      // Hybrid adds semantic neighbours from the rest of the catalog: full pages, the postings first.
      const hybrid = await Promise.all([0, 10, 20].map((offset) => page(offset, 'hybrid')));
      expect(hybrid.map((p) => p.hits.length)).toEqual([10, 10, 10]);
      const ranked = hybrid.flatMap((p) => p.hits);
      expect(new Set(ranked.slice(0, 25).map((h) => h.dataset.urn))).toEqual(new Set(current));
      expect(ranked.filter((h) => h.dataset.deprecation)).toEqual([]);
      // With the caller's own filter too, and when every match is deprecated: nothing, not a deprecated one.
      const onPostgres = await searchCatalog(deps, {
        query: 'ledger',
        limit: 30,
        filters: { includeDeprecated: false, platforms: ['postgres'] },
      });
      expect(
        onPostgres.hits
          .map((h) => h.dataset.urn)
          .slice(0, 25)
          .sort(),
      ).toEqual([...current].sort());
      expect(onPostgres.hits.filter((h) => h.dataset.deprecation)).toEqual([]);
      const retired = await searchCatalog(deps, {
        query: 'retired ledger_7',
        filters: { includeDeprecated: false },
      });
      expect(retired.hits.filter((h) => h.dataset.deprecation)).toEqual([]);
    } finally {
      await hub.ingest([...old, ...current].map((urn) => mcp(urn, 'status', { removed: true })));
      await indexer.flush();
    }
  }, 240_000);

  it('pages through many equal matches without skipping or repeating one, whatever the page size', async () => {
    // 150 tables described alike; every third is curated, which lifts it once the head is reranked. A page's
    // order must not depend on how deep the caller pages, or a table moves between pages and is never seen.
    const marmots = Array.from({ length: 150 }, (_, i) => ds('hive', `zoo.marmot_${i}`));
    await hub.ingest(
      marmots.flatMap((urn, i) =>
        dataset(urn, 'Sightings of alpine marmots by burrow and season.', [['burrow_id', 'bigint']], {
          curated: i % 3 === 0,
        }),
      ),
    );
    await indexer.flush();
    try {
      for (const method of ['lexical', 'hybrid'] as const)
        for (const limit of [100, 40]) {
          const seen: string[] = [];
          for (let offset = 0; offset < 150; offset += limit) {
            const page = await searchCatalog(deps, {
              query: 'alpine marmot sightings',
              offset,
              limit,
              method,
            });
            seen.push(...page.hits.map((h) => h.dataset.urn).filter((u) => u.includes('marmot_')));
          }
          expect(new Set(seen).size, `${method}, pages of ${limit}`).toBe(seen.length);
          expect(new Set(seen), `${method}, pages of ${limit}`).toEqual(new Set(marmots));
        }
    } finally {
      await hub.ingest(marmots.map((urn) => mcp(urn, 'status', { removed: true })));
      await indexer.flush();
    }
  }, 240_000);

  it('applies explicit filters by name', async () => {
    const r = await searchCatalog(deps, { query: 'customers', filters: { layers: ['gold'], tags: ['PII'] } });
    expect(r.hits.map((h) => h.dataset.urn)).toEqual([CAMPAIGNS]);
  });

  it('builds a text-to-SQL context with the tables, the join and the key, within the budget', async () => {
    const c = await sqlContext(deps, { question: 'total order amount per customer email', tokenBudget: 600 });
    const names = c.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['orders', 'customers']));
    expect(c.joins).toContainEqual(expect.objectContaining({ source: 'naming' }));
    expect(c.text).toContain('customer_id');
    expect(c.tokens).toBeLessThanOrEqual(600);
    await expect(sqlContext(deps, { question: 'x', tokenBudget: 10 })).rejects.toMatchObject({
      code: 'INVALID_TOKEN_BUDGET',
    });
  });
});

describe('labelWeight', () => {
  it('counts a label on one dataset fully, one on every dataset not at all, and a rarer one for more', () => {
    expect(labelWeight(1000, 1)).toBe(1);
    expect(labelWeight(1000, 1000)).toBe(0);
    expect(labelWeight(1000, 10)).toBeGreaterThan(labelWeight(1000, 500));
    // A label no indexed dataset carries (yet) counts as a rare one; a catalog of one dataset weighs nothing down.
    expect(labelWeight(1000, 0)).toBe(1);
    expect(labelWeight(1, 1)).toBe(1);
  });
});

describe('nameOf', () => {
  it('reads a name, a qualified name, a path or a urn, and not a question in words', () => {
    expect(nameOf('order_items')).toBe('order_items');
    expect(nameOf('Orders.Customer_ID')).toBe('orders.customer_id');
    expect(nameOf('bucket/order_entry/orders')).toBe('bucket.order_entry.orders');
    expect(nameOf(CAMPAIGNS)).toBe(CAMPAIGNS);
    expect(nameOf('which table has orders')).toBeNull();
    expect(nameOf('orders?')).toBeNull();
  });
});

describe('understand', () => {
  it('takes only whole labels, the longest first', () => {
    const labels = [
      { urn: 'urn:li:tag:PII', kind: 'tag' as const, label: 'PII' },
      { urn: 'urn:li:domain:customer', kind: 'domain' as const, label: 'Customer' },
      { urn: 'urn:li:domain:cx', kind: 'domain' as const, label: 'Customer Experience' },
    ];
    expect(
      understand('customer experience tables with pii', labels)
        .map((u) => u.values[0]!.urn)
        .sort(),
    ).toEqual(['urn:li:domain:cx', 'urn:li:tag:PII']);
    expect(understand('pipeline tables', labels)).toEqual([]);
  });

  it('marks a label explicit only when the question names its kind', () => {
    const labels = [
      { urn: 'urn:li:tag:PII', kind: 'tag' as const, label: 'PII' },
      { urn: 'urn:li:glossaryTerm:Order', kind: 'term' as const, label: 'Order' },
      { urn: 'urn:li:domain:marketing', kind: 'domain' as const, label: 'Marketing' },
      { urn: 'urn:li:dataPlatform:snowflake', kind: 'platform' as const, label: 'Snowflake' },
    ];
    const explicit = (q: string) => understand(q, labels).map((u) => [u.kind, u.explicit]);
    expect(explicit('singers in descending order of age')).toEqual([['term', false]]);
    expect(explicit('tables with the PII tag')).toEqual([['tag', true]]);
    expect(explicit('campaigns in the marketing domain')).toEqual([['domain', true]]);
    expect(explicit('marketing campaigns')).toEqual([['domain', false]]);
    expect(explicit('customers on snowflake')).toEqual([['platform', true]]);
    expect(explicit('snowflake customers')).toEqual([['platform', false]]);
  });

  it('points at the words to take out to drop a filter, with the words that made it explicit', () => {
    const labels = [
      { urn: 'urn:li:tag:PII', kind: 'tag' as const, label: 'PII' },
      { urn: 'urn:li:domain:marketing', kind: 'domain' as const, label: 'Marketing' },
      { urn: 'urn:li:dataPlatform:snowflake', kind: 'platform' as const, label: 'Snowflake' },
      { urn: 'urn:li:dashboard:(looker,rev)', kind: 'dashboard' as const, label: 'Revenue' },
      { urn: 'urn:li:domain:cd', kind: 'domain' as const, label: 'Customer Data' },
    ];
    const spans = (q: string) =>
      understand(q, labels).map((u) => {
        expect(q.slice(u.start, u.end)).toBe(u.matched);
        return [u.kind, u.matched];
      });
    expect(spans('customer tables tagged as PII, daily')).toEqual([['tag', 'tagged as PII']]);
    expect(spans('emails with the PII tag')).toEqual([['tag', 'with the PII tag']]);
    expect(spans('Campaigns in the  Marketing domain?')).toEqual([['domain', 'in the  Marketing domain']]);
    expect(spans('orders on Snowflake')).toEqual([['platform', 'on Snowflake']]);
    expect(spans('tables used by the Revenue dashboard, weekly')).toEqual([
      ['usedBy', 'used by the Revenue dashboard'],
    ]);
    // As typed, however the words are split: `Customer_Data`, `customerData`.
    expect(spans('orders in the Customer_Data domain')).toEqual([['domain', 'in the Customer_Data domain']]);
    expect(spans('customerData orders')).toEqual([['domain', 'customerData']]);
    // A mention is only its own words.
    expect(spans('marketing campaigns')).toEqual([['domain', 'marketing']]);
  });

  it('points at operators as typed, and reads the words around them where they were', () => {
    const labels = [
      { urn: 'urn:li:tag:PII', kind: 'tag' as const, label: 'PII' },
      { urn: 'urn:li:domain:marketing', kind: 'domain' as const, label: 'Marketing' },
    ];
    const q = 'orders  tag:PII in the marketing domain';
    const { text, masked, filters } = operatorsOf(q, labels);
    expect(text).toBe('orders in the marketing domain');
    expect(filters.map((f) => [f.matched, q.slice(f.start, f.end)])).toEqual([['tag:PII', 'tag:PII']]);
    const [domain] = understand(masked, labels);
    expect(q.slice(domain!.start, domain!.end)).toBe('in the marketing domain');
  });
});
