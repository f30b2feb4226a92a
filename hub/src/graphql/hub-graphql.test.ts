/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-argument --
   GraphQL responses are untyped JSON here; the assertions check their shape. */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/event-bus.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { EmbeddedHub } from '../embedded-hub.js';
import type { MetadataChangeProposal } from '../model.js';
import { HubSearchIndexer } from '../search-indexer.js';
import { datasetUrn, parseUrn } from '../urn.js';
import { createHubGraphql, registerHubGraphqlRoute, type HubGraphql } from './index.js';
import { allowEveryAccess } from '../access.js';

const raw = datasetUrn('hive', 'raw.orders');
const stg = datasetUrn('snowflake', 'analytics.stg_orders');
const fct = datasetUrn('snowflake', 'analytics.fct_orders');
const dim = datasetUrn('snowflake', 'analytics.dim_orders');
const customers = datasetUrn('hive', 'raw.customers');
const gone = datasetUrn('hive', 'raw.legacy_orders');
const flow = 'urn:li:dataFlow:(airflow,orders_etl,PROD)';
const job = `urn:li:dataJob:(${flow},build_dim_orders)`;
const chart = 'urn:li:chart:(looker,orders_by_day)';
const dashboard = 'urn:li:dashboard:(looker,sales_overview)';
const domain = 'urn:li:domain:sales';
const term = 'urn:li:glossaryTerm:Classification.Email';
const node = 'urn:li:glossaryNode:Classification';
const pii = 'urn:li:tag:PII';
const alice = 'urn:li:corpuser:alice';
const team = 'urn:li:corpGroup:data-eng';
const db = 'urn:li:container:salesdb';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

function mcp(entityUrn: string, aspectName: string, aspect: unknown): MetadataChangeProposal {
  return { entityType: parseUrn(entityUrn).entityType, entityUrn, changeType: 'UPSERT', aspectName, aspect };
}

function field(fieldPath: string, type: string, extra: Record<string, unknown> = {}) {
  return {
    fieldPath,
    nativeDataType: type === 'StringType' ? 'varchar' : 'bigint',
    type: { type: { [`com.linkedin.schema.${type}`]: {} } },
    nullable: false,
    ...extra,
  };
}

function schema(platform: string, fields: unknown[]) {
  return {
    schemaName: 'orders',
    platform: `urn:li:dataPlatform:${platform}`,
    version: 0,
    hash: '',
    platformSchema: { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } },
    fields,
  };
}

const owners = (...urns: string[]) => ({
  owners: urns.map((owner) => ({ owner, type: 'TECHNICAL_OWNER' })),
  lastModified: { time: 0, actor: 'urn:li:corpuser:__datahub_system' },
});

