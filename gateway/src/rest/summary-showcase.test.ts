/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetadataFile } from '@dataspoke/hub/formats/index';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openApiChecker } from '../testing/openapi.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * DataHub's showcase datapack names its domains (`Data Platform Team`, …) apart from their urns
 * (`urn:li:domain:b2fd91.<uuid>`): the dg summary shows them by name, over REST and the federated GraphQL.
 */
describe('dg summary over the showcase datapack', () => {
  const SHOWCASE = fileURLToPath(new URL('../../../../shared/datahub/showcase-ecommerce/', import.meta.url));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-summary-'));
  const openapi = openApiChecker();
  const domainNames = new Map<string, string>();
  let stack: EmbeddedStack;
  let app: FastifyInstance;

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    for (const file of ['01-definitions.json', '02-data.json', '03-context.json']) {
      const proposals = (await readMetadataFile(`${SHOWCASE}${file}`)).proposals.map((p) => p.proposal);
      await stack.hub.ingest(proposals);
      for (const p of proposals) {
        const name = (p.aspect as { name?: unknown } | undefined)?.name;
        if (p.aspectName === 'domainProperties' && typeof name === 'string')
          domainNames.set(p.entityUrn, name);
      }
    }
    app = await buildServer(stack, { logger: false, open: true });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names each domain by its name on GET /api/v1/spoke/dg/summary and in catalogSummary', async () => {
    const template = '/api/v1/spoke/dg/summary';
    const res = await app.inject({ method: 'GET', url: template });
    const body = res.json<Body>();
    expect(openapi.problems('GET', template, res.statusCode, body)).toEqual([]);
    expect(res.statusCode).toBe(200);
    const domains = (body.by_domain as { key: string | null; name: string | null }[]).filter(
      (d) => d.key !== null,
    );
    expect(domains.map((d) => d.name).sort()).toEqual(domains.map((d) => domainNames.get(d.key!)).sort());
    expect(domains.map((d) => d.name)).toContain('Data Platform Team');
    expect(domains.every((d) => !String(d.name).includes('b2fd91'))).toBe(true);

    // REST is GraphQL's data in snake_case: the same names through /graphql.
    const gql = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ catalogSummary { byDomain { key name count } byPlatform { key name count } } }' },
    });
    const summary = gql.json<Body>().data.catalogSummary;
    expect(summary.byDomain).toEqual(body.by_domain);
    expect(summary.byPlatform).toEqual(body.by_platform);
  });
});
