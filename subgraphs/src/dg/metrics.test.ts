import { graphql, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { buildSubgraphSchemas, createSubgraphContext } from '../index.js';

const STEWARD: Identity = { subject: 'sam', groups: ['dg'], via: 'jwt' };

describe('dg Query.metricDefinitions', () => {
  it('tells how a period is read from each metric: counts of a day total, shares of a day average', async () => {
    const result = (await graphql({
      schema: buildSubgraphSchemas().dg,
      source: '{ metricDefinitions { name unit description periodFigure } }',
      // metricDefinitions reads no hub: the port is never called.
      contextValue: createSubgraphContext({} as HubPort, STEWARD),
    })) as ExecutionResult<{
      metricDefinitions: { name: string; unit: string; description: string; periodFigure: string }[];
    }>;
    expect(result.errors).toBeUndefined();
    const figure = Object.fromEntries(result.data!.metricDefinitions.map((d) => [d.name, d.periodFigure]));
    expect(figure).toMatchObject({
      datasets: 'LAST',
      table_documentation: 'LAST',
      validations_run: 'SUM',
      schema_changes: 'SUM',
      search_no_click: 'SUM',
      validations_passing: 'MEAN',
    });
    // Every count of what happened "that day" is a flow: a week's figure is the week's total, never its
    // last day, or the dashboard's period comparison would read a week of validations as one day's.
    for (const d of result.data!.metricDefinitions)
      if (d.unit === 'count' && /that day|since the day before/.test(d.description))
        expect(d.periodFigure, d.name).toBe('SUM');
  });
});
