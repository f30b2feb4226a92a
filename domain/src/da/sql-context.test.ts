import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { type HubPort } from '../ports/hub-port.js';
import { createEmbeddedHubPort } from '../adapters/hub/embedded-hub-port.js';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { ArrayVectorIndex } from '../adapters/search/array-vector-index.js';
import { MiniLmEmbedder } from '../adapters/search/minilm-embedder.js';
import { PgSearchDocuments } from '../adapters/search/pg-documents.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { searchCatalog } from './nl-search.js';
import { DatasetSearchIndexer } from '../shared/dataset-search-index.js';
import { isContainerVector } from '../shared/search-document.js';
import { sqlContext } from './sql-context.js';

/**
 * Text-to-SQL context over two small databases (containers) in the embedded hub: the context stays in the
 * question's database and offers it whole, joins by key naming, value hints of categorical columns from the
 * latest profile, and recent failing validation runs as caveats.
 */

const ds = (db: string, table: string) => `urn:li:dataset:(urn:li:dataPlatform:postgres,${db}.${table},PROD)`;
const SHOP = 'urn:li:container:shop';
const HR = 'urn:li:container:hr';
const ORDERS = ds('shop', 'orders');
const CUSTOMERS = ds('shop', 'customers');
const PRODUCTS = ds('shop', 'products');
const EMPLOYEES = ds('hr', 'employees');
const DEPARTMENTS = ds('hr', 'departments');
const NOW = Date.parse('2026-11-20T12:00:00Z');

function mcp(entityUrn: string, aspectName: string, aspect: unknown): MetadataChangeProposal {
  return { entityType: entityUrn.split(':')[2]!, entityUrn, changeType: 'UPSERT', aspectName, aspect };
}

function table(urn: string, container: string, fields: [string, string][], keys: string[]) {
  const name = urn.split(',')[1]!;
  return [
    mcp(urn, 'datasetProperties', { name: name.split('.')[1], qualifiedName: name, customProperties: {} }),
    mcp(urn, 'container', { container }),
    mcp(urn, 'schemaMetadata', {
      schemaName: name,
      platform: 'urn:li:dataPlatform:postgres',
      version: 0,
      hash: '',
      platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
      fields: fields.map(([fieldPath, type]) => ({
        fieldPath,
        nativeDataType: type,
        type: { type: { 'com.linkedin.schema.StringType': {} } },
      })),
      primaryKeys: keys,
    }),
  ];
}

function catalog(): MetadataChangeProposal[] {
  return [
    mcp(SHOP, 'containerProperties', { name: 'shop', customProperties: {} }),
    mcp(HR, 'containerProperties', { name: 'hr', customProperties: {} }),
    ...table(
      ORDERS,
      SHOP,
      [
        ['order_id', 'bigint'],
        ['customer_id', 'bigint'],
        ['status', 'varchar'],
        ['order_total', 'decimal'],
      ],
      ['order_id'],
    ),
    ...table(
      CUSTOMERS,
      SHOP,
      [
        ['customer_id', 'bigint'],
        ['email', 'varchar'],
        ['country', 'varchar'],
      ],
      ['customer_id'],
    ),
    ...table(
      PRODUCTS,
      SHOP,
      [
        ['product_id', 'bigint'],
        ['title', 'varchar'],
      ],
      ['product_id'],
    ),
    ...table(
      EMPLOYEES,
      HR,
      [
        ['employee_id', 'bigint'],
        ['department_id', 'bigint'],
        ['salary', 'decimal'],
      ],
      ['employee_id'],
    ),
    ...table(
      DEPARTMENTS,
      HR,
      [
        ['department_id', 'bigint'],
        ['name', 'varchar'],
      ],
      ['department_id'],
    ),
    mcp(ORDERS, 'datasetProfile', {
      timestampMillis: NOW - 3_600_000,
      rowCount: 120_000,
      columnCount: 4,
      fieldProfiles: [
        { fieldPath: 'order_id', uniqueCount: 120_000, uniqueProportion: 1, nullCount: 0 },
        { fieldPath: 'status', uniqueCount: 4, uniqueProportion: 0.00003, nullCount: 0 },
      ],
    }),
  ];
}

/** Sample values as DataHub serves them in a column profile (`sampleValues`). */
const SAMPLES: Record<string, string[]> = { status: ['placed', 'shipped', 'delivered', 'returned'] };

