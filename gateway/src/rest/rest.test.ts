/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   response bodies are JSON, each checked against api/openapi.yaml before it is read */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import type { Group } from '@dataspoke/domain/auth/identity';
import { loadConfig } from '@dataspoke/platform/config/config';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';
import { openWorkflowEngine } from '../workflow-engine.js';
import { openApiChecker } from '../testing/openapi.js';
import { REST_ROUTES } from './routes.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The REST facade end to end over the demo catalog: every response checked against api/openapi.yaml. */
describe('REST facade /api/v1/spoke', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-rest-'));
  const openapi = openApiChecker();
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  const keys = {} as Record<Group, string>;
  let lateUrn: string;

  /** Calls a route as `group` and checks the response against the document (template = the documented path). */
  const call = async (
    method: 'GET' | 'POST',
    template: string,
    url: string,
    options: { group?: Group | null; body?: unknown } = {},
  ): Promise<{ status: number; body: Body }> => {
    const group = options.group === undefined ? 'admin' : options.group;
    const res = await app.inject({
      method,
      url,
      headers: group ? { authorization: `Bearer ${keys[group]}` } : {},
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    const body = res.json<Body>();
    expect(
      openapi.problems(method, template, res.statusCode, body),
      `${method} ${url} → ${res.statusCode}`,
    ).toEqual([]);
    return { status: res.statusCode, body };
  };
  const enc = encodeURIComponent;
  const T = {
    deAttrs: '/api/v1/spoke/de/datasets/{urn}/attrs',
    ingestions: '/api/v1/spoke/de/ingestions',
    ingestionRun: '/api/v1/spoke/de/ingestions/{name}/methods/run',
    ingestionRuns: '/api/v1/spoke/de/ingestions/{name}/runs',
    ingestionRunOne: '/api/v1/spoke/de/ingestions/{name}/runs/{id}',
    deValidate: '/api/v1/spoke/de/datasets/{urn}/methods/validate',
    deEvents: '/api/v1/spoke/de/datasets/{urn}/events',
    deValidations: '/api/v1/spoke/de/validations',
    daAttrs: '/api/v1/spoke/da/datasets/{urn}/attrs',
    daValidate: '/api/v1/spoke/da/datasets/{urn}/methods/validate',
    daSearch: '/api/v1/spoke/da/search',
    dgAttrs: '/api/v1/spoke/dg/datasets/{urn}/attrs',
    dgSummary: '/api/v1/spoke/dg/summary',
    deDocs: '/api/v1/spoke/de/doc-suggestions',
    dgDocs: '/api/v1/spoke/dg/doc-suggestions',
    dgDocAccept: '/api/v1/spoke/dg/doc-suggestions/{id}/methods/accept',
    deDocReject: '/api/v1/spoke/de/doc-suggestions/{id}/methods/reject',
    dgDocsAccept: '/api/v1/spoke/dg/doc-suggestions/methods/accept',
    deDocsRefresh: '/api/v1/spoke/de/doc-suggestions/methods/refresh',
  };
  const url = (template: string, urn: string) => template.replace('{urn}', enc(urn));

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir }));
    const loaded = await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 160, historyDays: 30 });
    expect(loaded).toMatchObject({ loaded: true, failed: 0 });
    // The search index follows the hub's change events in the background; let it catch up.
    await stack.search.indexer.flush();
    const service = new ApiKeyService(stack.store);
    for (const group of ['de', 'da', 'dg', 'admin'] as const)
      keys[group] = (await service.create(group, [group])).key;
    app = await buildServer(stack, {
      logger: false,
      workflows: await openWorkflowEngine(stack, { runWork: true }),
    });
    const summary = (
      await stack.hubPort.search({ types: ['DATASET'], query: 'daily_revenue_by_store', start: 0, count: 5 })
    ).hits.map((h) => h.entity.urn);
    lateUrn = summary.find((u) => u.includes('gold_us.daily_revenue_by_store,'))!;
    expect(lateUrn).toBeTruthy();
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('documents every route it serves, and serves every route it documents', () => {
    const served = REST_ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = openapi
      .templates()
      .filter((t) => t.template.startsWith('/api/v1/spoke/'))
      .map((t) => `${t.method} ${t.template}`)
      .sort();
    expect(served).toEqual(documented);
  });

  it("de: a dataset's freshness; the planted late load is LATE, with ISO-8601 UTC times", async () => {
    const { status, body } = await call('GET', T.deAttrs, url(T.deAttrs, lateUrn), { group: 'de' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ urn: lateUrn, freshness: { status: 'LATE', cadence: { label: 'DAILY' } } });
    expect(body.freshness.last_updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  it("da: a dataset's fields, owners and terms; dg: its documentation coverage; dg summary counts the catalog", async () => {
    const da = await call('GET', T.daAttrs, url(T.daAttrs, lateUrn), { group: 'da' });
    expect(da.status).toBe(200);
    expect(da.body.fields.length).toBeGreaterThan(2);
    expect(da.body.owners.length).toBeGreaterThan(0);
    const dg = await call('GET', T.dgAttrs, url(T.dgAttrs, lateUrn), { group: 'dg' });
    expect(dg.status).toBe(200);
    expect(dg.body.documentation_coverage.ratio).toBeGreaterThanOrEqual(0);
    const summary = await call('GET', T.dgSummary, T.dgSummary, { group: 'dg' });
    expect(summary.body.datasets).toBe(160);
    // The same operation through /graphql: REST is GraphQL's data in snake_case, nothing else.
    const gql = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keys.dg}` },
      payload: { query: '{ catalogSummary { datasets byPlatform { key name count } } }' },
    });
    expect(summary.body.by_platform).toEqual(gql.json<Body>().data.catalogSummary.byPlatform);
  });

  it('da: natural-language search answers a page of datasets with evidence', async () => {
    const { status, body } = await call(
      'GET',
      T.daSearch,
      `${T.daSearch}?q=${enc('daily revenue by store')}&limit=5`,
      {
        group: 'da',
      },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ offset: 0, limit: 5 });
    expect(body.total_count).toBeGreaterThan(0);
    expect(body.datasets.map((d: Body) => d.urn)).toContain(lateUrn);
    expect(Date.parse(body.resp_time)).toBeGreaterThan(0);
  });

  it('da: search says where in q each understood filter came from, the words naming it included', async () => {
    const q = 'customer tables tagged PII';
    const { status, body } = await call('GET', T.daSearch, `${T.daSearch}?q=${enc(q)}&limit=5`, {
      group: 'da',
    });
    expect(status).toBe(200);
    const tag = (body.understood as Body[]).find((u) => u.kind === 'tag')!;
    expect(tag).toMatchObject({ explicit: true, matched: 'tagged PII', start: 16, end: 26 });
    expect(q.slice(tag.start, tag.end)).toBe(tag.matched);
  });

  it('de: validate (stored), dry run with observations (not stored), events newest first within from/to', async () => {
    const before = await call('GET', T.deEvents, url(T.deEvents, lateUrn), { group: 'de' });
    expect(before.body.total_count).toBe(0);
    const run = await call('POST', T.deValidate, url(T.deValidate, lateUrn), { group: 'de' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ dataset_urn: lateUrn, status: 'FAIL', dry_run: false });
    expect(run.body.issues.map((i: Body) => i.check)).toContain('FRESHNESS');
    // Each issue names the expectation it failed (here the cadence the dataset is late for).
    expect(run.body.issues.find((i: Body) => i.check === 'FRESHNESS').expectation).toMatch(/every [\d.]+ h/);
    const dry = await call('POST', `${T.deValidate}`, `${url(T.deValidate, lateUrn)}?dry_run=true`, {
      group: 'de',
      body: { observations: { row_count: 0 } },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, run_id: null });
    const events = await call('GET', T.deEvents, url(T.deEvents, lateUrn), { group: 'de' });
    expect(events.body.total_count).toBe(1);
    expect(events.body.events[0].run_id).toBe(run.body.run_id);
    const later = new Date(Date.parse(run.body.validated_at) + 1000).toISOString();
    const none = await call('GET', T.deEvents, `${url(T.deEvents, lateUrn)}?from=${later}`, { group: 'de' });
    expect(none.body.total_count).toBe(0);
    const da = await call('POST', T.daValidate, url(T.daValidate, lateUrn), { group: 'da' });
    expect(da.body).toMatchObject({ status: 'FAIL', run_id: null });
  });

  it("de: validations lists each dataset's latest run once, newest first, filtered by status", async () => {
    const V = T.deValidations;
    const before = await call('GET', V, `${V}?status=fail`, { group: 'de' });
    expect(before.status).toBe(200);
    // The late dataset was validated (failing) above; validate it again: it still shows once, with the new run.
    const run = await call('POST', T.deValidate, url(T.deValidate, lateUrn), { group: 'de' });
    expect(run.body.status).toBe('FAIL');
    const failing = await call('GET', V, `${V}?status=fail&limit=100`, { group: 'de' });
    expect(failing.status).toBe(200);
    expect(failing.body).toMatchObject({
      offset: 0,
      limit: 100,
      total_count: before.body.total_count as number,
    });
    expect(Date.parse(failing.body.resp_time)).toBeGreaterThan(0);
    const validations = failing.body.validations as Body[];
    const mine = validations.filter((v) => v.dataset_urn === lateUrn);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ run_id: run.body.run_id as string, status: 'FAIL' });
    expect(validations[0]?.run_id).toBe(run.body.run_id);
    const passing = await call('GET', V, `${V}?status=pass,warn&status=insufficient_history`, {
      group: 'de',
    });
    expect(passing.body.validations.map((v: Body) => v.dataset_urn)).not.toContain(lateUrn);
    const all = await call('GET', V, `${V}?sort=validated_at_desc&limit=1`, { group: 'de' });
    expect(all.body.total_count).toBe(failing.body.total_count + passing.body.total_count);
    expect(all.body.validations).toHaveLength(1);
    // The same operation through /graphql: REST is GraphQL's data in snake_case, nothing else.
    const gql = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${keys.de}` },
      payload: {
        query: '{ latestValidations(status: [FAIL]) { totalCount runs { validation { runId } } } }',
      },
    });
    const data = gql.json<Body>().data.latestValidations as Body;
    expect(data.totalCount).toBe(failing.body.total_count);
    expect(data.runs[0].validation.runId).toBe(run.body.run_id);
  });

  it('refuses bad input with 400 and a code, unknown datasets with 404, and never answers 5xx', async () => {
    const unknown = 'urn:li:dataset:(urn:li:dataPlatform:hive,no.such.table,PROD)';
    for (const template of [T.deAttrs, T.daAttrs, T.dgAttrs]) {
      const malformed = await call('GET', template, url(template, 'not-an-urn'));
      expect(malformed).toMatchObject({ status: 400, body: { error_code: 'INVALID_URN' } });
      const missing = await call('GET', template, url(template, unknown));
      expect(missing).toMatchObject({ status: 404, body: { error_code: 'DATASET_NOT_FOUND' } });
    }
    expect((await call('POST', T.deValidate, url(T.deValidate, unknown))).body.error_code).toBe(
      'DATASET_NOT_FOUND',
    );
    expect((await call('GET', T.deEvents, url(T.deEvents, unknown))).status).toBe(404);
    const cases: [string, string, string][] = [
      [T.daSearch, `${T.daSearch}?q=orders&limit=101`, 'INVALID_LIMIT'],
      [T.daSearch, `${T.daSearch}?q=orders&limit=0`, 'INVALID_LIMIT'],
      [T.daSearch, `${T.daSearch}?q=orders&offset=-1`, 'INVALID_OFFSET'],
      [T.daSearch, `${T.daSearch}?q=orders&sort=popularity_desc`, 'INVALID_SORT'],
      [T.daSearch, `${T.daSearch}?q=`, 'INVALID_QUERY'],
      [T.daSearch, `${T.daSearch}?q=${'x'.repeat(10_000)}`, 'INVALID_QUERY'],
      [T.daSearch, `${T.daSearch}?q=orders&colour=blue`, 'UNKNOWN_PARAMETER'],
      [
        T.deEvents,
        `${url(T.deEvents, lateUrn)}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
        'INVALID_TIME_RANGE',
      ],
      [T.deEvents, `${url(T.deEvents, lateUrn)}?from=yesterday`, 'INVALID_TIME_RANGE'],
      [T.deEvents, `${url(T.deEvents, lateUrn)}?sort=name_asc`, 'INVALID_SORT'],
      [T.deValidations, `${T.deValidations}?status=broken`, 'INVALID_STATUS'],
      [T.deValidations, `${T.deValidations}?status=fail,`, 'INVALID_PARAMETER'],
      [T.deValidations, `${T.deValidations}?limit=101`, 'INVALID_LIMIT'],
      [T.deValidations, `${T.deValidations}?offset=x`, 'INVALID_OFFSET'],
      [T.deValidations, `${T.deValidations}?urn=x`, 'UNKNOWN_PARAMETER'],
      [T.deValidations, `${T.deValidations}?sort=status_asc`, 'INVALID_SORT'],
    ];
    for (const [template, target, code] of cases) {
      const res = await call('GET', template, target);
      expect(res, target).toMatchObject({ status: 400, body: { error_code: code } });
    }
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const asOf = await call('POST', T.deValidate, `${url(T.deValidate, lateUrn)}?as_of=${future}`, {
      group: 'de',
    });
    expect(asOf).toMatchObject({ status: 400, body: { error_code: 'AS_OF_IN_FUTURE' } });
    const negative = await call('POST', T.deValidate, `${url(T.deValidate, lateUrn)}?dry_run=true`, {
      body: { observations: { row_count: -5 } },
    });
    expect(negative).toMatchObject({ status: 400, body: { error_code: 'INVALID_OBSERVATIONS' } });
    const wrongType = await call('POST', T.deValidate, `${url(T.deValidate, lateUrn)}?dry_run=true`, {
      body: { observations: { row_count: 'many' } },
    });
    expect(wrongType.status).toBe(400);
    const extra = await call('POST', T.deValidate, url(T.deValidate, lateUrn), { body: { observation: {} } });
    expect(extra).toMatchObject({ status: 400, body: { error_code: 'INVALID_BODY' } });
  });

  it('gates each route by group: 401 without identity, 403 for another group, answered for its group and admin', async () => {
    // Doc suggestion actions name a suggestion: an unknown one answers 404 to a caller the route lets in.
    const NO_SUGGESTION = '0000-none';
    const requests = REST_ROUTES.map((route) => {
      const target = route.path
        .replace(':urn', enc(lateUrn))
        .replace(':name', 'no-such-config')
        .replace(':id', NO_SUGGESTION)
        .replace(':schedule', 'no-such-schedule')
        .replace('/search', `/search?q=orders`)
        .replace(/\/dg\/metrics$/, '/dg/metrics?name=datasets&from=2026-01-01&to=2026-01-31');
      const body = route.path.endsWith('/doc-suggestions/methods/accept')
        ? { ids: [NO_SUGGESTION] }
        : route.path.endsWith('/methods/refresh')
          ? { urns: [lateUrn] }
          : route.method === 'POST' && route.path.endsWith('/ingestions')
            ? { config: 'name: gated\nsources:\n  - {name: lake, type: files, location: /nonexistent}\n' }
            : undefined;
      // An unknown ingestion configuration cannot run, an unknown run cannot be read, an unknown schedule
      // cannot be triggered.
      const passed =
        route.path.includes(':id') ||
        body?.ids ||
        route.path.endsWith('/methods/run') ||
        route.path.endsWith('/methods/trigger')
          ? 404
          : 200;
      return { route, target, template: route.path.replace(/:(\w+)/g, '{$1}'), body, passed };
    });
    for (const { route, target, template, body, passed } of requests) {
      for (const group of [null, 'de', 'da', 'dg', 'admin'] as const) {
        const { status, body: answer } = await call(route.method, template, target, { group, body });
        const expected = group === null ? 401 : group === 'admin' || group === route.group ? passed : 403;
        expect({ target, group, status }).toEqual({ target, group, status: expected });
        if (expected === 401 || expected === 403)
          expect(answer.error_code).toBe(group === null ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    }
  });

  it("ingestions: a kept configuration runs, its run and the dataset's technical spec are read back", async () => {
    const lake = mkdtempSync(path.join(tmpdir(), 'dataspoke-rest-lake-'));
    try {
      writeFileSync(path.join(lake, 'refunds.csv'), 'id;amount\n1;2.5\n2;3.0\n');
      const urn = 'urn:li:dataset:(urn:li:dataPlatform:file,lake/refunds.csv,PROD)';
      await stack.hub.ingest([
        {
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { name: 'refunds.csv', customProperties: {} },
        },
      ]);
      const bad = await call('POST', T.ingestions, T.ingestions, {
        group: 'de',
        body: { config: 'name: lake\nsources:\n  - {name: files, type: files, location: x, colour: red}\n' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error_code).toBe('INVALID_INGESTION_CONFIG');
      expect(bad.body.message).toContain('colour');
      const config = `name: lake\nsources:\n  - {name: files, type: files, location: ${lake}, namePrefix: lake}\n`;
      const saved = await call('POST', T.ingestions, T.ingestions, { group: 'de', body: { config } });
      expect(saved.status).toBe(200);
      expect(saved.body.sources).toEqual([{ name: 'files', type: 'files', timeout_ms: 60000 }]);
      const listed = await call('GET', T.ingestions, T.ingestions, { group: 'de' });
      expect(listed.body.ingestions.map((c: Body) => c.name)).toContain('lake');
      const run = await call('POST', T.ingestionRun, `${T.ingestions}/lake/methods/run`, {
        group: 'de',
        body: { wait: true },
      });
      expect(run.body).toMatchObject({ status: 'SUCCEEDED', counts: { observed: 1, written: 1 } });
      const one = await call('GET', T.ingestionRunOne, `${T.ingestions}/lake/runs/${run.body.id}`, {
        group: 'de',
      });
      expect(one.body.entities).toEqual([{ urn, source: 'files', outcome: 'WRITTEN', error: null }]);
      const runs = await call('GET', T.ingestionRuns, `${T.ingestions}/lake/runs`, { group: 'de' });
      expect(runs.body.runs[0].id).toBe(run.body.id);
      const attrs = await call('GET', T.deAttrs, `/api/v1/spoke/de/datasets/${enc(urn)}/attrs`, {
        group: 'de',
      });
      expect(attrs.body.technical_spec).toMatchObject({
        kind: 'FileDatasetSpec',
        format: 'csv',
        file_count: 1,
        csv: { delimiter: ';', has_header: true, columns: ['id', 'amount'] },
      });
      expect(attrs.body.technical_spec.observed_at).toMatch(/Z$/);
    } finally {
      rmSync(lake, { recursive: true, force: true });
    }
  });

  it('ingestions: a run started without waiting answers RUNNING at once and is followed to its end', async () => {
    const lake = mkdtempSync(path.join(tmpdir(), 'dataspoke-rest-async-'));
    try {
      const names = ['a.csv', 'b.csv', 'c.csv'];
      for (const name of names) {
        writeFileSync(path.join(lake, name), 'id,total\n1,2\n');
        await stack.hub.ingest([
          {
            entityType: 'dataset',
            entityUrn: `urn:li:dataset:(urn:li:dataPlatform:file,async/${name},PROD)`,
            changeType: 'UPSERT',
            aspectName: 'datasetProperties',
            aspect: { name, customProperties: {} },
          },
        ]);
      }
      const config = `name: async-lake\nsources:\n  - {name: files, type: files, location: ${lake}, namePrefix: async}\n`;
      expect((await call('POST', T.ingestions, T.ingestions, { group: 'de', body: { config } })).status).toBe(
        200,
      );
      // No body: `wait` is false by default.
      const started = await call('POST', T.ingestionRun, `${T.ingestions}/async-lake/methods/run`, {
        group: 'de',
        body: {},
      });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({
        config_name: 'async-lake',
        trigger: 'api',
        status: 'RUNNING',
        finished_at: null,
      });
      // As a client does: poll the run until it has ended, its progress never going back.
      const seen: { status: string; done: number; total: number }[] = [];
      const deadline = Date.now() + 120_000;
      let run: Body;
      for (;;) {
        const polled = await call(
          'GET',
          T.ingestionRunOne,
          `${T.ingestions}/async-lake/runs/${started.body.id}`,
          { group: 'de' },
        );
        expect(polled.status).toBe(200);
        run = polled.body;
        seen.push({
          status: String(run.status),
          done: Number(run.progress.done),
          total: Number(run.progress.total),
        });
        if (run.status !== 'RUNNING') break;
        if (Date.now() > deadline) throw new Error(`the run did not end: ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
      expect(run).toMatchObject({
        status: 'SUCCEEDED',
        counts: { observed: 3, written: 3, unmatched: 0, failed: 0 },
        progress: { done: 3, total: 3 },
        sources: [{ name: 'files', status: 'SUCCEEDED', error_code: null }],
      });
      expect(run.finished_at).toMatch(/Z$/);
      expect(run.entities.map((e: Body) => e.urn).sort()).toEqual(
        names.map((n) => `urn:li:dataset:(urn:li:dataPlatform:file,async/${n},PROD)`),
      );
      const runs = await call('GET', T.ingestionRuns, `${T.ingestions}/async-lake/runs`, { group: 'de' });
      expect(runs.body.runs.map((r: Body) => [r.id, r.status])).toEqual([[started.body.id, 'SUCCEEDED']]);
    } finally {
      rmSync(lake, { recursive: true, force: true });
    }
  });

  it('doc suggestions: de proposes again, dg lists and accepts (edited), a decided one is 409, bad input 400', async () => {
    expect((await call('POST', T.deDocsRefresh, T.deDocsRefresh, { group: 'dg', body: {} })).status).toBe(
      403,
    );
    const refreshed = await call('POST', T.deDocsRefresh, T.deDocsRefresh, {
      group: 'de',
      body: { urns: [lateUrn] },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.datasets).toBe(1);
    const listed = await call(
      'GET',
      T.dgDocs,
      `${T.dgDocs}?dataset=${enc(lateUrn)}&status=pending&kind=column_description,table_description,column_lineage`,
      { group: 'dg' },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.total_count).toBeGreaterThan(0);
    const suggestions = listed.body.suggestions as { id: string; text: string | null }[];
    const text = suggestions.find((s) => s.text !== null)!;
    expect(text).toMatchObject({ dataset_urn: lateUrn, status: 'PENDING' });
    const acceptUrl = T.dgDocAccept.replace('{id}', text.id);
    const accepted = await call('POST', T.dgDocAccept, acceptUrl, {
      group: 'dg',
      body: { edited_text: 'Edited by a steward.' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', written_text: 'Edited by a steward.' });
    expect(Date.parse(accepted.body.decided_at)).toBeGreaterThan(0);
    const again = await call('POST', T.dgDocAccept, acceptUrl, { group: 'dg' });
    expect([again.status, again.body.error_code]).toEqual([409, 'SUGGESTION_DECIDED']);
    const missing = await call('POST', T.deDocReject, T.deDocReject.replace('{id}', '0000-none'), {
      group: 'de',
    });
    expect([missing.status, missing.body.error_code]).toEqual([404, 'SUGGESTION_NOT_FOUND']);
    const badKind = await call('GET', T.deDocs, `${T.deDocs}?kind=essay`, { group: 'de' });
    expect([badKind.status, badKind.body.error_code]).toEqual([400, 'INVALID_KIND']);
    const noIds = await call('POST', T.dgDocsAccept, T.dgDocsAccept, { group: 'dg', body: { ids: [] } });
    expect([noIds.status, noIds.body.error_code]).toEqual([400, 'INVALID_BODY']);
  });
});
