/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-argument --
   GraphQL responses are untyped JSON here; the assertions check their shape. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/event-bus.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { isKnownAspect } from '../aspect-registry.js';
import { EmbeddedHub } from '../embedded-hub.js';
import { readMetadataFile } from '../formats/index.js';
import { HubSearchIndexer } from '../search-indexer.js';
import { createHubGraphql, type HubGraphql } from './index.js';

/** DataHub's showcase datapack (real DataHub metadata), imported through the hub and read back over GraphQL. */
const SHOWCASE = fileURLToPath(new URL('../../../../shared/datahub/showcase-ecommerce/', import.meta.url));
const FILES = ['01-definitions.json', '02-data.json', '03-context.json'];

const ds = (platform: string, name: string) =>
  `urn:li:dataset:(urn:li:dataPlatform:${platform},b2fd91.${name},PROD)`;
const orderHistory = ds('snowflake', 'order_entry_db.analytics.order_history');
const pgOrderItems = ds('postgres', 'order_entry_db.order_entry.order_items');
const s3OrderItems = ds('s3', 'demo-data-bucket/order_entry/order_items');
const exportJob =
  'urn:li:dataJob:(urn:li:dataFlow:(spark,b2fd91.export_table_order_items_to_s3,b2fd91.default),b2fd91.export_table_order_items_to_s3)';

