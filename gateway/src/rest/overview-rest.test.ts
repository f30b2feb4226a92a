/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openApiChecker } from '../testing/openapi.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE = '/api/v1/spoke/dg/overview';

/**
 * GET /api/v1/spoke/dg/overview and Query.overview through the gateway over the demo catalog: the answer is
 * GraphQL's in snake_case and matches api/openapi.yaml, bad input is a coded 400, and a hub write drops
 * what was kept.
 */
describe('dg overview over REST and the gateway', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-overview-'));
  const openapi = openApiChecker();
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  let key = '';
  let analystKey = '';

  const get = async (url: string, bearer = key): Promise<{ status: number; body: Body }> => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
    const body = res.json<Body>();
    expect(openapi.problems('GET', TEMPLATE, res.statusCode, body), `GET ${url} → ${res.statusCode}`).toEqual(
      [],
    );
    return { status: res.statusCode, body };
  };

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    const loaded = await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 160, historyDays: 7 });
    expect(loaded).toMatchObject({ loaded: true, failed: 0 });
    const keys = new ApiKeyService(stack.store);
    key = (await keys.create('steward', ['dg'])).key;
    analystKey = (await keys.create('analyst', ['da'])).key;
    app = await buildServer(stack, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the medallion view as Query.overview does, in snake_case', async () => {
    const { status, body } = await get(`${TEMPLATE}?perspective=medallion`);
    expect(status).toBe(200);
    expect(body.datasets).toBe(160);
    expect(body.layers[0]).toMatchObject({
      dataset_urn: expect.any(String),
      evidence: [{ signal: 'explicit' }],
    });
    expect(body.read_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    const gql = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        query: '{ overview(perspective: MEDALLION) { flows { links { from to count direction } } } }',
      },
    });
    expect(body.flows.links).toEqual(gql.json<Body>().data.overview.flows.links);
    const taxonomy = await get(`${TEMPLATE}?perspective=TAXONOMY`);
    expect(taxonomy.body.nodes.some((n: Body) => n.kind === 'GLOSSARY_TERM')).toBe(true);
  });

  it('refuses an unknown perspective, an unknown domain or parameter, and another group', async () => {
    // No perspective: the medallion view.
    expect((await get(TEMPLATE)).body.perspective).toBe('MEDALLION');
    const sideways = await get(`${TEMPLATE}?perspective=sideways`);
    expect(sideways).toMatchObject({ status: 400, body: { error_code: 'UNKNOWN_PERSPECTIVE' } });
    const nowhere = await get(
      `${TEMPLATE}?perspective=medallion&domain=${encodeURIComponent('urn:li:domain:nope')}`,
    );
    expect(nowhere).toMatchObject({ status: 400, body: { error_code: 'UNKNOWN_DOMAIN' } });
    expect((await get(`${TEMPLATE}?perspective=medallion&layer=gold`)).body.error_code).toBe(
      'UNKNOWN_PARAMETER',
    );
    expect((await get(`${TEMPLATE}?perspective=medallion`, analystKey)).status).toBe(403);
  });

  it('answers from what it kept until the hub changes, then reads the catalog again', async () => {
    const before = (await get(`${TEMPLATE}?perspective=medallion`)).body.read_at;
    expect((await get(`${TEMPLATE}?perspective=medallion`)).body.read_at).toBe(before);
    const urn = (await get(`${TEMPLATE}?perspective=medallion`)).body.layers[0].dataset_urn;
    await new Promise((r) => setTimeout(r, 5));
    await stack.hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: urn,
        changeType: 'UPSERT',
        aspectName: 'globalTags',
        aspect: { tags: [{ tag: 'urn:li:tag:Gold' }] },
      },
    ]);
    await expect
      .poll(async () => (await get(`${TEMPLATE}?perspective=medallion`)).body.read_at)
      .not.toBe(before);
  });
});
