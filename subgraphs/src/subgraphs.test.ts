import { graphql, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { JsonObject } from '@dataspoke/hub/model';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { buildSubgraphSchemas, createSubgraphContext, SUBGRAPH_NAMES, type SubgraphName } from './index.js';
import { openDemoHub, type DemoHub } from './testing/demo-hub.js';

const ADMIN: Identity = { subject: 'test admin', groups: ['admin'], via: 'api_key' };

/** A hub port that counts its calls per method. */
function counting(port: HubPort): { port: HubPort; calls: Record<string, number>; total(): number } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(property)] = (calls[String(property)] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { port: proxy, calls, total: () => Object.values(calls).reduce((a, b) => a + b, 0) };
}

describe('subgraphs over the demo catalog (embedded hub on PGlite)', () => {
  let demo: DemoHub;
  const schemas = buildSubgraphSchemas();
  let datasetUrns: string[];

  const run = async (
    name: SubgraphName,
    source: string,
    variableValues?: Record<string, unknown>,
    port: HubPort = demo.port,
  ): Promise<ExecutionResult<Record<string, unknown>>> =>
    graphql({
      schema: schemas[name],
      source,
      variableValues,
      contextValue: createSubgraphContext(port, ADMIN),
    });

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 160, historyDays: 30 });
    const page = await demo.port.search({ types: ['DATASET'], query: '*', start: 0, count: 160 });
    datasetUrns = page.hits.map((h) => h.entity.urn);
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  describe.each(SUBGRAPH_NAMES)('federation contract: %s', (name) => {
    const probe: Record<SubgraphName, string> = {
      datahub: 'name platform { name }',
      de: 'freshness { status }',
      da: '__typename',
      dg: 'documentationCoverage { ratio }',
    };

    it('publishes its SDL with Dataset @key(fields: "urn")', async () => {
      const result = await run(name, '{ _service { sdl } }');
      const sdl = (result.data?._service as { sdl: string }).sdl;
      expect(sdl).toMatch(/type Dataset[^{]*@key\(fields: "urn"\)/);
      expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    });

    it('resolves Dataset references through _entities', async () => {
      const urn = datasetUrns[0]!;
      const result = await run(
        name,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { urn ${probe[name]} } } }`,
        { r: [{ __typename: 'Dataset', urn }] },
      );
      expect(result.errors).toBeUndefined();
      const [entity] = result.data?._entities as Record<string, unknown>[];
      expect(entity).toMatchObject({ urn });
      expect(Object.keys(entity!).length).toBeGreaterThan(1);
    });
  });

  it('datahub: a dataset with DataHub field names; unknown urn null; malformed urn INVALID_URN', async () => {
    const urn = datasetUrns.find((u) => u.includes('gold_us.daily_revenue_by_store,'))!;
    const result = await run(
      'datahub',
      `query($urn: String!) { dataset(urn: $urn) {
        urn type name platform { urn name }
        properties { name description qualifiedName customProperties { key value } }
        schemaMetadata { fields { fieldPath type nativeDataType description nullable isPartOfKey } }
        ownership { owners { owner { __typename ... on CorpUser { urn username } ... on CorpGroup { urn name } } type } }
        tags { tags { tag { urn properties { name } } } }
        glossaryTerms { terms { term { urn } } }
        domain { domain { urn properties { name } } }
        subTypes { typeNames }
        upstream: lineage(input: { direction: UPSTREAM }) { total relationships { type entity { urn type } } }
      } }`,
      { urn },
    );
    expect(result.errors).toBeUndefined();
    const d = result.data?.dataset as JsonObject;
    expect(d).toMatchObject({ urn, type: 'DATASET' });
    expect(d.name).toContain('daily_revenue_by_store');
    expect(JSON.stringify(d.schemaMetadata)).toContain('fieldPath');
    expect((d.upstream as { total: number }).total).toBeGreaterThan(0);
    expect(JSON.stringify(d.ownership)).toMatch(/urn:li:corp(user|Group)/);

    const unknown = await run('datahub', 'query($urn: String!) { dataset(urn: $urn) { urn } }', {
      urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,no.such.table,PROD)',
    });
    expect(unknown).toEqual({ data: { dataset: null } });
    const malformed = await run('datahub', '{ dataset(urn: "not-an-urn") { urn } }');
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_URN' });
  });

  it('datahub: 100 datasets with schema, owners, tags and lineage cost a constant number of hub calls', async () => {
    const query = `query($urns: [String!]!) { entities(urns: $urns) { urn ... on Dataset {
      name platform { name properties { displayName } }
      schemaMetadata { fields { fieldPath type description } }
      ownership { owners { owner { ... on CorpUser { username properties { displayName } } ... on CorpGroup { name } } } }
      tags { tags { tag { properties { name } } } }
      domain { domain { properties { name } } }
      upstream: lineage(input: { direction: UPSTREAM }) { relationships { entity { urn ... on Dataset { name } } } }
      downstream: lineage(input: { direction: DOWNSTREAM }) { relationships { entity { urn ... on Dataset { name } } } }
    } } }`;
    const measure = async (n: number) => {
      const counter = counting(demo.port);
      const result = await run('datahub', query, { urns: datasetUrns.slice(0, n) }, counter.port);
      expect(result.errors).toBeUndefined();
      expect((result.data?.entities as unknown[]).filter(Boolean)).toHaveLength(n);
      return counter;
    };
    // One call per level of the query whatever the number of datasets: the datasets, one lineage call per
    // direction, the lineage targets of each direction, and the owners, tags, domains and platforms together.
    for (const n of [10, 100, 150]) {
      const counter = await measure(n);
      const calls = counter.calls;
      expect(calls.getDatasets, `${n} datasets`).toBeLessThanOrEqual(3);
      expect(calls.getLineage, `${n} datasets`).toBe(2);
      expect(calls.getEntities ?? 0, `${n} datasets`).toBeLessThanOrEqual(1);
      expect(counter.total(), `${n} datasets`).toBeLessThanOrEqual(6);
    }
  });

  it('de: the planted late load is LATE and a healthy daily table ON_TIME', async () => {
    const late = demo.catalog.incidents.find((i) => i.id === 'late-load-daily-revenue-by-store')!;
    const healthy = datasetUrns.find((u) => u.includes('gold_us.daily_orders_summary,'))!;
    const result = await run(
      'de',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { urn freshness {
        lastUpdatedAt cadence { seconds label } expectedNextUpdateAt status lateBySeconds } } } }`,
      {
        r: [
          { __typename: 'Dataset', urn: late.datasetUrn },
          { __typename: 'Dataset', urn: healthy },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const [lateF, healthyF] = (result.data?._entities as { freshness: JsonObject }[]).map((e) => e.freshness);
    expect(lateF).toMatchObject({ status: 'LATE', cadence: { label: 'DAILY' } });
    expect(lateF!.lateBySeconds as number).toBeGreaterThan(3600);
    expect(healthyF).toMatchObject({ status: 'ON_TIME', lateBySeconds: 0, cadence: { label: 'DAILY' } });
  });

  it('da: searchDatasets with filters and paging; a limit over 100 is refused', async () => {
    const result = await run(
      'da',
      `{ searchDatasets(query: "payments", filters: { tags: ["Silver"] }, limit: 5) {
        total offset limit results { dataset { urn } matchedFields { name value } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const page = result.data?.searchDatasets as { total: number; results: { dataset: { urn: string } }[] };
    expect(page.total).toBeGreaterThan(0);
    expect(page.results.every((r) => r.dataset.urn.includes('silver'))).toBe(true);
    const refused = await run('da', '{ searchDatasets(query: "x", limit: 101) { total } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_LIMIT',
      category: 'BAD_USER_INPUT',
    });
  });

  it('dg: catalogSummary counts every dataset by platform, domain and layer', async () => {
    const result = await run(
      'dg',
      '{ catalogSummary { datasets byPlatform { key count } byDomain { key count } byLayer { key count } } }',
    );
    expect(result.errors).toBeUndefined();
    const s = result.data?.catalogSummary as {
      datasets: number;
      byPlatform: { key: string; count: number }[];
      byDomain: { key: string | null; count: number }[];
      byLayer: { key: string | null; count: number }[];
    };
    expect(s.datasets).toBe(160);
    const sum = (xs: { count: number }[]) => xs.reduce((a, x) => a + x.count, 0);
    expect(sum(s.byPlatform)).toBe(160);
    expect(sum(s.byDomain)).toBe(160);
    expect(s.byLayer.map((l) => l.key)).toEqual(expect.arrayContaining(['bronze', 'silver', 'gold']));
    expect(s.byPlatform[0]!.key).toMatch(/^urn:li:dataPlatform:/);
  });

  it('root fields belong to their group: a spoke root field needs its group or admin; DataHub reads need an identity', async () => {
    const as = (identity: Identity | null, name: SubgraphName, source: string) =>
      graphql({ schema: schemas[name], source, contextValue: createSubgraphContext(demo.port, identity) });
    const analyst: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };
    const steward: Identity = { subject: 'sam', groups: ['dg'], via: 'jwt' };
    const summary = '{ catalogSummary { datasets } }';
    expect((await as(steward, 'dg', summary)).errors).toBeUndefined();
    const refused = await as(analyst, 'dg', summary);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.errors?.[0]?.message).toContain('dg group');
    expect((await as(null, 'dg', summary)).errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const search = '{ searchDatasets(query: "orders", limit: 1) { total } }';
    expect((await as(analyst, 'da', search)).errors).toBeUndefined();
    expect((await as(steward, 'da', search)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const read = `{ dataset(urn: "${datasetUrns[0]}") { urn } }`;
    expect((await as(steward, 'datahub', read)).errors).toBeUndefined();
    expect((await as(null, 'datahub', read)).errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