function catalog(): MetadataChangeProposal[] {
  return [
    mcp(domain, 'domainProperties', { name: 'Sales', description: 'Everything about selling' }),
    mcp(node, 'glossaryNodeInfo', { name: 'Classification', definition: 'Data classes' }),
    mcp(term, 'glossaryTermInfo', {
      name: 'Email Address',
      definition: 'An e-mail address',
      termSource: 'INTERNAL',
      parentNode: node,
    }),
    mcp(pii, 'tagProperties', { name: 'PII', description: 'Personal data', colorHex: '#ff0000' }),
    mcp(alice, 'corpUserInfo', {
      active: true,
      displayName: 'Alice Analyst',
      email: 'alice@example.com',
      title: 'Analyst',
      managerUrn: 'urn:li:corpuser:carol',
    }),
    mcp(team, 'corpGroupInfo', { displayName: 'Data Engineering', admins: [], members: [], groups: [] }),
    mcp(db, 'containerProperties', { name: 'salesdb', customProperties: { platform: 'snowflake' } }),
    mcp(db, 'subTypes', { typeNames: ['Database'] }),

    mcp(raw, 'datasetProperties', {
      name: 'orders',
      description: 'Raw order events as landed',
      customProperties: { layer: 'bronze' },
    }),
    mcp(
      raw,
      'schemaMetadata',
      schema('hive', [field('order_id', 'NumberType'), field('payload', 'StringType')]),
    ),
    mcp(raw, 'ownership', owners(team)),

    mcp(customers, 'datasetProperties', { name: 'customers', description: 'Customer master' }),
    mcp(
      customers,
      'schemaMetadata',
      schema('hive', [
        field('customer_id', 'NumberType', { isPartOfKey: true }),
        field('email', 'StringType', {
          description: 'Contact address',
          glossaryTerms: { terms: [{ urn: term }], auditStamp: { time: 0, actor: alice } },
        }),
      ]),
    ),
    mcp(customers, 'globalTags', { tags: [{ tag: pii }] }),
    mcp(customers, 'ownership', owners(alice)),
    mcp(customers, 'domains', { domains: [domain] }),

    mcp(stg, 'datasetProperties', {
      name: 'stg_orders',
      qualifiedName: 'SALES.ANALYTICS.STG_ORDERS',
      description: 'Cleaned orders',
    }),
    mcp(stg, 'editableDatasetProperties', { description: 'Orders, deduplicated and typed' }),
    mcp(stg, 'upstreamLineage', {
      upstreams: [{ dataset: raw, type: 'TRANSFORMED', auditStamp: { time: 0, actor: alice } }],
    }),
    mcp(stg, 'container', { container: db }),
    mcp(stg, 'domains', { domains: [domain] }),
    mcp(stg, 'subTypes', { typeNames: ['Table'] }),

    mcp(fct, 'datasetProperties', { name: 'fct_orders', description: 'Order facts for reporting' }),
    mcp(
      fct,
      'schemaMetadata',
      schema('snowflake', [
        field('order_id', 'NumberType'),
        field('amount', 'NumberType'),
        field('customer_email', 'StringType'),
      ]),
    ),
    mcp(fct, 'editableSchemaMetadata', {
      editableSchemaFieldInfo: [
        { fieldPath: 'customer_email', description: 'Buyer e-mail', globalTags: { tags: [{ tag: pii }] } },
      ],
    }),
    mcp(fct, 'upstreamLineage', {
      upstreams: [
        { dataset: stg, type: 'TRANSFORMED', auditStamp: { time: 0, actor: alice } },
        { dataset: customers, type: 'TRANSFORMED', auditStamp: { time: 0, actor: alice } },
      ],
    }),
    mcp(fct, 'ownership', owners(alice, team)),
    mcp(fct, 'domains', { domains: [domain] }),
    mcp(fct, 'container', { container: db }),
    mcp(fct, 'globalTags', { tags: [{ tag: 'urn:li:tag:gold' }] }),
    mcp(fct, 'glossaryTerms', { terms: [{ urn: term }], auditStamp: { time: 0, actor: alice } }),
    mcp(fct, 'subTypes', { typeNames: ['Table'] }),

    mcp(flow, 'dataFlowInfo', { name: 'orders_etl', description: 'Nightly orders pipeline' }),
    mcp(job, 'dataJobInfo', { name: 'build_dim_orders', type: { string: 'SQL' }, flowUrn: flow }),
    mcp(job, 'dataJobInputOutput', {
      inputDatasets: [fct],
      outputDatasets: [],
      outputDatasetEdges: [{ destinationUrn: dim }],
    }),
    mcp(dim, 'datasetProperties', { name: 'dim_orders', description: 'Orders dimension' }),

    mcp(chart, 'chartInfo', {
      title: 'Orders by day',
      description: 'Daily order count',
      lastModified: { created: { time: 0, actor: alice }, lastModified: { time: 0, actor: alice } },
      inputEdges: [{ destinationUrn: fct }],
    }),
    mcp(dashboard, 'dashboardInfo', {
      title: 'Sales overview',
      description: '',
      charts: [chart],
      lastModified: { created: { time: 0, actor: alice }, lastModified: { time: 0, actor: alice } },
    }),
    mcp(dashboard, 'ownership', owners(alice)),

    mcp(gone, 'datasetProperties', { name: 'legacy_orders', description: 'Old orders table' }),
    mcp(gone, 'status', { removed: true }),

    ...[0, 1, 2, 3].map((d) =>
      mcp(fct, 'datasetProfile', {
        timestampMillis: T0 + d * DAY,
        rowCount: 1000 + d * 10,
        columnCount: 3,
        sizeInBytes: 4096,
        fieldProfiles: [
          { fieldPath: 'amount', nullCount: d, nullProportion: d / 1000, min: '1', max: '99', mean: '42.5' },
        ],
      }),
    ),
    mcp(fct, 'operation', {
      timestampMillis: T0 + DAY,
      lastUpdatedTimestamp: T0 + DAY,
      operationType: 'INSERT',
      numAffectedRows: 10,
      actor: alice,
    }),
    mcp(fct, 'datasetUsageStatistics', {
      timestampMillis: T0,
      eventGranularity: { unit: 'DAY', multiple: 1 },
      uniqueUserCount: 1,
      totalSqlQueries: 7,
      userCounts: [{ user: alice, count: 7, userEmail: 'alice@example.com' }],
      fieldCounts: [{ fieldPath: 'amount', count: 5 }],
    }),
  ];
}

