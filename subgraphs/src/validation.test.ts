/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- GraphQL results are untyped JSON here; the assertions check their shape */
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { InProcessSpokeEvents, type SpokeEvent } from '@dataspoke/domain/shared/spoke-events';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { buildSubgraphSchemas, createSubgraphContext } from './index.js';
import { openDemoHub, type DemoHub } from './testing/demo-hub.js';

/** The validator through the de and da subgraphs, on the demo catalog with its planted incidents. */
const DE: Identity = { subject: 'test', groups: ['de'], via: 'api_key' };
const DAY = 86_400_000;

const VALIDATE = `mutation V($urn: String!, $asOf: Long, $dryRun: Boolean, $observations: ValidationObservations) {
  validateDataset(urn: $urn, asOf: $asOf, dryRun: $dryRun, observations: $observations) {
    runId status needed dryRun asOf
    issues { check metric severity observed expectedLow expectedHigh anomalyScore expectation explanation relatedUrn }
    recommendations alternatives { urn schemaOverlap }
  }
}`;

describe.each(storeKinds())('validation over the demo catalog ($name)', (kind) => {
  let demo: DemoHub;
  const events: SpokeEvent[] = [];
  const now = Date.UTC(2026, 2, 10, 15);
  let schemas: ReturnType<typeof buildSubgraphSchemas>;
  const run = async (source: string, variableValues: Record<string, unknown>, name: 'de' | 'da' = 'de') => {
    const r = await graphql({
      schema: schemas[name],
      source,
      variableValues,
      contextValue: createSubgraphContext(demo.port, DE, now),
    });
    return r as {
      data?: Record<string, any> | null;
      errors?: readonly { message: string; extensions: any }[];
    };
  };

  beforeAll(async () => {
    demo = await openDemoHub(kind, { datasets: 160, historyDays: 90, now });
    const bus = new InProcessSpokeEvents();
    bus.subscribe((e) => {
      events.push(e);
    });
    schemas = buildSubgraphSchemas({ store: demo.store, events: bus });
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('flags every planted incident with its metric and fails it; a failure is stored and published', async () => {
    for (const incident of demo.catalog.incidents.filter(
      (i) => i.endTimeMillis === undefined || i.kind === 'schema_change',
    )) {
      const r = await run(VALIDATE, { urn: incident.datasetUrn });
      expect(r.errors).toBeUndefined();
      const v = r.data!.validateDataset;
      expect(v.status, incident.id).toBe('FAIL');
      const failing = v.issues.filter((i: any) => i.severity === 'FAIL').map((i: any) => i.metric);
      expect(failing, incident.id).toContain(incident.metric);
      // Every issue says which expectation it failed.
      for (const issue of v.issues) expect(issue.expectation, `${incident.id} ${issue.metric}`).toMatch(/\w/);
      expect(
        events.some(
          (e) =>
            e.type === 'dataspoke.validation.failed' &&
            e.runId === v.runId &&
            e.failedMetrics.includes(incident.metric),
        ),
      ).toBe(true);
    }
  });

  it('passes datasets without incidents on every data check', async () => {
    const incidentUrns = new Set(demo.catalog.incidents.map((i) => i.datasetUrn));
    const page = await demo.port.search({ types: ['DATASET'], query: '*', start: 0, count: 60 });
    const clean = page.hits
      .map((h) => h.entity.urn)
      .filter((u) => !incidentUrns.has(u))
      .slice(0, 25);
    let judged = 0;
    for (const urn of clean) {
      const r = await run(VALIDATE, { urn, dryRun: true });
      const v = r.data!.validateDataset;
      const own = v.issues.filter((i: any) =>
        ['FRESHNESS', 'VOLUME', 'LOAD_VOLUME', 'STUCK', 'COLUMN', 'SCHEMA', 'PROFILE_DRIFT'].includes(
          i.check,
        ),
      );
      expect(own, urn).toEqual([]);
      // Datasets the demo gives no profile or operation history (streams, sources) cannot be judged.
      expect(['PASS', 'WARN', 'INSUFFICIENT_HISTORY']).toContain(v.status);
      if (v.status !== 'INSUFFICIENT_HISTORY') judged++;
    }
    expect(judged).toBeGreaterThanOrEqual(10);
  });

  it('is causal: as of a day before the volume drop, bronze payments passes its volume check', async () => {
    const drop = demo.catalog.incidents.find((i) => i.id === 'volume-drop-bronze-payments')!;
    const r = await run(VALIDATE, { urn: drop.datasetUrn, asOf: drop.startTimeMillis - DAY, dryRun: true });
    const v = r.data!.validateDataset;
    expect(v.issues.filter((i: any) => i.check === 'VOLUME')).toEqual([]);
    expect(v.runId).toBeNull();
  });

  it('every judged metric carries its observed value and band, passing ones too, and is stored with the run', async () => {
    const drop = demo.catalog.incidents.find((i) => i.id === 'volume-drop-bronze-payments')!;
    const METRICS = `{ runId metrics { metric observed expectedLow expectedHigh status } }`;
    const at = (v: any, metric: string) => v.metrics.find((m: any) => m.metric === metric);
    // Before the drop every metric passes, and each pass lies inside its band.
    const before = (
      await run(
        `mutation V($urn: String!, $asOf: Long) { validateDataset(urn: $urn, asOf: $asOf, dryRun: true) ${METRICS} }`,
        {
          urn: drop.datasetUrn,
          asOf: drop.startTimeMillis - DAY,
        },
      )
    ).data!.validateDataset;
    expect(at(before, 'rowCount')?.status).toBe('PASS');
    expect(at(before, 'freshness')?.status).toBe('PASS');
    expect(before.metrics.length).toBeGreaterThan(2);
    for (const m of before.metrics.filter((x: any) => x.status === 'PASS')) {
      expect(m.observed, m.metric).toBeGreaterThanOrEqual(m.expectedLow);
      expect(m.observed, m.metric).toBeLessThanOrEqual(m.expectedHigh);
    }
    // Now the row count fails below its band; the stored run reads back with the same metrics.
    const stored = (
      await run(`mutation V($urn: String!) { validateDataset(urn: $urn) ${METRICS} }`, {
        urn: drop.datasetUrn,
      })
    ).data!.validateDataset;
    expect(at(stored, 'rowCount')?.status).toBe('FAIL');
    expect(at(stored, 'rowCount').observed).toBeLessThan(at(stored, 'rowCount').expectedLow);
    const history = await run(
      `query H($urn: String!) { validationHistory(urn: $urn, limit: 100) { runs ${METRICS} } }`,
      { urn: drop.datasetUrn },
    );
    expect(history.data!.validationHistory.runs.find((r: any) => r.runId === stored.runId)).toEqual(stored);
  });

  it('dry run: a proposed row count far below history fails, a usual one passes, nothing is stored', async () => {
    const urn = demo.catalog.incidents.find(
      (i) => i.id === 'null-spike-shipments-tracking-number',
    )!.datasetUrn;
    const before = await run('query H($urn: String!) { validationHistory(urn: $urn) { totalCount } }', {
      urn,
    });
    const profiles = (await demo.port.getProfiles([urn], { limit: 20 })).get(urn)!;
    const usual = profiles[5]!.rowCount!;
    const low = await run(VALIDATE, {
      urn,
      dryRun: true,
      observations: { rowCount: Math.round(usual * 0.1) },
    });
    expect(low.data!.validateDataset.issues.find((i: any) => i.metric === 'rowCount')?.severity).toBe('FAIL');
    const ok = await run(VALIDATE, { urn, dryRun: true, observations: { rowCount: usual } });
    expect(ok.data!.validateDataset.issues.find((i: any) => i.metric === 'rowCount')).toBeUndefined();
    const after = await run('query H($urn: String!) { validationHistory(urn: $urn) { totalCount } }', {
      urn,
    });
    expect(after.data!.validationHistory.totalCount).toBe(before.data!.validationHistory.totalCount);
  });

  it('history lists stored runs newest first; da reads the same result without storing', async () => {
    const urn = demo.catalog.incidents.find((i) => i.id === 'schema-change-erp-products')!.datasetUrn;
    await run(VALIDATE, { urn, asOf: now - 2 * DAY });
    await run(VALIDATE, { urn, asOf: now - DAY });
    const h = await run(
      'query H($urn: String!) { validationHistory(urn: $urn, limit: 1) { totalCount runs { asOf status } } }',
      { urn },
    );
    expect(h.data!.validationHistory.totalCount).toBeGreaterThanOrEqual(2);
    expect(h.data!.validationHistory.runs).toHaveLength(1);
    const da = await run(
      'query R($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { validation { status runId issues { metric } } } } }',
      { r: [{ __typename: 'Dataset', urn }] },
      'da',
    );
    expect(da.errors).toBeUndefined();
    expect(da.data!._entities[0].validation.status).toBe('FAIL');
    expect(da.data!._entities[0].validation.runId).toBeNull();
  });

  it.each([
    ['an unknown urn', { urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,nope,PROD)' }, 'DATASET_NOT_FOUND'],
    ['a malformed urn', { urn: 'not-an-urn' }, 'INVALID_URN'],
    ['an asOf in the future', { urn: 'URN', asOf: now + 10 * DAY }, 'AS_OF_IN_FUTURE'],
    [
      'a negative count',
      { urn: 'URN', dryRun: true, observations: { rowCount: -5 } },
      'INVALID_OBSERVATIONS',
    ],
    [
      'a fractional count',
      { urn: 'URN', dryRun: true, observations: { rowCount: 1.5 } },
      'INVALID_OBSERVATIONS',
    ],
    [
      'a null ratio above 1',
      { urn: 'URN', dryRun: true, observations: { fields: [{ fieldPath: 'a', nullProportion: 2 }] } },
      'INVALID_OBSERVATIONS',
    ],
    [
      'observations without a dry run',
      { urn: 'URN', observations: { rowCount: 5 } },
      'OBSERVATIONS_REQUIRE_DRY_RUN',
    ],
  ])('refuses %s with a code and reason', async (_what, vars, code) => {
    const urn = demo.catalog.incidents[0]!.datasetUrn;
    const r = await run(VALIDATE, { ...vars, urn: vars.urn === 'URN' ? urn : vars.urn });
    expect(r.errors?.[0]?.extensions.code).toBe(code);
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
  });

  it('a wrongly typed observation is refused by GraphQL validation, not a server error', async () => {
    const urn = demo.catalog.incidents[0]!.datasetUrn;
    const r = await run(VALIDATE, { urn, dryRun: true, observations: { rowCount: 'many' } });
    expect(r.errors?.[0]?.message).toMatch(/rowCount/);
  });

  it('asOf before any history answers INSUFFICIENT_HISTORY with what is needed', async () => {
    const urn = demo.catalog.incidents[0]!.datasetUrn;
    const r = await run(VALIDATE, { urn, asOf: now - 200 * DAY, dryRun: true });
    expect(r.data!.validateDataset.status).toBe('INSUFFICIENT_HISTORY');
    expect(r.data!.validateDataset.needed.length).toBeGreaterThan(0);
  });

  const LATEST = `query L($status: [ValidationStatus!], $offset: Int, $limit: Int) {
    latestValidations(status: $status, offset: $offset, limit: $limit) {
      offset limit totalCount
      runs { dataset { urn } validation { runId datasetUrn status validatedAt } }
    }
  }`;
  /** Runs an operation on the de subgraph at a given time (so stored runs get distinct validatedAt). */
  const runAt = async (at: number, source: string, variableValues: Record<string, unknown>, who = DE) =>
    (await graphql({
      schema: schemas.de,
      source,
      variableValues,
      contextValue: createSubgraphContext(demo.port, who, at),
    })) as { data?: Record<string, any> | null; errors?: readonly { message: string; extensions: any }[] };

  it('latestValidations: the latest stored run of each dataset, newest first, filtered by status', async () => {
    const HOUR = 3_600_000;
    const urn = demo.catalog.incidents.find((i) => i.id === 'volume-drop-bronze-payments')!.datasetUrn;
    // Validated twice: as of long ago (too little history), then now (failing), later.
    const early = await runAt(now + HOUR, VALIDATE, { urn, asOf: now - 200 * DAY });
    expect(early.data!.validateDataset.status).toBe('INSUFFICIENT_HISTORY');
    const failing = await runAt(now + 2 * HOUR, VALIDATE, { urn });
    expect(failing.data!.validateDataset.status).toBe('FAIL');

    const all = (await runAt(now + 2 * HOUR, LATEST, { limit: 100 })).data!.latestValidations;
    const urns = all.runs.map((r: any) => r.validation.datasetUrn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(all.totalCount).toBe(urns.length);
    expect(all.runs[0]).toEqual({
      dataset: { urn },
      validation: {
        runId: failing.data!.validateDataset.runId,
        datasetUrn: urn,
        status: 'FAIL',
        validatedAt: now + 2 * HOUR,
      },
    });
    const times = all.runs.map((r: any) => r.validation.validatedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const fails = (await runAt(now + 2 * HOUR, LATEST, { status: ['FAIL'], limit: 100 })).data!
      .latestValidations;
    expect(fails.runs.every((r: any) => r.validation.status === 'FAIL')).toBe(true);
    expect(fails.runs.filter((r: any) => r.validation.datasetUrn === urn)).toHaveLength(1);
    expect(fails.totalCount).toBe(all.runs.filter((r: any) => r.validation.status === 'FAIL').length);

    // A later run that does not fail takes the dataset off the failing list: only the latest run counts.
    const later = await runAt(now + 3 * HOUR, VALIDATE, { urn, asOf: now - 200 * DAY });
    const after = (await runAt(now + 3 * HOUR, LATEST, { status: ['FAIL'], limit: 100 })).data!
      .latestValidations;
    expect(after.runs.map((r: any) => r.validation.datasetUrn)).not.toContain(urn);
    expect(after.totalCount).toBe(fails.totalCount - 1);
    const either = (
      await runAt(now + 3 * HOUR, LATEST, { status: ['FAIL', 'INSUFFICIENT_HISTORY'], limit: 100 })
    ).data!.latestValidations;
    expect(either.totalCount).toBe(fails.totalCount);
    expect(either.runs[0].validation.runId).toBe(later.data!.validateDataset.runId);

    // Paging: a window of the same order; past the end, no runs and the same total.
    const second = (await runAt(now, LATEST, { offset: 1, limit: 1 })).data!.latestValidations;
    expect(second).toMatchObject({ offset: 1, limit: 1, totalCount: all.totalCount });
    expect(second.runs.map((r: any) => r.validation.datasetUrn)).toEqual([urns[1]]);
    const past = (await runAt(now, LATEST, { offset: 1000 })).data!.latestValidations;
    expect(past).toEqual({ offset: 1000, limit: 20, totalCount: all.totalCount, runs: [] });
  });

  it('latestValidations refuses a limit above 100 and a negative offset; it belongs to the de group', async () => {
    expect((await runAt(now, LATEST, { limit: 101 })).errors?.[0]?.extensions.code).toBe('INVALID_LIMIT');
    expect((await runAt(now, LATEST, { offset: -1 })).errors?.[0]?.extensions.code).toBe('INVALID_OFFSET');
    expect((await runAt(now, LATEST, { status: ['BROKEN'] })).errors?.[0]?.message).toMatch(/BROKEN/);
    const da: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };
    expect((await runAt(now, LATEST, {}, da)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const admin: Identity = { subject: 'root', groups: ['admin'], via: 'api_key' };
    const r = await runAt(now, LATEST, { status: ['FAIL'] }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.latestValidations.totalCount).toBeGreaterThan(0);
  });
});
