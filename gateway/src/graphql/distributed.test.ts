import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '@dataspoke/domain/testing/stores';
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

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 160, historyDays: 30 });
    served = await Promise.all(SUBGRAPH_NAMES.map((name) => serveSubgraph(name, demo.port)));
    remote = await startGateway(demo.port, {
      subgraphUrls: Object.fromEntries(served.map((s) => [s.name, s.url])),
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
        { contextValue: gateway.context() },
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
});
