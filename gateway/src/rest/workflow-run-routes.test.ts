/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import type { Group } from '@dataspoke/domain/auth/identity';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import {
  openTemporalTestInstallation,
  type TemporalTestInstallation,
} from '@dataspoke/workflows/testing/temporal-installation';
import { until } from '@dataspoke/workflows/testing/until';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openApiChecker } from '../testing/openapi.js';
import { openWorkflowEngine } from '../workflow-engine.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPORAL = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
if (!TEMPORAL)
  console.warn(
    '[skip] the workflow-run routes on Temporal: DATASPOKE_TEST_TEMPORAL_ADDRESS is not set (dev_env/services.sh start temporal sets it)',
  );
const ENGINES = [
  { name: 'embedded', skip: false },
  { name: 'temporal', skip: !TEMPORAL },
] as const;

const RUNS = '/api/v1/spoke/de/workflow-runs';
const RUN = '/api/v1/spoke/de/workflow-runs/{id}';
const TRIGGER = '/api/v1/spoke/de/schedules/{schedule}/methods/trigger';
const trigger = (schedule: string) => TRIGGER.replace('{schedule}', schedule);

/**
 * The scheduled workflows on the REST facade, on both engines: a run started by a trigger is followed to its
 * end through the run routes (recorded MANUAL), and bad input is refused with a code.
 */
describe.each(ENGINES)('REST workflow runs ($name engine)', ({ name, skip }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-workflow-rest-'));
  const openapi = openApiChecker();
  let stack: EmbeddedStack;
  let engine: WorkflowEngine;
  let temporal: TemporalTestInstallation | undefined;
  let app: FastifyInstance;
  const keys = {} as Record<Group, string>;

  const call = async (
    method: 'GET' | 'POST',
    template: string,
    url: string,
    options: { group?: Group; body?: unknown; server?: FastifyInstance } = {},
  ): Promise<{ status: number; body: Body }> => {
    const res = await (options.server ?? app).inject({
      method,
      url,
      headers: { authorization: `Bearer ${keys[options.group ?? 'de']}` },
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    const body = res.json<Body>();
    expect(
      openapi.problems(method, template, res.statusCode, body),
      `${method} ${url} → ${res.statusCode}`,
    ).toEqual([]);
    return { status: res.statusCode, body };
  };

  beforeAll(async () => {
    if (skip) return;
    if (name === 'temporal') temporal = await openTemporalTestInstallation(TEMPORAL!, 'rest');
    stack = await openEmbeddedStack(
      loadConfig({
        DATASPOKE_DATA_DIR: dataDir,
        DATASPOKE_SCHEDULE_CATALOG_HEALTH_SWEEP: 'every 1h',
        DATASPOKE_SCHEDULE_EMBEDDING_MAINTENANCE: 'off',
        DATASPOKE_SCHEDULE_TECHSPEC_INGESTION: 'off',
        ...temporal?.env,
      }),
    );
    const loaded = await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 30, historyDays: 14 });
    expect(loaded).toMatchObject({ loaded: true, failed: 0 });
    const service = new ApiKeyService(stack.store);
    for (const group of ['de', 'da'] as const) keys[group] = (await service.create(group, [group])).key;
    // Under Temporal this process is the worker too; in process the server runs what it triggers.
    engine = await openWorkflowEngine(stack, { runWork: true });
    if (name === 'temporal') await engine.start();
    app = await buildServer(stack, { logger: false, workflows: engine });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await engine?.stop();
    await temporal?.remove();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    'a triggered run is answered at once, then followed to its end as MANUAL',
    async () => {
      const started = await call('POST', TRIGGER, trigger('metrics-collection'));
      expect(started).toMatchObject({
        status: 200,
        body: { schedule_id: 'metrics-collection', workflow: 'METRICS_COLLECTION', engine: name },
      });
      const id = started.body.id as string;
      const run = await until('the triggered run to end', async () => {
        const r = await call('GET', RUN, RUN.replace('{id}', encodeURIComponent(id)));
        return r.status === 200 && r.body.status !== 'RUNNING' && r.body;
      });
      expect(run).toMatchObject({ id, status: 'COMPLETED', trigger: 'MANUAL', engine: name });
      expect(run.counts).toContainEqual({ name: 'datasets', value: 30 });
      expect(Date.parse(run.finished_at as string)).toBeGreaterThanOrEqual(
        Date.parse(run.started_at as string),
      );

      const page = await call('GET', RUNS, `${RUNS}?workflow=metrics_collection&status=completed,failed`);
      expect(page.status).toBe(200);
      expect(page.body.runs.map((r: Body) => r.id)).toContain(id);
      expect(page.body.total_count).toBeGreaterThanOrEqual(1);
      const none = await call('GET', RUNS, `${RUNS}?workflow=catalog_health_sweep`);
      expect(none.body).toMatchObject({ runs: [], total_count: 0, offset: 0, limit: 20 });
    },
    180_000,
  );

  it.skipIf(skip)(
    'refuses bad input with 400 and a code, unknown ones with 404, another group with 403',
    async () => {
      const cases: [string, 'GET' | 'POST', string, number, string, unknown?][] = [
        [TRIGGER, 'POST', trigger('nightly-nothing'), 404, 'SCHEDULE_NOT_FOUND'],
        // Set off in the configuration: no such schedule.
        [TRIGGER, 'POST', trigger('embedding-maintenance'), 404, 'SCHEDULE_NOT_FOUND'],
        [TRIGGER, 'POST', trigger('Bad%20Id'), 400, 'INVALID_SCHEDULE'],
        [TRIGGER, 'POST', trigger('metrics-collection'), 400, 'INVALID_BODY', { wait: true }],
        [TRIGGER, 'POST', `${trigger('metrics-collection')}?now=1`, 400, 'UNKNOWN_PARAMETER'],
        [RUN, 'GET', RUN.replace('{id}', 'no-such-run'), 404, 'WORKFLOW_RUN_NOT_FOUND'],
        [RUN, 'GET', RUN.replace('{id}', 'a%20b'), 400, 'INVALID_ID'],
        [RUNS, 'GET', `${RUNS}?status=sleeping`, 400, 'INVALID_STATUS'],
        [RUNS, 'GET', `${RUNS}?workflow=nightly`, 400, 'INVALID_WORKFLOW'],
        [RUNS, 'GET', `${RUNS}?workflow=metrics_collection,catalog_health_sweep`, 400, 'INVALID_WORKFLOW'],
        [RUNS, 'GET', `${RUNS}?limit=101`, 400, 'INVALID_LIMIT'],
        [RUNS, 'GET', `${RUNS}?sort=started_at_asc`, 400, 'INVALID_SORT'],
        [RUNS, 'GET', `${RUNS}?colour=blue`, 400, 'UNKNOWN_PARAMETER'],
      ];
      for (const [template, method, url, status, code, body] of cases) {
        const r = await call(method, template, url, body === undefined ? {} : { body });
        expect(r, `${method} ${url}`).toMatchObject({ status, body: { error_code: code } });
      }
      const forbidden = await call('POST', TRIGGER, trigger('metrics-collection'), { group: 'da' });
      expect(forbidden).toMatchObject({ status: 403, body: { error_code: 'FORBIDDEN' } });
      // A server given no engine says so, rather than failing.
      const without = await buildServer(stack, { logger: false });
      try {
        const r = await call('POST', TRIGGER, trigger('metrics-collection'), { server: without });
        expect(r).toMatchObject({ status: 503, body: { error_code: 'WORKFLOWS_UNAVAILABLE' } });
      } finally {
        await without.close();
      }
    },
  );
});
