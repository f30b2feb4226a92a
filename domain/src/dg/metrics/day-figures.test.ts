import { describe, expect, it } from 'vitest';
import { deMetricJudges } from '../../adapters/metrics/de-metric-judges.js';
import type { HubOperation } from '../../ports/hub-port.js';
import type { DatasetFacts } from './dataset-facts.js';
import { dayFigures, type DayActivity, type MetricPointValue } from './day-figures.js';
import { dayStart } from './days.js';

const DAY = 86_400_000;
const D = '2026-03-10';

function op(at: number): HubOperation {
  return {
    timestampMillis: at,
    lastUpdatedTimestamp: at,
    operationType: 'INSERT',
    numAffectedRows: null,
    actor: null,
    partition: null,
  };
}

function facts(name: string, over: Partial<DatasetFacts> = {}): DatasetFacts {
  return {
    urn: `urn:li:dataset:(urn:li:dataPlatform:pg,${name},PROD)`,
    groups: {
      DOMAIN: 'urn:li:domain:sales',
      PLATFORM: 'urn:li:dataPlatform:pg',
      LAYER: 'gold',
      OWNER_GROUP: '(none)',
    },
    firstSeen: null,
    deprecated: false,
    tableDocumented: false,
    fieldsDocumented: 0,
    fieldsTotal: 0,
    owned: false,
    piiLike: false,
    piiTermed: false,
    operations: [],
    profiles: [],
    schemaChanges: [],
    ...over,
  };
}

const quiet: DayActivity = { validations: [], searchQuestions: 0, searchNoClick: 0, previousDatasets: null };

const value = (points: MetricPointValue[], metric: string, dimension = 'CATALOG', key = '') =>
  points.find((p) => p.metric === metric && p.dimension === dimension && p.key === key)?.value;

describe('day figures', () => {
  it('counts only datasets first seen by the end of the day, and those first seen that day as new', () => {
    const start = dayStart(D);
    const points = dayFigures(
      [
        facts('old', { firstSeen: start - 5 * DAY }),
        facts('today', { firstSeen: start + 3600_000 }),
        facts('later', { firstSeen: start + 2 * DAY }),
        facts('unknown'),
      ],
      D,
      quiet,
      deMetricJudges,
    );
    expect(value(points, 'datasets')).toBe(3);
    expect(value(points, 'datasets_new')).toBe(1);
  });

  it('takes rows and bytes from each dataset’s latest profile of that day or before', () => {
    const start = dayStart(D);
    const f = facts('t', {
      profiles: [
        { at: start - DAY, rows: 10, bytes: 100 },
        { at: start + 10, rows: 20, bytes: 200 },
        { at: start + DAY + 10, rows: 99, bytes: 999 },
      ],
    });
    const points = dayFigures(
      [f, facts('u', { profiles: [{ at: start - 3 * DAY, rows: 5, bytes: null }] })],
      D,
      quiet,
      deMetricJudges,
    );
    expect(value(points, 'rows')).toBe(25);
    expect(value(points, 'bytes')).toBe(200);
  });

  it('judges freshness at the end of the day from the operations up to it', () => {
    const end = dayStart(D) + DAY - 1;
    // Daily loads at 02:00 for 10 days: on time on D; one that stopped 4 days before D is late.
    const daily = Array.from({ length: 10 }, (_, i) => op(dayStart(D) - (9 - i) * DAY + 2 * 3600_000));
    const stopped = Array.from({ length: 10 }, (_, i) => op(dayStart(D) - (13 - i) * DAY + 2 * 3600_000));
    const points = dayFigures(
      [facts('a', { operations: daily }), facts('b', { operations: stopped }), facts('c')],
      D,
      quiet,
      deMetricJudges,
      end,
    );
    expect(value(points, 'freshness_on_time')).toBe(0.5);
  });

  it('gives shares of documentation, ownership and PII coverage, and no share without a denominator', () => {
    const points = dayFigures(
      [
        facts('a', {
          tableDocumented: true,
          fieldsDocumented: 3,
          fieldsTotal: 4,
          owned: true,
          piiLike: true,
          piiTermed: true,
        }),
        facts('b', { fieldsDocumented: 1, fieldsTotal: 4, piiLike: true }),
      ],
      D,
      quiet,
      deMetricJudges,
    );
    expect(value(points, 'table_documentation')).toBe(0.5);
    expect(value(points, 'column_documentation')).toBe(0.5);
    expect(value(points, 'ownership_coverage')).toBe(0.5);
    expect(value(points, 'pii_coverage')).toBe(0.5);
    expect(value(points, 'validations_passing')).toBeUndefined();
    expect(value(points, 'freshness_on_time')).toBeUndefined();
  });

  it('breaks every figure down by domain, platform, layer and owner group', () => {
    const a = facts('a', { tableDocumented: true });
    const b = facts('b', { groups: { ...a.groups, LAYER: 'bronze', DOMAIN: '(none)' } });
    const points = dayFigures(
      [a, b],
      D,
      {
        ...quiet,
        validations: [
          { urn: a.urn, failed: false },
          { urn: b.urn, failed: true },
        ],
      },
      deMetricJudges,
    );
    expect(value(points, 'datasets', 'LAYER', 'gold')).toBe(1);
    expect(value(points, 'table_documentation', 'LAYER', 'bronze')).toBe(0);
    expect(value(points, 'datasets', 'DOMAIN', '(none)')).toBe(1);
    expect(value(points, 'datasets', 'PLATFORM', 'urn:li:dataPlatform:pg')).toBe(2);
    expect(value(points, 'validations_run')).toBe(2);
    expect(value(points, 'validations_failed', 'LAYER', 'bronze')).toBe(1);
    expect(value(points, 'validations_passing', 'LAYER', 'gold')).toBe(1);
    expect(value(points, 'validations_passing')).toBe(0.5);
  });

  it('counts schema changes of that day and removals against the day before', () => {
    const start = dayStart(D);
    const points = dayFigures(
      [facts('a', { schemaChanges: [start - 10, start + 10, start + 20] })],
      D,
      {
        ...quiet,
        previousDatasets: new Map([['CATALOG|', 3]]),
        searchQuestions: 4,
        searchNoClick: 1,
      },
      deMetricJudges,
    );
    expect(value(points, 'schema_changes')).toBe(2);
    expect(value(points, 'datasets_removed')).toBe(2);
    expect(value(points, 'search_questions')).toBe(4);
    expect(value(points, 'search_no_click')).toBe(1);
  });
});
