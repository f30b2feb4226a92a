/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- GraphQL results are untyped JSON here; the assertions check their shape */
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { WorkflowRunLog } from '@dataspoke/workflows/run-log';
import { buildSubgraphSchemas, createSubgraphContext } from '../index.js';

/** Query.workflowRuns over the run history the workflow engines write (workflows/src/run-log.ts). */
const DE: Identity = { subject: 'ed', groups: ['de'], via: 'api_key' };
const DA: Identity = { subject: 'ana', groups: ['da'], via: 'api_key' };

const RUNS = `query R($workflow: WorkflowName, $status: [WorkflowRunStatus!], $limit: Int) {
  workflowRuns(workflow: $workflow, status: $status, limit: $limit) {
    totalCount offset limit
    runs { id workflow scheduleId trigger engine status startedAt finishedAt progress { step done total }
           counts { name value } datasets warnings error }
  }
}`;

describe.each(storeKinds())('Query.workflowRuns ($name)', (kind) => {
  let test: TestStore;
  let schemas: ReturnType<typeof buildSubgraphSchemas>;
  const run = async (variableValues: Record<string, unknown>, identity = DE) =>
    (await graphql({
      schema: schemas.de,
      source: RUNS,
      variableValues,
      contextValue: createSubgraphContext(null as never, identity),
    })) as { data?: any; errors?: readonly { message: string; extensions: any }[] };

  beforeAll(async () => {
    test = await kind.open();
    schemas = buildSubgraphSchemas({ store: test.store });
    const log = new WorkflowRunLog(test.store);
    const base = { scheduleId: 'catalog-health-sweep', engine: 'embedded' as const };
    await log.started({
      ...base,
      id: 'a',
      workflow: 'catalogHealthSweep',
      trigger: 'schedule',
      startedAt: 1_000,
    });
    await log.finished('a', {
      status: 'COMPLETED',
      at: 5_000,
      outcome: { counts: { due: 3, validated: 3, failed: 1 }, datasets: ['urn:x'], warnings: [] },
    });
    await log.started({
      ...base,
      id: 'b',
      workflow: 'metricsCollection',
      scheduleId: 'metrics-collection',
      trigger: 'catch-up',
      startedAt: 2_000,
    });
    await log.finished('b', { status: 'FAILED', at: 2_500, error: 'DataHub is unavailable' });
    await log.started({
      ...base,
      id: 'c',
      workflow: 'catalogHealthSweep',
      trigger: 'manual',
      startedAt: 3_000,
    });
    await log.progress('c', { step: 'validate batch 1/2', done: 5, total: 20 });
  });
  afterAll(() => test?.dispose());

  it('lists runs newest first with their progress, outcome or reason', async () => {
    const r = await run({});
    expect(r.errors).toBeUndefined();
    const page = r.data.workflowRuns;
    expect(page).toMatchObject({ totalCount: 3, offset: 0, limit: 20 });
    expect(page.runs.map((x: any) => [x.id, x.status, x.trigger])).toEqual([
      ['c', 'RUNNING', 'MANUAL'],
      ['b', 'FAILED', 'CATCH_UP'],
      ['a', 'COMPLETED', 'SCHEDULE'],
    ]);
    expect(page.runs[0].progress).toEqual({ step: 'validate batch 1/2', done: 5, total: 20 });
    expect(page.runs[1]).toMatchObject({ workflow: 'METRICS_COLLECTION', error: 'DataHub is unavailable' });
    expect(page.runs[2]).toMatchObject({
      workflow: 'CATALOG_HEALTH_SWEEP',
      finishedAt: 5_000,
      datasets: ['urn:x'],
      counts: [
        { name: 'due', value: 3 },
        { name: 'validated', value: 3 },
        { name: 'failed', value: 1 },
      ],
    });
  });

  it('filters by workflow and status', async () => {
    const r = await run({ workflow: 'CATALOG_HEALTH_SWEEP', status: ['COMPLETED', 'FAILED'] });
    expect(r.data.workflowRuns.runs.map((x: any) => x.id)).toEqual(['a']);
  });

  it('refuses a bad limit with a code, and callers outside the de group', async () => {
    const bad = await run({ limit: 500 });
    expect(bad.errors?.[0]?.extensions.code).toBe('INVALID_LIMIT');
    const other = await run({}, DA);
    expect(other.errors?.[0]?.message).toMatch(/de/);
    expect(other.data).toBeNull();
  });
});