describe.each(storeKinds())('hub GraphQL on $name', (kind) => {
  let testStore: TestStore;
  let gql: HubGraphql;

  const run = async (query: string, variables?: Record<string, unknown>) => {
    const result = await gql.execute({ query, variables });
    return result as {
      data?: Record<string, any> | null;
      errors?: readonly { message: string; extensions?: any }[];
    };
  };
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const result = await run(query, variables);
    expect(result.errors ?? []).toEqual([]);
    return result.data as Record<string, any>;
  };

  beforeAll(async () => {
    testStore = await kind.open();
    const hub = new EmbeddedHub({
      store: testStore.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    const result = await hub.ingest(catalog());
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    gql = createHubGraphql(hub, testStore.store);
  });

  afterAll(async () => {
    await testStore?.dispose();
  });

  const SEARCH = /* GraphQL */ `
    query s($input: SearchAcrossEntitiesInput!) {
      searchAcrossEntities(input: $input) {
        start
        count
        total
        searchResults {
          entity {
            urn
            type
            ... on Dataset {
              name
              properties {
                name
              }
            }
          }
          matchedFields {
            name
            value
          }
        }
        facets {
          field
          displayName
          aggregations {
            value
            count
            entity {
              urn
              type
            }
          }
        }
      }
    }
  `;

  it('finds datasets by keyword, field path and term name, best match first', async () => {
    const byName = await ok(SEARCH, { input: { query: 'fct_orders', types: ['DATASET'] } });
    expect(byName.searchAcrossEntities.searchResults[0].entity.urn).toBe(fct);
    expect(byName.searchAcrossEntities.searchResults[0].matchedFields).toContainEqual({
      name: 'name',
      value: 'fct_orders',
    });

    const byField = await ok(SEARCH, { input: { query: 'customer_email' } });
    // Word matches find both; the exact field path ranks first.
    expect(byField.searchAcrossEntities.searchResults.map((r: any) => r.entity.urn)).toEqual([
      fct,
      customers,
    ]);
    expect(byField.searchAcrossEntities.searchResults[0].matchedFields).toContainEqual({
      name: 'fieldPaths',
      value: 'customer_email',
    });

    const byTerm = await ok(SEARCH, { input: { query: 'email address', types: ['DATASET'] } });
    expect(byTerm.searchAcrossEntities.searchResults.map((r: any) => r.entity.urn).sort()).toEqual(
      [customers, fct].sort(),
    );

    const byEditableDoc = await ok(SEARCH, { input: { query: 'deduplicated' } });
    expect(byEditableDoc.searchAcrossEntities.total).toBe(1);
    expect(byEditableDoc.searchAcrossEntities.searchResults[0].entity.urn).toBe(stg);
  });

  it('excludes soft-deleted entities from search, unless asked', async () => {
    const all = await ok(SEARCH, { input: { query: 'orders', types: ['DATASET'], count: 50 } });
    const urns = all.searchAcrossEntities.searchResults.map((r: any) => r.entity.urn);
    expect(urns).not.toContain(gone);
    expect(urns).toEqual(expect.arrayContaining([raw, stg, fct, dim]));
    const withDeleted = await ok(SEARCH, {
      input: { query: 'legacy', types: ['DATASET'], searchFlags: { includeSoftDeleted: true } },
    });
    expect(withDeleted.searchAcrossEntities.searchResults.map((r: any) => r.entity.urn)).toEqual([gone]);
  });

  it('filters on platform, domains, tags, glossaryTerms, owners and type, with facet counts', async () => {
    const count = async (filters: unknown[], types = ['DATASET']) =>
      (await ok(SEARCH, { input: { query: '*', types, orFilters: [{ and: filters }], count: 50 } }))
        .searchAcrossEntities;

    expect((await count([{ field: 'platform', values: ['urn:li:dataPlatform:hive'] }])).total).toBe(2);
    expect((await count([{ field: 'platform', values: ['snowflake'] }])).total).toBe(3);
    expect((await count([{ field: 'domains', values: [domain] }])).total).toBe(3);
    // Entity tags and schema-field tags both count.
    const tagged = await count([{ field: 'tags', values: [pii] }]);
    expect(tagged.searchResults.map((r: any) => r.entity.urn).sort()).toEqual([customers, fct].sort());
    expect((await count([{ field: 'glossaryTerms', values: [term] }])).total).toBe(2);
    expect((await count([{ field: 'owners', values: [team] }])).total).toBe(2);
    expect((await count([{ field: 'owners', values: [alice] }], [])).total).toBe(3);
    expect((await count([{ field: 'platform', values: ['hive'], negated: true }])).total).toBe(3);
    expect((await count([{ field: '_entityType', values: ['DASHBOARD', 'CHART'] }], [])).total).toBe(2);
    expect(
      (
        await count([
          { field: 'domains', values: [domain] },
          { field: 'platform', values: ['hive'] },
        ])
      ).searchResults.map((r: any) => r.entity.urn),
    ).toEqual([customers]);
    // OR of ANDs
    const either = await ok(SEARCH, {
      input: {
        query: '*',
        types: ['DATASET'],
        orFilters: [
          { and: [{ field: 'tags', values: [pii] }] },
          { and: [{ field: 'owners', values: [team] }] },
        ],
      },
    });
    expect(either.searchAcrossEntities.total).toBe(3);

    const facets = (await count([])).facets as {
      field: string;
      aggregations: { value: string; count: number; entity: any }[];
    }[];
    const facet = (name: string) =>
      Object.fromEntries(facets.find((f) => f.field === name)!.aggregations.map((a) => [a.value, a.count]));
    expect(facet('platform')).toEqual({ 'urn:li:dataPlatform:snowflake': 3, 'urn:li:dataPlatform:hive': 2 });
    expect(facet('_entityType')).toEqual({ DATASET: 5 });
    expect(facet('domains')).toEqual({ [domain]: 3 });
    expect(facet('tags')).toEqual({ [pii]: 2, 'urn:li:tag:gold': 1 });
    expect(facet('glossaryTerms')).toEqual({ [term]: 2 });
    expect(facet('owners')).toEqual({ [alice]: 2, [team]: 2 });
    const domainAgg = facets.find((f) => f.field === 'domains')!.aggregations[0]!;
    expect(domainAgg.entity).toEqual({ urn: domain, type: 'DOMAIN' });
  });

  it('reports bad filters as GraphQL errors with a code', async () => {
    const bad = await run(SEARCH, {
      input: { query: '*', orFilters: [{ and: [{ field: 'colour', values: ['red'] }] }] },
    });
    expect(bad.errors?.[0]?.message).toMatch(/Unsupported filter field "colour"/);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 400, type: 'BAD_REQUEST' });
    const badOp = await run(SEARCH, {
      input: {
        query: '*',
        orFilters: [{ and: [{ field: 'platform', values: ['x'], condition: 'GREATER_THAN' }] }],
      },
    });
    expect(badOp.errors?.[0]?.extensions?.code).toBe(400);
    const badEnum = await run(SEARCH, { input: { query: '*', types: ['NOPE'] } });
    expect(badEnum.errors?.[0]?.extensions?.code).toBe(400);
    const badScroll = await run(
      `{ scrollAcrossEntities(input: {query: "*", scrollId: "garbage!"}) { count } }`,
    );
    expect(badScroll.errors?.[0]?.extensions?.type).toBe('BAD_REQUEST');
    const syntax = await run('{ searchAcrossEntities(');
    expect(syntax.errors?.[0]?.extensions?.code).toBe(400);
  });

  it('scrolls through results with nextScrollId', async () => {
    const SCROLL = `query s($id: String) { scrollAcrossEntities(input: {query: "*", types: [DATASET], count: 2, scrollId: $id}) {
      nextScrollId count total searchResults { entity { urn } } } }`;
    const seen: string[] = [];
    let id: string | null = null;
    let pages = 0;
    do {
      const data = await ok(SCROLL, { id });
      const page = data.scrollAcrossEntities;
      expect(page.total).toBe(5);
      seen.push(...page.searchResults.map((r: any) => r.entity.urn));
      id = page.nextScrollId;
      pages++;
    } while (id && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  const LINEAGE = /* GraphQL */ `
    query l($input: SearchAcrossLineageInput!) {
      searchAcrossLineage(input: $input) {
        total
        count
        searchResults {
          degree
          entity {
            urn
            type
          }
          paths {
            path {
              urn
            }
          }
        }
        facets {
          field
          aggregations {
            value
            count
          }
        }
      }
    }
  `;

  it('walks lineage upstream and downstream with degrees', async () => {
    const up = (await ok(LINEAGE, { input: { urn: fct, direction: 'UPSTREAM', count: 50 } }))
      .searchAcrossLineage;
    const upDegrees = Object.fromEntries(up.searchResults.map((r: any) => [r.entity.urn, r.degree]));
    expect(upDegrees).toEqual({ [stg]: 1, [customers]: 1, [raw]: 2 });
    const rawPath = up.searchResults
      .find((r: any) => r.entity.urn === raw)
      .paths[0].path.map((p: any) => p.urn);
    expect(rawPath).toEqual([fct, stg, raw]);

    const down = (await ok(LINEAGE, { input: { urn: raw, direction: 'DOWNSTREAM', count: 50 } }))
      .searchAcrossLineage;
    const downDegrees = Object.fromEntries(down.searchResults.map((r: any) => [r.entity.urn, r.degree]));
    expect(downDegrees).toEqual({ [stg]: 1, [fct]: 2, [job]: 3, [chart]: 3, [dim]: 4, [dashboard]: 4 });

    const threePlus = (
      await ok(LINEAGE, {
        input: {
          urn: raw,
          direction: 'DOWNSTREAM',
          types: ['DATASET'],
          orFilters: [{ and: [{ field: 'degree', values: ['3+'] }] }],
        },
      })
    ).searchAcrossLineage;
    expect(threePlus.searchResults.map((r: any) => r.entity.urn)).toEqual([dim]);
    const two = (
      await ok(LINEAGE, {
        input: {
          urn: raw,
          direction: 'DOWNSTREAM',
          orFilters: [{ and: [{ field: 'degree', values: ['2'] }] }],
        },
      })
    ).searchAcrossLineage;
    expect(two.searchResults.map((r: any) => r.entity.urn)).toEqual([fct]);
    const degreeFacet = down.facets.find((f: any) => f.field === 'degree');
    expect(Object.fromEntries(degreeFacet.aggregations.map((a: any) => [a.value, a.count]))).toEqual({
      '1': 1,
      '2': 1,
      '3+': 4,
    });

    // Jobs ignored as hops: the job's output sits at the job's degree.
    const ignoring = (
      await ok(LINEAGE, {
        input: {
          urn: fct,
          direction: 'DOWNSTREAM',
          lineageFlags: { ignoreAsHops: [{ entityType: 'DATA_JOB' }] },
        },
      })
    ).searchAcrossLineage;
    expect(
      Object.fromEntries(ignoring.searchResults.map((r: any) => [r.entity.urn, r.degree])),
    ).toMatchObject({ [job]: 1, [dim]: 1 });

    const dimUp = (await ok(LINEAGE, { input: { urn: dim, direction: 'UPSTREAM', types: ['DATASET'] } }))
      .searchAcrossLineage;
    expect(dimUp.searchResults.map((r: any) => [r.entity.urn, r.degree])).toEqual([
      [fct, 2],
      [customers, 3],
      [stg, 3],
      [raw, 4],
    ]);
  });

  it('answers dataset(urn) with DataHub field names, including profiles in a time range', async () => {
    const data = await ok(
      `query d($urn: String!, $start: Long, $end: Long) {
        dataset(urn: $urn) {
          urn type name exists
          platform { urn name properties { displayName } }
          properties { name description qualifiedName customProperties { key value } }
          editableProperties { description }
          schemaMetadata { fields { fieldPath type nativeDataType description nullable isPartOfKey
            globalTags { tags { tag { urn } } } glossaryTerms { terms { term { urn name properties { name } } } } } }
          editableSchemaMetadata { editableSchemaFieldInfo { fieldPath description tags { tags { tag { urn properties { name colorHex } } } } } }
          tags { tags { tag { urn name } } }
          glossaryTerms { terms { term { urn properties { name definition } parentNodes { nodes { properties { name } } } } } }
          ownership { owners { owner { ... on CorpUser { urn username properties { displayName email manager { urn username } } } ... on CorpGroup { urn name properties { displayName } } } type } }
          domain { domain { urn properties { name } } }
          container { urn properties { name } subTypes { typeNames } }
          subTypes { typeNames }
          upstream: lineage(input: {direction: UPSTREAM}) { total relationships { type degree entity { urn } } }
          downstream: lineage(input: {direction: DOWNSTREAM}) { total relationships { type degree entity { urn type } } }
          datasetProfiles(startTimeMillis: $start, endTimeMillis: $end) { timestampMillis rowCount columnCount sizeInBytes
            fieldProfiles { fieldPath nullCount nullProportion min max mean median } }
          latest: datasetProfiles(limit: 1) { timestampMillis rowCount }
          operations(limit: 10) { timestampMillis lastUpdatedTimestamp operationType numAffectedRows actor }
          usageStats(range: ALL) { aggregations { uniqueUserCount totalSqlQueries users { user { urn } count } fields { fieldName count } } }
          status { removed }
        }
      }`,
      { urn: fct, start: T0 + DAY, end: T0 + 2 * DAY },
    );
    const d = data.dataset;
    expect(d).toMatchObject({
      urn: fct,
      type: 'DATASET',
      name: 'analytics.fct_orders',
      exists: true,
      platform: { urn: 'urn:li:dataPlatform:snowflake', name: 'snowflake' },
      properties: { name: 'fct_orders', description: 'Order facts for reporting', qualifiedName: null },
      editableProperties: null,
      tags: { tags: [{ tag: { urn: 'urn:li:tag:gold', name: 'gold' } }] },
      domain: { domain: { urn: domain, properties: { name: 'Sales' } } },
      container: { urn: db, properties: { name: 'salesdb' }, subTypes: { typeNames: ['Database'] } },
      subTypes: { typeNames: ['Table'] },
      status: null,
    });
    expect(d.schemaMetadata.fields.map((f: any) => [f.fieldPath, f.type])).toEqual([
      ['order_id', 'NUMBER'],
      ['amount', 'NUMBER'],
      ['customer_email', 'STRING'],
    ]);
    expect(d.editableSchemaMetadata.editableSchemaFieldInfo[0]).toEqual({
      fieldPath: 'customer_email',
      description: 'Buyer e-mail',
      tags: { tags: [{ tag: { urn: pii, properties: { name: 'PII', colorHex: '#ff0000' } } }] },
    });
    expect(d.glossaryTerms.terms[0].term).toEqual({
      urn: term,
      properties: { name: 'Email Address', definition: 'An e-mail address' },
      parentNodes: { nodes: [{ properties: { name: 'Classification' } }] },
    });
    expect(d.ownership.owners).toEqual([
      {
        owner: {
          urn: alice,
          username: 'alice',
          properties: {
            displayName: 'Alice Analyst',
            email: 'alice@example.com',
            manager: { urn: 'urn:li:corpuser:carol', username: 'carol' },
          },
        },
        type: 'TECHNICAL_OWNER',
      },
      {
        owner: { urn: team, name: 'data-eng', properties: { displayName: 'Data Engineering' } },
        type: 'TECHNICAL_OWNER',
      },
    ]);
    expect(d.upstream.total).toBe(2);
    expect(d.upstream.relationships.map((r: any) => [r.type, r.entity.urn, r.degree]).sort()).toEqual(
      [
        ['DownstreamOf', customers, 1],
        ['DownstreamOf', stg, 1],
      ].sort(),
    );
    expect(d.downstream.relationships.map((r: any) => [r.type, r.entity.type]).sort()).toEqual([
      ['Consumes', 'CHART'],
      ['Consumes', 'DATA_JOB'],
    ]);
    expect(d.datasetProfiles.map((p: any) => p.timestampMillis)).toEqual([T0 + 2 * DAY, T0 + DAY]);
    expect(d.datasetProfiles[0]).toMatchObject({ rowCount: 1020, columnCount: 3, sizeInBytes: 4096 });
    expect(d.datasetProfiles[0].fieldProfiles[0]).toMatchObject({
      fieldPath: 'amount',
      nullCount: 2,
      min: '1',
      max: '99',
      mean: '42.5',
      median: null,
    });
    expect(d.latest).toEqual([{ timestampMillis: T0 + 3 * DAY, rowCount: 1030 }]);
    expect(d.operations).toEqual([
      {
        timestampMillis: T0 + DAY,
        lastUpdatedTimestamp: T0 + DAY,
        operationType: 'INSERT',
        numAffectedRows: 10,
        actor: alice,
      },
    ]);
    expect(d.usageStats.aggregations).toEqual({
      uniqueUserCount: 1,
      totalSqlQueries: 7,
      users: [{ user: { urn: alice }, count: 7 }],
      fields: [{ fieldName: 'amount', count: 5 }],
    });
  });

  it('prefers editable descriptions and resolves the other entity types', async () => {
    const data = await ok(
      `query e($urns: [String!]!) { entities(urns: $urns) { urn type
        ... on Dataset { editableProperties { description } properties { description qualifiedName } }
        ... on Dashboard { tool properties { name } relationships(input: {types: ["Contains"], direction: OUTGOING}) { total relationships { entity { urn } } } }
        ... on Chart { properties { name description } platform { name } }
        ... on DataJob { properties { name } dataFlow { urn properties { name description } } inputOutput { inputDatasets { urn } outputDatasets { urn } } }
        ... on GlossaryTerm { properties { name termSource } }
        ... on GlossaryNode { properties { name } }
        ... on Domain { id properties { name description } }
        ... on Tag { properties { name description } }
        ... on CorpUser { username properties { title } }
        ... on CorpGroup { name properties { displayName } }
        ... on Container { properties { name } platform { urn } }
      } }`,
      {
        urns: [
          stg,
          dashboard,
          chart,
          job,
          term,
          node,
          domain,
          pii,
          alice,
          team,
          db,
          'urn:li:dataset:(urn:li:dataPlatform:hive,nope,PROD)',
          'not-a-urn',
        ],
      },
    );
    const [s, dash, ch, j, t, n, dom, tag, user, group, cont, unknown, invalid] = data.entities;
    expect(s).toMatchObject({
      type: 'DATASET',
      editableProperties: { description: 'Orders, deduplicated and typed' },
      properties: { qualifiedName: 'SALES.ANALYTICS.STG_ORDERS' },
    });
    expect(dash).toMatchObject({
      type: 'DASHBOARD',
      tool: 'looker',
      properties: { name: 'Sales overview' },
      relationships: { total: 1, relationships: [{ entity: { urn: chart } }] },
    });
    expect(ch).toMatchObject({
      type: 'CHART',
      properties: { name: 'Orders by day', description: 'Daily order count' },
      platform: { name: 'looker' },
    });
    expect(j).toMatchObject({
      type: 'DATA_JOB',
      properties: { name: 'build_dim_orders' },
      dataFlow: { urn: flow, properties: { name: 'orders_etl', description: 'Nightly orders pipeline' } },
      inputOutput: { inputDatasets: [{ urn: fct }], outputDatasets: [{ urn: dim }] },
    });
    expect(t).toMatchObject({
      type: 'GLOSSARY_TERM',
      properties: { name: 'Email Address', termSource: 'INTERNAL' },
    });
    expect(n).toMatchObject({ type: 'GLOSSARY_NODE', properties: { name: 'Classification' } });
    expect(dom).toMatchObject({
      type: 'DOMAIN',
      id: 'sales',
      properties: { name: 'Sales', description: 'Everything about selling' },
    });
    expect(tag).toMatchObject({ type: 'TAG', properties: { name: 'PII', description: 'Personal data' } });
    expect(user).toMatchObject({ type: 'CORP_USER', username: 'alice', properties: { title: 'Analyst' } });
    expect(group).toMatchObject({
      type: 'CORP_GROUP',
      name: 'data-eng',
      properties: { displayName: 'Data Engineering' },
    });
    expect(cont).toMatchObject({
      type: 'CONTAINER',
      properties: { name: 'salesdb' },
      platform: { urn: 'urn:li:dataPlatform:snowflake' },
    });
    expect(unknown).toBeNull();
    expect(invalid).toBeNull();

    const missing = await ok(
      `{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,nope,PROD)") { urn } }`,
    );
    expect(missing.dataset).toBeNull();
    const invalidUrn = await run(`{ dataset(urn: "nope") { urn } }`);
    expect(invalidUrn.errors?.[0]?.extensions?.code).toBe(400);
  });

  it('keeps the index in step with writes: new edges, changed names, removal', async () => {
    const hub = new EmbeddedHub({
      store: testStore.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    const extra = datasetUrn('snowflake', 'analytics.rpt_orders');
    await hub.ingest([
      mcp(extra, 'datasetProperties', { name: 'rpt_orders', description: 'Report' }),
      mcp(extra, 'upstreamLineage', { upstreams: [{ dataset: fct, type: 'VIEW' }] }),
    ]);
    let data = await ok(`{ dataset(urn: "${fct}") { lineage(input: {direction: DOWNSTREAM}) { total } } }`);
    expect(data.dataset.lineage.total).toBe(3);
    // Rewriting the aspect rewrites its edges.
    await hub.ingest([mcp(extra, 'upstreamLineage', { upstreams: [{ dataset: stg, type: 'VIEW' }] })]);
    data = await ok(`{ dataset(urn: "${fct}") { lineage(input: {direction: DOWNSTREAM}) { total } } }`);
    expect(data.dataset.lineage.total).toBe(2);
    await hub.ingest([mcp(extra, 'status', { removed: true })]);
    data = await ok(`{ searchAcrossEntities(input: {query: "rpt_orders"}) { total } }`);
    expect(data.searchAcrossEntities.total).toBe(0);
    data = await ok(
      `{ dataset(urn: "${stg}") { lineage(input: {direction: DOWNSTREAM}) { total filtered } } }`,
    );
    expect(data.dataset.lineage).toEqual({ total: 1, filtered: 1 });
  });

  it('returns stored strings as written, and keeps a self-edge as DataHub does: a relationship, no lineage hop', async () => {
    const hub = new EmbeddedHub({
      store: testStore.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    const loop = datasetUrn('hive', 'raw.loop');
    await hub.ingest([
      mcp(loop, 'datasetProperties', { name: '', description: '', qualifiedName: '' }),
      mcp(loop, 'editableDatasetProperties', { description: '' }),
      mcp(loop, 'upstreamLineage', {
        upstreams: [
          { dataset: loop, type: 'TRANSFORMED' },
          { dataset: raw, type: 'TRANSFORMED' },
        ],
      }),
    ]);
    const data = await ok(`{
      dataset(urn: "${loop}") {
        description
        properties { name description qualifiedName }
        editableProperties { description }
        relationships(input: {types: ["DownstreamOf"], direction: OUTGOING}) { total relationships { entity { urn } } }
        incoming: relationships(input: {types: ["DownstreamOf"], direction: INCOMING}) { total }
        upstream: lineage(input: {direction: UPSTREAM}) { total relationships { entity { urn } } }
        downstream: lineage(input: {direction: DOWNSTREAM}) { total }
      }
      searchAcrossLineage(input: {urn: "${loop}", direction: UPSTREAM, query: "*"}) {
        total
        searchResults { entity { urn } }
      }
    }`);
    expect(data.dataset).toMatchObject({
      description: '',
      properties: { name: '', description: '', qualifiedName: '' },
      editableProperties: { description: '' },
      // GraphIndexUtils.extractGraphEdges keeps an edge to the entity itself in DataHub's graph …
      relationships: {
        total: 2,
        relationships: expect.arrayContaining([{ entity: { urn: loop } }, { entity: { urn: raw } }]),
      },
      incoming: { total: 1 },
      // … and its lineage walk skips it (GraphQueryUtils.processSearchHit: "Skipping a self-edge").
      upstream: { total: 1, relationships: [{ entity: { urn: raw } }] },
      downstream: { total: 0 },
    });
    expect(data.searchAcrossLineage.searchResults.map((r: any) => r.entity.urn)).not.toContain(loop);
    await hub.ingest([mcp(loop, 'status', { removed: true })]);
  });

  it('serves POST /api/graphql through fastify', async () => {
    const app = Fastify();
    const hub = new EmbeddedHub({
      store: testStore.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    registerHubGraphqlRoute(app, { hub, store: testStore.store, authorize: allowEveryAccess });
    const response = await app.inject({
      method: 'POST',
      url: '/api/graphql',
      payload: {
        query: 'query q($u: String!) { dataset(urn: $u) { properties { name } } }',
        variables: { u: fct },
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { dataset: { properties: { name: 'fct_orders' } } } });
    const bad = await app.inject({ method: 'POST', url: '/api/graphql', payload: { query: '{ nope }' } });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().errors[0].extensions.code).toBe(400);
    await app.close();
  });
});
