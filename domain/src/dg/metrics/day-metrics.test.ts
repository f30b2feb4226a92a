import { describe, expect, it } from 'vitest';
import { dayMetrics, type DatasetFacts } from './day-metrics.js';

const DAY = { start: Date.parse('2026-03-02T00:00:00Z'), end: Date.parse('2026-03-03T00:00:00Z') };
const facts = (over: Partial<DatasetFacts>): DatasetFacts => ({
  platform: 'urn:li:dataPlatform:hive',
  domain: null,
  layer: null,
  ownerGroups: [],
  created: null,
  deprecated: false,
  tableDocumented: false,
  fieldsDocumented: 0,
  fieldsTotal: 0,
  owned: false,
  rows: null,
  bytes: null,
  ...over,
});
const value = (all: ReturnType<typeof dayMetrics>, metric: string, dimension: string, groupKey = '') =>
  all.find((v) => v.metric === metric && v.dimension === dimension && v.groupKey === groupKey)?.value;

describe('dayMetrics', () => {
  const datasets = [
    facts({
      domain: 'urn:li:domain:sales',
      layer: 'gold',
      tableDocumented: true,
      fieldsDocumented: 3,
      fieldsTotal: 4,
      owned: true,
      ownerGroups: ['urn:li:corpGroup:bi', 'urn:li:corpGroup:sales'],
      created: DAY.start + 1000,
    }),
    facts({ domain: 'urn:li:domain:sales', layer: 'bronze', fieldsTotal: 4, created: DAY.start - 1 }),
    facts({
      platform: 'urn:li:dataPlatform:kafka',
      deprecated: true,
      owned: true,
      created: DAY.end,
      rows: 40,
      bytes: 4096,
    }),
  ];
  const all = dayMetrics(datasets, DAY, ['catalog', 'domain', 'platform', 'layer', 'owner_group']);

  it('counts the catalog: datasets, the ones created that day only, deprecated, and the shares', () => {
    expect(value(all, 'datasets', 'catalog')).toBe(3);
    expect(value(all, 'datasets_new', 'catalog')).toBe(1);
    expect(value(all, 'datasets_deprecated', 'catalog')).toBe(1);
    expect(value(all, 'documentation_table', 'catalog')).toBeCloseTo(1 / 3);
    expect(value(all, 'documentation_column', 'catalog')).toBeCloseTo(3 / 8);
    expect(value(all, 'ownership', 'catalog')).toBeCloseTo(2 / 3);
    // A dataset without a profile adds no volume.
    expect(value(all, 'rows', 'catalog')).toBe(40);
    expect(value(all, 'bytes', 'platform', 'urn:li:dataPlatform:kafka')).toBe(4096);
  });

  it('breaks down by group, a dataset without one under the empty key, one in several groups in each', () => {
    expect(value(all, 'datasets', 'domain', 'urn:li:domain:sales')).toBe(2);
    expect(value(all, 'datasets', 'domain', '')).toBe(1);
    expect(value(all, 'documentation_table', 'layer', 'gold')).toBe(1);
    expect(value(all, 'documentation_table', 'layer', 'bronze')).toBe(0);
    expect(value(all, 'datasets', 'owner_group', 'urn:li:corpGroup:bi')).toBe(1);
    expect(value(all, 'datasets', 'owner_group', 'urn:li:corpGroup:sales')).toBe(1);
    expect(value(all, 'datasets', 'owner_group', '')).toBe(2);
    expect(value(all, 'datasets', 'platform', 'urn:li:dataPlatform:kafka')).toBe(1);
  });

  it('leaves out a share with nothing to count rather than calling it 0%', () => {
    // The kafka dataset has no fields: no column documentation share for its platform.
    expect(value(all, 'documentation_column', 'platform', 'urn:li:dataPlatform:kafka')).toBeUndefined();
    expect(value(dayMetrics([], DAY, ['catalog']), 'datasets', 'catalog')).toBe(0);
  });
});
