/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openApiChecker } from '../testing/openapi.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE = '/api/v1/spoke/dg/metrics';
const DAYS = [Date.parse('2026-03-09T10:00:00Z'), Date.parse('2026-03-10T10:00:00Z')];

/** GET /api/v1/spoke/dg/metrics over the demo catalog: JSON as openapi.yaml says, CSV on request, coded 400s. */
describe('dg metrics over REST', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-metrics-'));
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
    const loaded = await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 80, historyDays: 3 });
    expect(loaded).toMatchObject({ loaded: true, failed: 0 });
    const metrics = new MetricsService({ store: stack.store, hub: stack.hubPort });
    for (const day of DAYS) await metrics.collectDay(day);
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

  it('answers the series in snake_case, by layer', async () => {
    const { status, body } = await get(
      `${TEMPLATE}?name=datasets&from=2026-03-01&to=2026-03-31&group_by=layer`,
    );
    expect(status).toBe(200);
    const total = (body.series as { points: { value: number }[] }[]).reduce(
      (sum, s) => sum + s.points.at(-1)!.value,
      0,
    );
    expect(total).toBe(80);
    expect(body.series[0]).toMatchObject({ metric: 'datasets', group_by: 'LAYER' });
    expect(body.series[0].points.map((p: { day: string }) => p.day)).toEqual(['2026-03-09', '2026-03-10']);
  });

  it('answers CSV to Accept: text/csv, one row per series and day', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `${TEMPLATE}?name=datasets,ownership&from=2026-03-01&to=2026-03-31`,
      headers: { authorization: `Bearer ${key}`, accept: 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('metric,group_by,group,day,value');
    expect(lines).toHaveLength(1 + 2 * DAYS.length);
    expect(lines).toContain('datasets,catalog,,2026-03-10,80');
  });

  it('refuses bad names, dates, ranges, breakdowns and other groups with a code', async () => {
    const cases: [string, string][] = [
      ['?name=nope&from=2026-03-01&to=2026-03-02', 'UNKNOWN_METRIC'],
      ['?from=2026-03-01&to=2026-03-02', 'UNKNOWN_METRIC'],
      ['?name=datasets&from=2026-13-01&to=2026-03-02', 'INVALID_DATE'],
      ['?name=datasets&from=2026-03-05&to=2026-03-02', 'INVALID_RANGE'],
      ['?name=datasets&from=2026-03-01&to=2026-03-02&group_by=team', 'UNKNOWN_DIMENSION'],
      ['?name=datasets&from=2026-03-01&to=2026-03-02&colour=red', 'UNKNOWN_PARAMETER'],
    ];
    for (const [query, code] of cases) {
      const { status, body } = await get(TEMPLATE + query);
      expect({ query, status, code: body.error_code }).toEqual({ query, status: 400, code });
    }
    const forbidden = await get(`${TEMPLATE}?name=datasets&from=2026-03-01&to=2026-03-02`, analystKey);
    expect(forbidden.status).toBe(403);
  });
});
