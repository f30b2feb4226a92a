import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { SearchDocuments } from '@dataspoke/domain/ports/search-documents';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import type { ErrorLog } from '@dataspoke/subgraphs/masked-errors';
import { serveSubgraph, type ServedSubgraph } from '@dataspoke/subgraphs/serve';
import { openDemoHub, type DemoHub } from '@dataspoke/subgraphs/testing/demo-hub';
import { startGateway, type FederatedGraphql } from './gateway.js';

/**
 * A subgraph served on its own (the distributed mode) masks its unexpected failures itself: the gateway
 * passes the masked error on, and the trace_id the caller gets is the one the subgraph logged the cause under.
 */
describe('a served subgraph masks its own unexpected errors', () => {
  const secret = 'a-secret-only-the-gateway-and-subgraphs-share';
  const admin: Identity = { subject: 'root', groups: ['admin'], via: 'api_key' };
  const subgraphLog: Record<string, unknown>[] = [];
  const gatewayLog: Record<string, unknown>[] = [];
  const logTo = (lines: Record<string, unknown>[]): ErrorLog => ({
    error: (fields, msg) => lines.push({ ...fields, msg }),
  });
  let demo: DemoHub;
  let served: ServedSubgraph;
  let gateway: FederatedGraphql;

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 10, historyDays: 5 });
    // A search index whose every store query fails the way a NUL byte once made it fail.
    const failing = new Proxy({} as SearchDocuments, {
      get: () => () => {
        throw new Error(
          'Failed query: select urn from spoke_da.search_document where x = $1\nparams: secret',
        );
      },
    });
    served = await serveSubgraph('da', demo.port, {
      gatewaySecret: secret,
      search: { documents: failing },
      log: logTo(subgraphLog),
    });
    gateway = await startGateway(demo.port, {
      subgraphUrls: { da: served.url },
      subgraphSecret: secret,
      log: logTo(gatewayLog),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await served?.stop();
    await demo?.dispose();
  });

  it('answers a trace_id, never the SQL, and the subgraph logs the cause under it', async () => {
    const res = await gateway.server.executeOperation(
      { query: 'query Find { search(query: "orders") { total } }' },
      { contextValue: gateway.context(admin) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    const error = res.body.singleResult.errors?.[0];
    expect(JSON.stringify(res.body.singleResult)).not.toMatch(/select|params:/i);
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const traceId = error?.extensions?.trace_id as string;
    expect(error?.message).toBe(`Internal error; see the server log (trace_id ${traceId})`);
    const line = subgraphLog.find((l) => l.trace_id === traceId);
    expect(line?.msg).toMatch(/Failed query: select urn/);
    expect((line?.err as Error | undefined)?.stack).toBeDefined();
    expect(gatewayLog).toEqual([]);
  });
});