/** The embedded hub's port, with the sample values DataHub keeps in column profiles added to its profiles. */
function withSampleValues(port: HubPort): HubPort {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'getProfiles')
        return async (...args: Parameters<HubPort['getProfiles']>) => {
          const profiles = await target.getProfiles(...args);
          for (const list of profiles.values())
            for (const p of list)
              p.fieldProfiles = (p.fieldProfiles ?? []).map((f) =>
                SAMPLES[f.fieldPath] ? { ...f, sampleValues: SAMPLES[f.fieldPath] } : f,
              );
          return profiles;
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

const embedder = new MiniLmEmbedder({ threads: 1 });
afterAll(() => embedder.close());

describe.each(storeKinds())('text-to-SQL context on $name', (kind) => {
  let test: TestStore;
  let deps: {
    documents: PgSearchDocuments;
    embedder: MiniLmEmbedder;
    vectors: ArrayVectorIndex;
    now: () => number;
  };

  beforeAll(async () => {
    test = await kind.open();
    const events = new InProcessEventBus();
    const hub = new EmbeddedHub({ store: test.store, events, indexer: new HubSearchIndexer() });
    deps = {
      documents: new PgSearchDocuments(test.store),
      embedder,
      vectors: new ArrayVectorIndex(test.store, 384, embedder.model),
      now: () => NOW,
    };
    const indexer = new DatasetSearchIndexer({
      hub: withSampleValues(createEmbeddedHubPort(hub, test.store)),
      ...deps,
    });
    expect((await hub.ingest(catalog())).failed).toBe(0);
    const report = await indexer.reindexAll();
    expect(report.warnings).toEqual([]);
    // A failing validation run of the orders table two days ago, as the validator stores it.
    await test.store.query(sql`
      insert into spoke_de.validation_run (id, dataset_urn, as_of, status, issue_count, result, created_at)
      values ('run-1', ${ORDERS}, ${NOW - 2 * 86_400_000}, 'fail', 2, '{}'::jsonb,
        ${new Date(NOW - 2 * 86_400_000).toISOString()}::timestamptz)`);
    await test.store.query(sql`
      insert into spoke_de.validation_run (id, dataset_urn, as_of, status, issue_count, result, created_at)
      values ('run-0', ${CUSTOMERS}, ${NOW - 30 * 86_400_000}, 'fail', 1, '{}'::jsonb,
        ${new Date(NOW - 30 * 86_400_000).toISOString()}::timestamptz)`);
    await test.store.query(sql`
      insert into spoke_de.validation_issue (run_id, ordinal, dataset_urn, "check", metric, severity, explanation)
      values ('run-1', 0, ${ORDERS}, 'volume', 'rowCount', 'fail', 'row count fell to 12 from about 120,000')`);
  }, 120_000);
  afterAll(() => test.dispose());

  it("stays in the question's database, offers it whole and joins its tables by key naming", async () => {
    const c = await sqlContext(deps, { question: 'total order amount per customer email' });
    const urns = c.tables.map((t) => t.urn);
    expect(urns.slice(0, 2).sort()).toEqual([CUSTOMERS, ORDERS].sort());
    expect(urns).toContain(PRODUCTS);
    expect(urns).not.toContain(EMPLOYEES);
    expect(c.joins).toContainEqual({
      left: 'orders.customer_id',
      right: 'customers.customer_id',
      source: 'naming',
    });
    expect(c.tokens).toBeLessThanOrEqual(1500);
  });

  it('gives the values of a categorical column from its latest profile', async () => {
    const c = await sqlContext(deps, { question: 'how many orders were returned' });
    const status = c.tables.find((t) => t.urn === ORDERS)?.columns.find((col) => col.name === 'status');
    expect(status?.valueHints).toEqual(SAMPLES.status);
    expect(c.text).toContain('values: placed|shipped|delivered|returned');
    // A key with as many values as rows is not categorical.
    const key = c.tables.find((t) => t.urn === ORDERS)?.columns.find((col) => col.name === 'order_id');
    expect(key?.valueHints).toEqual([]);
  });

  it('names failing validation runs of the last week as caveats, older ones not', async () => {
    const c = await sqlContext(deps, { question: 'orders per customer country' });
    const orders = c.tables.find((t) => t.urn === ORDERS)!;
    const customers = c.tables.find((t) => t.urn === CUSTOMERS)!;
    expect(orders.caveats).toContain(
      'validation fail 2026-11-18: row count fell to 12 from about 120,000 (2 issues)',
    );
    expect(customers.caveats.some((x) => x.startsWith('validation'))).toBe(false);
    expect(c.text).toContain('validation fail 2026-11-18');
  });

  it('keeps one vector per database beside the dataset vectors, never returned as a dataset', async () => {
    expect(await deps.vectors.count()).toBe(5 + 2);
    const hits = await deps.vectors.search((await embedder.embed(['employee salaries']))[0]!, 10);
    expect(hits.some((h) => h.id === HR)).toBe(true);
    const r = await searchCatalog(deps, { query: 'employee salaries by department', limit: 10 });
    expect(r.hits.every((h) => !isContainerVector(h.dataset.urn))).toBe(true);
    expect(
      r.hits
        .slice(0, 2)
        .map((h) => h.dataset.urn)
        .sort(),
    ).toEqual([DEPARTMENTS, EMPLOYEES].sort());
  });
});
