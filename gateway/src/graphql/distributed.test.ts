import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayToken, GATEWAY_TOKEN_HEADER } from '@dataspoke/domain/auth/gateway-token';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { serveSubgraph, type ServedSubgraph } from '@dataspoke/subgraphs/serve';
import { SUBGRAPH_NAMES } from '@dataspoke/subgraphs/schema-file';
import { openDemoHub, type DemoHub } from '@dataspoke/subgraphs/testing/demo-hub';
import { startGateway, type FederatedGraphql } from './gateway.js';

/** The distributed mode: every subgraph its own HTTP server, the gateway reaching them by URL. */
describe('gateway over subgraphs served over HTTP', () => {
  let demo: DemoHub;
  let served: ServedSubgraph[] = [];
  let remote: FederatedGraphql;
  let local: FederatedGraphql;

  const secret = 'a-secret-only-the-gateway-and-subgraphs-share';
  const analyst: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };
  const admin: Identity = { subject: 'root', groups: ['admin'], via: 'api_key' };

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 160, historyDays: 30 });
    served = await Promise.all(
      SUBGRAPH_NAMES.map((name) => serveSubgraph(name, demo.port, { gatewaySecret: secret })),
    );
    remote = await startGateway(demo.port, {
      subgraphUrls: Object.fromEntries(served.map((s) => [s.name, s.url])),
      subgraphSecret: secret,
    });
    local = await startGateway(demo.port);
  });
  afterAll(async () => {
    await remote?.stop();
    await local?.stop();
    await Promise.all(served.map((s) => s.stop()));
    await demo?.dispose();
  });

  it('answers a query across all four subgraphs exactly as the in-process gateway does', async () => {
    const late = demo.catalog.incidents.find((i) => i.id === 'late-load-daily-revenue-by-store')!;
    const query = `query($urn: String!) {
      dataset(urn: $urn) {
        urn name properties { description } schemaMetadata { fields { fieldPath type } }
        ownership { owners { owner { ... on CorpUser { username } ... on CorpGroup { name } } } }
        freshness { status cadence { label } } documentationCoverage { ratio }
      }
      searchDatasets(query: "payments", limit: 5) { total results { dataset { urn name freshness { status } } } }
      catalogSummary { datasets byLayer { key count } }
      bad: dataset(urn: "nope") { urn }
    }`;
    const ask = async (gateway: FederatedGraphql) => {
      const res = await gateway.server.executeOperation(
        { query, variables: { urn: late.datasetUrn } },
        { contextValue: gateway.context(admin) },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      return res.body.singleResult;
    };
    const overHttp = await ask(remote);
    expect(overHttp.data?.dataset).toMatchObject({ urn: late.datasetUrn, freshness: { status: 'LATE' } });
    expect(overHttp.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_URN', serviceName: 'datahub' });
    expect(overHttp.data).toEqual((await ask(local)).data);
    expect(overHttp.errors?.map((e) => e.extensions?.code)).toEqual(
      (await ask(local)).errors?.map((e) => e.extensions?.code),
    );
  });

  it('passes the caller on: a subgraph server applies the same group rules as the embedded gateway', async () => {
    const ask = async (query: string) => {
      const res = await remote.server.executeOperation({ query }, { contextValue: remote.context(analyst) });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      return res.body.singleResult;
    };
    // The analyst may search (da) but not read the governance summary (dg).
    const search = await ask('{ searchDatasets(query: "orders", limit: 1) { total } }');
    expect(search.errors).toBeUndefined();
    expect((search.data as { searchDatasets: { total: number } }).searchDatasets.total).toBeGreaterThan(0);
    const summary = await ask('{ catalogSummary { datasets } }');
    expect(summary.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses calls that did not come through the gateway: no token or a forged one', async () => {
    const dg = served.find((s) => s.name === 'dg')!;
    const post = (headers: Record<string, string>) =>
      fetch(dg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ catalogSummary { datasets } }' }),
      });
    const direct = await post({});
    expect(direct.status).toBe(401);
    expect(JSON.stringify(await direct.json())).toContain('UNAUTHENTICATED');
    const forged = await post({
      [GATEWAY_TOKEN_HEADER]: await signGatewayToken(admin, 'not-the-shared-secret-at-all!!'),
    });
    expect(forged.status).toBe(401);
    const genuine = await post({ [GATEWAY_TOKEN_HEADER]: await signGatewayToken(admin, secret) });
    expect(genuine.status).toBe(200);
    expect(
      ((await genuine.json()) as { data: { catalogSummary: { datasets: number } } }).data.catalogSummary
        .datasets,
    ).toBe(160);
  });
});
