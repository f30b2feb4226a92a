/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import type { Group } from '@dataspoke/domain/auth/identity';
import { deMetricJudges } from '@dataspoke/domain/adapters/metrics/de-metric-judges';
import { dayOf } from '@dataspoke/domain/dg/metrics/days';
import { MetricsCollector } from '@dataspoke/domain/dg/metrics/metrics-collector';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openApiChecker } from '../testing/openapi.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The DG metrics over GraphQL and REST (JSON and CSV), after a collection of the demo catalog. */
describe('DG metrics API', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-metrics-'));
  const openapi = openApiChecker();
  const TEMPLATE = '/api/v1/spoke/dg/metrics';
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  const keys = {} as Record<Group, string>;
  let today: string;
  let firstDay: string;

  const get = async (query: string, accept?: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `${TEMPLATE}?${query}`,
      headers: { authorization: `Bearer ${keys.dg}`, ...(accept && { accept }) },
    });
    return res;
  };
  const json = async (query: string) => {
    const res = await get(query);
    const body = res.json<Body>();
    expect(openapi.problems('GET', TEMPLATE, res.statusCode, body), query).toEqual([]);
    return { status: res.statusCode, body };
  };
  const graphql = async (group: Group, query: string, variables: Record<string, unknown> = {}) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keys[group]}`, 'content-type': 'application/json' },
      payload: { query, variables },
    });
    return res.json<Body>();
  };

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 40, historyDays: 20 });
    const service = new ApiKeyService(stack.store);
    for (const group of ['de', 'da', 'dg', 'admin'] as const)
      keys[group] = (await service.create(group, [group])).key;
    app = await buildServer(stack, { logger: false });
    const report = await new MetricsCollector({
      store: stack.store,
      hub: stack.hubPort,
      events: stack.spokeEvents,
      judges: deMetricJudges,
      layers: () => stack.overview.layers(),
    }).collect(Date.now());
    today = report.lastDay;
    firstDay = report.firstDay;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers series by name, range and breakdown, as documented', async () => {
    const { status, body } = await json(`name=datasets,table_documentation&from=${firstDay}&to=${today}`);
    expect(status).toBe(200);
    expect(body.total_count).toBe(2);
    const datasets = body.metrics.find((s: Body) => s.metric === 'datasets');
    expect(datasets).toMatchObject({ dimension: 'catalog', key: '', unit: 'count', target: null });
    expect(datasets.points.at(-1)).toEqual({ day: today, value: 40 });
    const byLayer = await json(`name=datasets&from=${today}&to=${today}&group_by=layer`);
    const total = byLayer.body.metrics.reduce((s: number, m: Body) => s + (m.points[0].value as number), 0);
    expect(total).toBe(40);
    const layer = byLayer.body.metrics[0].key as string;
    const one = await json(`name=datasets&from=${today}&to=${today}&group_by=layer&key=${layer}`);
    expect(one.body.metrics.map((m: Body) => m.key)).toEqual([layer]);
  });

  it('answers CSV, one row per point, when asked for text/csv', async () => {
    const res = await get(`name=datasets&from=${firstDay}&to=${today}`, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('metric,dimension,key,day,value');
    expect(lines.at(-1)).toBe(`datasets,catalog,,${today},40`);
    expect(lines.length - 1).toBe(
      (await json(`name=datasets&from=${firstDay}&to=${today}`)).body.metrics[0].points.length,
    );
  });

  it('refuses bad names, dates, ranges and groupings with codes', async () => {
    const cases: [string, string][] = [
      ['name=nope&from=2026-01-01&to=2026-01-02', 'UNKNOWN_METRIC'],
      ['from=2026-01-01&to=2026-01-02', 'INVALID_NAMES'],
      ['name=datasets&from=2026-13-01&to=2026-01-02', 'INVALID_DATE'],
      ['name=datasets&from=2026-02-01&to=2026-01-02', 'INVALID_RANGE'],
      ['name=datasets&from=2020-01-01&to=2026-01-02', 'INVALID_RANGE'],
      ['name=datasets&from=2026-01-01&to=2026-01-02&group_by=team', 'INVALID_GROUP_BY'],
      ['name=datasets&from=2026-01-01&to=2026-01-02&color=red', 'UNKNOWN_PARAMETER'],
    ];
    for (const [query, code] of cases) {
      const { status, body } = await json(query);
      expect({ query, status, code: body.error_code }).toEqual({ query, status: 400, code });
    }
  });

  it('sets and deletes targets for the dg group only, and shows them with the series', async () => {
    const set = `mutation { setMetricTarget(input: { metric: "table_documentation", dimension: LAYER, key: "gold", value: 0.95 }) { id setBy } }`;
    const refused = await graphql('da', set);
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    const made = await graphql('dg', set);
    expect(made.data.setMetricTarget.id).toBe('table_documentation|LAYER|gold');
    const bad = await graphql(
      'dg',
      `
        mutation {
          setMetricTarget(input: { metric: "rows", value: -1, dimension: LAYER }) {
            id
          }
        }
      `,
    );
    expect(bad.errors[0].extensions.code).toBe('INVALID_TARGET');
    const listed = await graphql('dg', '{ metricTargets { id comparison value } }');
    expect(listed.data.metricTargets).toEqual([
      { id: 'table_documentation|LAYER|gold', comparison: 'AT_LEAST', value: 0.95 },
    ]);
    await graphql('dg', 'mutation { setMetricTarget(input: { metric: "datasets", value: 1000 }) { id } }');
    const { body } = await json(`name=datasets&from=${today}&to=${today}`);
    expect(body.metrics[0].target).toEqual({ id: 'datasets|CATALOG|', comparison: 'AT_LEAST', value: 1000 });
    const deleted = await graphql(
      'dg',
      'mutation { deleteMetricTarget(id: "table_documentation|LAYER|gold") }',
    );
    expect(deleted.data.deleteMetricTarget).toBe(true);
    const again = await graphql(
      'dg',
      'mutation { deleteMetricTarget(id: "table_documentation|LAYER|gold") }',
    );
    expect(again.errors[0].extensions.code).toBe('METRIC_TARGET_NOT_FOUND');
  });

  it('records questions search is asked and the clicks the search page reports', async () => {
    const asked = await graphql('da', '{ search(query: "daily revenue by store", limit: 3) { total } }');
    expect(asked.errors).toBeUndefined();
    const click = await graphql('da', 'mutation { recordSearchClick(question: "daily revenue by store") }');
    expect(click.data.recordSearchClick).toBe(true);
    const none = await graphql('da', 'mutation { recordSearchClick(question: "never asked") }');
    expect(none.data.recordSearchClick).toBe(false);
    expect(dayOf(Date.now())).toBe(today);
  });
});
