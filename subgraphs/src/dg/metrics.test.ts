import { graphql, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import { catalogSummary } from '@dataspoke/domain/dg/catalog-summary';
import { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { buildSubgraphSchemas, createSubgraphContext } from '../index.js';
import { openDemoHub, type DemoHub } from '../testing/demo-hub.js';

const STEWARD: Identity = { subject: 'sam', groups: ['dg'], via: 'jwt' };
const ENGINEER: Identity = { subject: 'eve', groups: ['de'], via: 'jwt' };
const AS_OF = Date.parse('2026-03-10T08:00:00Z');

const SERIES = `query ($names: [String!]!, $from: String!, $to: String!, $groupBy: MetricDimension) {
  metrics(names: $names, from: $from, to: $to, groupBy: $groupBy) { metric groupBy group points { day value } }
}`;
const SET = `mutation ($input: MetricTargetInput!) {
  setMetricTarget(input: $input) { metric groupBy group direction value setBy }
}`;

describe('dg Query.metrics and the target mutations over the demo catalog (embedded hub on PGlite)', () => {
  let demo: DemoHub;
  let schema: ReturnType<typeof buildSubgraphSchemas>['dg'];
  const run = (source: string, variableValues?: Record<string, unknown>, identity: Identity = STEWARD) =>
    graphql({
      schema,
      source,
      variableValues,
      contextValue: createSubgraphContext(demo.port, identity),
    }) as Promise<ExecutionResult<Record<string, unknown>>>;

  beforeAll(async () => {
    demo = await openDemoHub(storeKinds()[0]!, { datasets: 120, historyDays: 3 });
    schema = buildSubgraphSchemas({ store: demo.store }).dg;
    await new MetricsService({ store: demo.store, hub: demo.port }).collectDay(AS_OF);
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('serves the collected day, by platform equal to the live catalog summary', async () => {
    const result = await run(SERIES, {
      names: ['datasets'],
      from: '2026-03-01',
      to: '2026-03-10',
      groupBy: 'PLATFORM',
    });
    expect(result.errors).toBeUndefined();
    const series = result.data!.metrics as { group: string; points: { day: string; value: number }[] }[];
    const live = await catalogSummary(demo.port);
    expect(
      series
        .map((s) => ({ key: s.group, count: s.points.at(-1)!.value }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(
      live.byPlatform
        .map((c) => ({ key: c.key, count: c.count }))
        .sort((a, b) => a.key!.localeCompare(b.key!)),
    );
    expect(series.every((s) => s.points.length === 1 && s.points[0]!.day === '2026-03-10')).toBe(true);
  });

  it('refuses a bad metric or range with its code', async () => {
    const bad = await run(SERIES, { names: ['row_count'], from: '2026-03-01', to: '2026-03-10' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNKNOWN_METRIC');
    const range = await run(SERIES, { names: ['datasets'], from: '2026-03-10', to: '2026-03-01' });
    expect(range.errors?.[0]?.extensions?.code).toBe('INVALID_RANGE');
  });

  it('lets the dg group set targets, and refuses another group', async () => {
    const input = {
      metric: 'documentation_table',
      groupBy: 'LAYER',
      group: 'gold',
      direction: 'AT_LEAST',
      value: 0.95,
    };
    const set = await run(SET, { input });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setMetricTarget).toEqual({ ...input, setBy: 'sam' });
    const listed = await run('{ metricTargets { metric group value } }');
    expect(listed.data!.metricTargets).toEqual([
      { metric: 'documentation_table', group: 'gold', value: 0.95 },
    ]);
    const refused = await run(SET, { input }, ENGINEER);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
