import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POSTGRES_SKIP_REASON, storeKinds, TEST_DATABASE_URL } from '@dataspoke/platform/testing/stores';
import { SUBGRAPH_NAMES } from '@dataspoke/subgraphs/schema-file';
import { openDemoHub, type DemoHub } from '@dataspoke/subgraphs/testing/demo-hub';
import { dataspoke, startCommand, startDataspoke, type RunningCommand } from '../testing/cli.js';

const SECRET = 'a-secret-only-the-gateway-and-subgraphs-share';

if (!TEST_DATABASE_URL)
  console.warn(`[skip] the distributed mode over separate processes: ${POSTGRES_SKIP_REASON}`);

/**
 * The distributed mode as an operator runs it: `dataspoke subgraph <name>` four times and `dataspoke start`
 * as the gateway, five processes sharing one PostgreSQL, the gateway reaching each subgraph by URL.
 */
describe.skipIf(!TEST_DATABASE_URL)('the gateway over subgraph processes (dataspoke subgraph)', () => {
  let demo: DemoHub;
  const running: RunningCommand[] = [];
  let graphqlUrl = '';
  let gmsUrl = '';
  const env = () => ({
    DATABASE_URL: demo.databaseUrl!,
    DATASPOKE_SUBGRAPH_SECRET: SECRET,
    DATASPOKE_DEMO: 'false',
    // Lexical search only: five processes each loading the embedding model would only slow the test down.
    DATASPOKE_EMBEDDER: 'none',
  });
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'dataspoke-distributed-'));

  beforeAll(async () => {
    const postgres = storeKinds().find((k) => k.name === 'postgres')!;
    demo = await openDemoHub(postgres, { datasets: 160, historyDays: 30 });
    const subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map((name) =>
        startCommand(['subgraph', name], dataDir(), env(), (out) => /running at \S+\n/.test(out)),
      ),
    );
    running.push(...subgraphs);
    const urls = Object.fromEntries(
      SUBGRAPH_NAMES.map((name, i) => [
        `DATASPOKE_SUBGRAPH_URL_${name.toUpperCase()}`,
        /running at (\S+)\n/.exec(subgraphs[i]!.banner)![1]!,
      ]),
    );
    const gateway = await startDataspoke(['--open'], dataDir(), { ...env(), ...urls });
    running.push(gateway);
    const base = /federated GraphQL:\s+(\S+)/.exec(gateway.banner)![1]!;
    graphqlUrl = base;
    gmsUrl = base.replace(/\/graphql$/, '/gms');
  }, 300_000);
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await demo?.dispose();
  });

  interface Page {
    dataset: {
      urn: string;
      freshness?: { status: string };
      schemaMetadata?: { fields: unknown[] };
      documentationCoverage?: { ratio: number };
      properties?: { description?: string | null } | null;
    };
    searchDatasets?: { total: number };
    catalogSummary?: { datasets: number };
  }
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      data?: Page;
      errors?: { extensions?: { code?: string } }[];
    };
  };

  it('answers one query from all four subgraph processes', async () => {
    const late = demo.catalog.incidents.find((i) => i.id === 'late-load-daily-revenue-by-store')!;
    const result = await ask(
      `query($urn: String!) {
        dataset(urn: $urn) {
          urn name schemaMetadata { fields { fieldPath } }
          freshness { status } documentationCoverage { ratio }
        }
        searchDatasets(query: "payments", limit: 5) { total }
        catalogSummary { datasets }
      }`,
      { urn: late.datasetUrn },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.dataset).toMatchObject({ urn: late.datasetUrn, freshness: { status: 'LATE' } });
    expect(result.data!.dataset.schemaMetadata!.fields.length).toBeGreaterThan(0);
    expect(result.data!.dataset.documentationCoverage!.ratio).toBeGreaterThanOrEqual(0);
    expect(result.data!.searchDatasets!.total).toBeGreaterThan(0);
    expect(result.data!.catalogSummary!.datasets).toBe(160);
  });

  it('shows a change written through the gateway process on the next reads of the datahub process', async () => {
    const urn = demo.catalog.incidents[0]!.datasetUrn;
    const description = async () =>
      (await ask('query($urn: String!) { dataset(urn: $urn) { properties { description } } }', { urn })).data!
        .dataset.properties?.description;
    expect(await description()).not.toBe('rewritten in another process'); // read, so now cached
    const write = await fetch(`${gmsUrl}/aspects?action=ingestProposal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        proposal: {
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: {
            value: JSON.stringify({ name: 'x', description: 'rewritten in another process' }),
            contentType: 'application/json',
          },
        },
        async: 'false',
      }),
    });
    expect(write.status).toBe(200);
    // The datahub process learns of it by a PostgreSQL notification, within milliseconds.
    await vi.waitFor(async () => expect(await description()).toBe('rewritten in another process'), {
      timeout: 5000,
    });
  });

  it('refuses to serve an unknown subgraph, or one with no secret or nothing to share the hub through', () => {
    const result = dataspoke(['subgraph', 'sales'], dataDir(), { DATASPOKE_EMBEDDER: 'none' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('INVALID_CONFIGURATION');
    expect(result.stderr).toContain('unknown subgraph "sales"');
    expect(result.stderr).toContain('DATASPOKE_SUBGRAPH_SECRET');
    expect(result.stderr).toContain('DATABASE_URL');
  });
});