describe.each(storeKinds())('showcase datapack over hub GraphQL on $name', (kind) => {
  let testStore: TestStore;
  let gql: HubGraphql;

  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const result = await gql.execute({ query, variables });
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
    let aspects = 0;
    const started = performance.now();
    for (const file of FILES) {
      const doc = await readMetadataFile(`${SHOWCASE}${file}`);
      expect(doc.failures).toEqual([]);
      // The pack was exported from DataHub Cloud: like DataHub's own `datahub datapack load`, leave out the
      // aspects an open-source GMS's registry does not have (lineageFeatures, assertionsSummary, …).
      const proposals = doc.proposals
        .map((p) => p.proposal)
        .filter((p) => isKnownAspect(p.entityType, p.aspectName));
      expect(doc.proposals.length - proposals.length).toBeLessThan(doc.proposals.length / 10);
      const result = await hub.ingest(proposals);
      expect(result.failed).toBe(0);
      aspects += proposals.length;
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `[showcase] ${aspects} aspects in ${seconds.toFixed(2)} s on ${kind.name} (${Math.round(aspects / seconds)}/s, indexed)`,
    );
    gql = createHubGraphql(hub, testStore.store);
  }, 180_000);

  afterAll(async () => {
    await testStore?.dispose();
  });

  it('counts the 67 datasets by platform', async () => {
    const data = await ok(`{ searchAcrossEntities(input: {types: [DATASET], query: "*", count: 0}) {
      total facets { field aggregations { value count } } } }`);
    expect(data.searchAcrossEntities.total).toBe(67);
    const platform = data.searchAcrossEntities.facets.find((f: any) => f.field === 'platform');
    expect(
      Object.fromEntries(
        platform.aggregations.map((a: any) => [a.value.replace('urn:li:dataPlatform:', ''), a.count]),
      ),
    ).toEqual({
      snowflake: 14,
      dbt: 13,
      postgres: 12,
      s3: 12,
      tableau: 8,
      powerbi: 6,
      looker: 2,
    });
    const domains = data.searchAcrossEntities.facets.find((f: any) => f.field === 'domains');
    expect(domains.aggregations[0]).toEqual({
      value: 'urn:li:domain:b2fd91.1caf2b7c-ca73-4708-bdec-6687d78cab0e',
      count: 14,
    });
  });

  it('finds a table by keyword and reads its real metadata', async () => {
    const data =
      await ok(`{ searchAcrossEntities(input: {types: [DATASET], query: "order_history", count: 3}) {
      searchResults { entity { urn ... on Dataset { properties { name qualifiedName } subTypes { typeNames }
        schemaMetadata { fields { fieldPath type nativeDataType } } container { urn } } } } } }`);
    const hit = data.searchAcrossEntities.searchResults.find((r: any) => r.entity.urn === orderHistory);
    expect(hit.entity.properties).toEqual({
      name: 'ORDER_HISTORY',
      qualifiedName: 'b2fd91.ORDER_ENTRY_DB.ANALYTICS.ORDER_HISTORY',
    });
    expect(hit.entity.subTypes.typeNames).toEqual(['Table']);
    expect(hit.entity.schemaMetadata.fields[0]).toEqual({
      fieldPath: 'order_id',
      type: 'NUMBER',
      nativeDataType: 'NUMBER(38,0)',
    });
    expect(hit.entity.container.urn).toBe('urn:li:container:d14215d4dacbab259f768b155825550e');
  });

  it('follows real lineage: table upstreams, and postgres → spark job → s3', async () => {
    const up = await ok(`{ dataset(urn: "${orderHistory}") { lineage(input: {direction: UPSTREAM}) {
      total relationships { type entity { urn } } } } }`);
    expect(up.dataset.lineage.relationships.map((r: any) => r.entity.urn).sort()).toEqual(
      [
        ds('snowflake', 'order_entry_db.analytics.order_details'),
        ds('dbt', 'ORDER_ENTRY_DB.analytics.order_history'),
      ].sort(),
    );
    const down =
      await ok(`{ searchAcrossLineage(input: {urn: "${pgOrderItems}", direction: DOWNSTREAM, count: 100}) {
      searchResults { degree entity { urn type } } } }`);
    const degrees = Object.fromEntries(
      down.searchAcrossLineage.searchResults.map((r: any) => [r.entity.urn, r.degree]),
    );
    expect(degrees[exportJob]).toBe(1);
    expect(degrees[s3OrderItems]).toBe(2);
    const up2 =
      await ok(`{ searchAcrossLineage(input: {urn: "${s3OrderItems}", direction: UPSTREAM, types: [DATASET]}) {
      searchResults { degree entity { urn } } } }`);
    expect(up2.searchAcrossLineage.searchResults).toContainEqual({
      degree: 2,
      entity: { urn: pgOrderItems },
    });
  });

  it('resolves owners, terms and domains of real entities', async () => {
    const data = await ok(`{ dataset(urn: "${ds('dbt', 'order_entry_db.order_entry.order_items')}") {
      ownership { owners { owner { __typename ... on CorpGroup { urn } ... on CorpUser { urn } } ownershipType { urn } } }
      domain { domain { urn properties { name } } }
      glossaryTerms { terms { term { urn } } } } }`);
    expect(data.dataset.ownership.owners).toContainEqual({
      owner: { __typename: 'CorpGroup', urn: 'urn:li:corpGroup:b2fd91.ORG_DATA_PLATFORM' },
      ownershipType: { urn: 'urn:li:ownershipType:__system__technical_owner' },
    });
    expect(data.dataset.domain.domain.urn).toBe('urn:li:domain:b2fd91.1caf2b7c-ca73-4708-bdec-6687d78cab0e');
    const term = await ok(`{ searchAcrossEntities(input: {types: [GLOSSARY_TERM], query: "email"}) {
      searchResults { entity { urn ... on GlossaryTerm { properties { name definition } } } } } }`);
    expect(term.searchAcrossEntities.searchResults[0].entity).toEqual({
      urn: 'urn:li:glossaryTerm:b2fd91.Email_Address',
      properties: {
        name: 'Email Address',
        definition: 'A field containing an email address. Subject to PII handling requirements.',
      },
    });
  });

  it("serves the pack's documents and structured properties with DataHub's types", async () => {
    const data = await ok(`{
      document(urn: "urn:li:document:ecomm-catalog") {
        urn type subType exists settings { showInGlobalContext }
        info { title source { sourceType } status { state } contents { text }
          lastModified { time actor { urn } }
          relatedAssets { asset { __typename urn } } parentDocument { document { urn } } }
      }
      structuredProperty(urn: "urn:li:structuredProperty:showcase.retentionPeriod") {
        urn type exists
        definition { qualifiedName displayName cardinality immutable valueType { urn type }
          entityTypes { urn type }
          allowedValues { value { __typename ... on StringValue { stringValue } } description } }
      }
      entity(urn: "urn:li:document:ecomm-runbooks") { __typename type }
    }`);
    const doc = data.document;
    expect(doc).toMatchObject({
      urn: 'urn:li:document:ecomm-catalog',
      type: 'DOCUMENT',
      subType: 'Overview',
      exists: true,
      settings: { showInGlobalContext: true },
      info: {
        title: 'E-Commerce Data Catalog',
        source: { sourceType: 'NATIVE' },
        status: { state: 'PUBLISHED' },
      },
    });
    expect(doc.info.contents.text).toMatch(/^# E-Commerce Data Catalog/);
    expect(doc.info.lastModified.time).toBeGreaterThan(0);
    expect(doc.info.relatedAssets.map((a: any) => a.asset.__typename)).toContain('DataProduct');
    expect(doc.info.parentDocument).toBeNull();
    const property = data.structuredProperty;
    expect(property).toMatchObject({
      type: 'STRUCTURED_PROPERTY',
      exists: true,
      definition: {
        qualifiedName: 'showcase.retentionPeriod',
        displayName: 'Retention Period',
        cardinality: 'SINGLE',
        immutable: false,
        valueType: { urn: 'urn:li:dataType:datahub.string', type: 'DATA_TYPE' },
        entityTypes: [{ urn: 'urn:li:entityType:datahub.dataset', type: 'ENTITY_TYPE' }],
      },
    });
    expect(property.definition.allowedValues).toContainEqual({
      value: { __typename: 'StringValue', stringValue: '30 days' },
      description: 'Short-term, ephemeral or PII-heavy datasets',
    });
    expect(data.entity).toEqual({ __typename: 'Document', type: 'DOCUMENT' });
    // A document under another names it, and its related tables resolve as datasets.
    const child = await ok(`{ entity(urn: "urn:li:document:ecomm-orders") {
      ... on Document { info { parentDocument { document { urn info { title } } } relatedAssets { asset { __typename } } } } } }`);
    expect(child.entity.info.parentDocument.document.urn).toBe('urn:li:document:ecomm-source-tables');
    expect(child.entity.info.relatedAssets[0].asset.__typename).toBe('Dataset');
  });

  it('searches documents by their text, as DataHub clients filter on DOCUMENT', async () => {
    const all = await ok(
      `{ searchAcrossEntities(input: {types: [DOCUMENT], query: "*", count: 0}) { total } }`,
    );
    expect(all.searchAcrossEntities.total).toBe(18);
    const runbooks =
      await ok(`{ searchAcrossEntities(input: {types: [DOCUMENT], query: "runbook", count: 10}) {
      total searchResults { entity { __typename urn type ... on Document { info { title } } } } } }`);
    const hits = runbooks.searchAcrossEntities.searchResults.map((r: any) => r.entity);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((e: any) => e.__typename === 'Document' && e.type === 'DOCUMENT')).toBe(true);
    expect(hits.map((e: any) => e.urn)).toContain('urn:li:document:ecomm-runbooks');
    // The entity-type facet names documents as DataHub does.
    const facet =
      await ok(`{ searchAcrossEntities(input: {types: [DATASET, DOCUMENT], query: "*", count: 0}) {
      facets { field aggregations { value count } } } }`);
    const types = facet.searchAcrossEntities.facets.find((f: any) => f.field === '_entityType');
    expect(types.aggregations).toEqual(
      expect.arrayContaining([
        { value: 'DATASET', count: 67 },
        { value: 'DOCUMENT', count: 18 },
      ]),
    );
    expect(types.aggregations).toHaveLength(2);
  });
});
