import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from './embedded-stack.js';
import { buildServer } from './server.js';

/** The embedded default as `dataspoke start` assembles it, on a file-backed PGlite in a temp dir. */
describe('embedded stack: first start with the demo catalog', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-start-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;

  beforeAll(async () => {
    stack = await openEmbeddedStack(
      loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_MAX_BODY_BYTES: '65536' }),
    );
    app = await buildServer(stack, { logger: false, open: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the demo catalog once into an empty hub and writes down the planted incidents', async () => {
    const first = await loadDemoCatalogOnFirstStart(stack, undefined, { historyDays: 30 });
    expect(first).toMatchObject({ loaded: true, failed: 0 });
    const recorded = JSON.parse(readFileSync(first.incidentsFile!, 'utf8')) as {
      incidents: { kind: string }[];
    };
    expect(recorded.incidents.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['late_load', 'volume_drop', 'null_spike', 'schema_change']),
    );
    const second = await loadDemoCatalogOnFirstStart(stack, undefined, { historyDays: 30 });
    expect(second).toEqual({ loaded: false, reason: 'already loaded' });
  });

  it('answers /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      hub: 'embedded',
      store: 'pglite',
      storage: { writable: true },
    });
  });

  it('serves the hub under /gms: config, aspect reads and DataHub GraphQL over the demo catalog', async () => {
    const config = await app.inject({ method: 'GET', url: '/gms/config' });
    expect(config.json()).toMatchObject({ noCode: 'true' });

    const search = await app.inject({
      method: 'POST',
      url: '/gms/api/graphql',
      payload: {
        query:
          'query($q: String!) { searchAcrossEntities(input: {types: [DATASET], query: $q, start: 0, count: 5}) { total searchResults { entity { urn } } } }',
        variables: { q: 'orders' },
      },
    });
    const body = search.json<{
      data: { searchAcrossEntities: { total: number; searchResults: { entity: { urn: string } }[] } };
    }>();
    expect(body.data.searchAcrossEntities.total).toBeGreaterThan(0);
    const urn = body.data.searchAcrossEntities.searchResults[0]!.entity.urn;

    const aspect = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${encodeURIComponent(urn)}?aspect=schemaMetadata&version=0`,
    });
    expect(aspect.statusCode).toBe(200);
    expect(JSON.stringify(aspect.json())).toContain('fieldPath');
  });

  it('answers unknown routes and oversized bodies with the standard error shape', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    const error = missing.json<{ error_code: string; message: string; trace_id: string }>();
    expect(error.error_code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/GET \/api\/v1\/nope/);
    expect(error.trace_id.length).toBeGreaterThan(8);

    const big = await app.inject({
      method: 'POST',
      url: '/gms/aspects?action=ingestProposalBatch',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ proposals: [], padding: 'x'.repeat(70_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('stack pointed at a real DataHub (DATASPOKE_HUB=gms)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-gms-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;

  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, so DataHub is "down".
    stack = await openEmbeddedStack(
      loadConfig({
        DATASPOKE_DATA_DIR: dataDir,
        DATASPOKE_HUB: 'gms',
        DATAHUB_GMS_URL: 'http://127.0.0.1:9',
      }),
    );
    app = await buildServer(stack, { logger: false, open: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not load the demo catalog nor serve the embedded hub', async () => {
    expect(await loadDemoCatalogOnFirstStart(stack)).toEqual({
      loaded: false,
      reason: 'a real DataHub is configured',
    });
    expect((await app.inject({ method: 'GET', url: '/gms/config' })).statusCode).toBe(404);
  });

  it('answers /graphql with DATAHUB_UNAVAILABLE while DataHub is down, without hanging', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,t,PROD)") { urn name } }' },
    });
    const body = res.json<{ errors?: { extensions?: { code?: string } }[] }>();
    expect(body.errors?.[0]?.extensions?.code).toBe('DATAHUB_UNAVAILABLE');
  });
});
