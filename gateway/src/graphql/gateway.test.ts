import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The federated endpoint of the embedded default, end to end in-process, over the demo catalog. */
describe('gateway: /graphql over the four subgraphs in-process', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-gateway-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  const calls: Record<string, number> = {};
  let lateUrn: string;
  let adminKey: string;

  const post = async (query: string, variables?: Record<string, unknown>): Promise<GraphqlBody> => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query, variables },
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.headers['content-type']).toContain('application/json');
    return res.json<GraphqlBody>();
  };

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    const loaded = await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 160, historyDays: 30 });
    expect(loaded).toMatchObject({ loaded: true, failed: 0 });
    const real = stack.hubPort;
    // Count the subgraphs' hub calls: every port method goes through this proxy.
    stack.hubPort = new Proxy(real, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls[String(property)] = (calls[String(property)] ?? 0) + 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    adminKey = (await new ApiKeyService(stack.store).create('gateway test', ['admin'])).key;
    app = await buildServer(stack, { logger: false });
    const page = await real.search({
      types: ['DATASET'],
      query: 'daily_revenue_by_store',
      start: 0,
      count: 5,
    });
    lateUrn = page.hits.map((h) => h.entity.urn).find((u) => u.includes('gold_us.daily_revenue_by_store,'))!;
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("turns Apollo's usage reporting off, so the gateway calls nothing it was not configured to", () => {
    // Without it @apollo/gateway exports telemetry to Apollo and probes cloud metadata addresses.
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('answers one query across datahub, de, da and dg', async () => {
    const body = await post(
      `query DatasetPage($urn: String!) {
        dataset(urn: $urn) {
          urn name platform { name }
          properties { description customProperties { key value } }
          schemaMetadata { fields { fieldPath type nativeDataType } }
          ownership { owners { owner { ... on CorpUser { username } ... on CorpGroup { name } } type } }
          freshness { status lateBySeconds cadence { seconds label } lastUpdatedAt expectedNextUpdateAt }
          documentationCoverage { tableDocumented fieldsDocumented fieldsTotal ratio }
          lineage(input: { direction: UPSTREAM }) {
            total relationships { entity { urn ... on Dataset { name freshness { status } } } }
          }
        }
        searchDatasets(query: "revenue", limit: 3) {
          total results { dataset { urn name freshness { status } documentationCoverage { ratio } } }
        }
        catalogSummary { datasets byPlatform { key count } byLayer { key count } }
      }`,
      { urn: lateUrn },
    );
    expect(body.errors).toBeUndefined();
    const data = body.data as {
      dataset: Record<string, unknown> & {
        freshness: { status: string; cadence: { label: string } };
        documentationCoverage: { fieldsTotal: number; ratio: number };
        lineage: { total: number; relationships: { entity: { urn: string } }[] };
      };
      searchDatasets: {
        total: number;
        results: { dataset: { name: string; freshness: { status: string } } }[];
      };
      catalogSummary: { datasets: number; byLayer: { key: string | null; count: number }[] };
    };
    expect(data.dataset.urn).toBe(lateUrn);
    expect(data.dataset.freshness).toMatchObject({ status: 'LATE', cadence: { label: 'DAILY' } });
    expect(data.dataset.documentationCoverage.fieldsTotal).toBeGreaterThan(0);
    expect(data.dataset.documentationCoverage.ratio).toBeGreaterThanOrEqual(0);
    expect(data.dataset.lineage.total).toBeGreaterThan(0);
    expect(data.searchDatasets.total).toBeGreaterThan(0);
    expect(data.searchDatasets.results[0]!.dataset.name.length).toBeGreaterThan(0);
    expect(['ON_TIME', 'LATE', 'UNKNOWN']).toContain(
      data.searchDatasets.results[0]!.dataset.freshness.status,
    );
    expect(data.catalogSummary.datasets).toBe(160);
  });

  it('lists 10 or 50 datasets with fields from every subgraph in a constant number of hub calls', async () => {
    const list = async (limit: number) => {
      for (const k of Object.keys(calls)) delete calls[k];
      const body = await post(
        `query($limit: Int) { searchDatasets(limit: $limit) { results { dataset {
          urn name schemaMetadata { fields { fieldPath } }
          ownership { owners { owner { ... on CorpUser { username properties { displayName } } } } }
          freshness { status } documentationCoverage { ratio }
        } } } }`,
        { limit },
      );
      expect(body.errors).toBeUndefined();
      expect((body.data!.searchDatasets as { results: unknown[] }).results).toHaveLength(limit);
      return { ...calls };
    };
    for (const limit of [10, 50]) {
      const c = await list(limit);
      expect(c.search).toBe(1);
      expect(c.getOperations).toBe(1);
      expect(c.getDatasets).toBeLessThanOrEqual(2);
      expect(c.getEntities ?? 0).toBeLessThanOrEqual(1);
    }
  });

  it('gives null for an unknown urn and coded errors for bad input', async () => {
    const unknown = await post('query($u: String!) { dataset(urn: $u) { urn freshness { status } } }', {
      u: 'urn:li:dataset:(urn:li:dataPlatform:hive,no.such.table,PROD)',
    });
    expect(unknown).toEqual({ data: { dataset: null } });

    const malformed = await post('{ dataset(urn: "nope") { urn } }');
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_URN');

    const tooMany = await post('{ searchDatasets(limit: 101) { total } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INVALID_LIMIT');

    const invalid = await post('{ dataset(urn: "x") { noSuchField } }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('gateway with DATASPOKE_HUB=gms and DataHub down', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-gateway-gms-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;

  beforeAll(async () => {
    const probe = Fastify();
    const closedUrl = await probe.listen({ host: '127.0.0.1', port: 0 });
    await probe.close();
    stack = await openEmbeddedStack(
      loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_HUB: 'gms', DATAHUB_GMS_URL: closedUrl }),
    );
    app = await buildServer(stack, { logger: false, open: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers with DATAHUB_UNAVAILABLE instead of hanging', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: {
        query: '{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,a.b,PROD)") { urn name } }',
      },
    });
    const body = res.json<GraphqlBody>();
    expect(body.data).toEqual({ dataset: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('DATAHUB_UNAVAILABLE');
  });
});
