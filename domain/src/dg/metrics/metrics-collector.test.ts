import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '@dataspoke/demo/generator';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { searchQuestion } from '@dataspoke/platform/store/schema-dg';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { deMetricJudges } from '../../adapters/metrics/de-metric-judges.js';
import { freshnessOf, OPERATION_HISTORY } from '../../de/freshness.js';
import type { HubPort } from '../../ports/hub-port.js';
import { InProcessSpokeEvents, type SpokeEvent } from '../../shared/spoke-events.js';
import { documentationCoverage } from '../documentation.js';
import { OverviewService } from '../overview/overview-service.js';
import { dayOf } from './days.js';
import { MetricsCollector } from './metrics-collector.js';
import { MetricsService } from './metrics-service.js';
import { StoredSearchUsage } from './search-usage.js';

/** The live figures of the catalog now, read straight from the hub with the features' own functions. */
async function liveFigures(hub: HubPort, now: number) {
  const urns: string[] = [];
  let scrollId: string | null = null;
  do {
    const page = await hub.scrollDatasets({ scrollId, count: 1000 });
    urns.push(...page.datasets.map((d) => d.urn));
    scrollId = page.datasets.length > 0 ? page.nextScrollId : null;
  } while (scrollId);
  const datasets = [...(await hub.getDatasets(urns)).values()];
  const operations = await hub.getOperations(urns, OPERATION_HISTORY);
  const profiles = await hub.getProfiles(urns, { limit: 1 }, { fieldProfiles: false });
  const freshness = urns.map((u) => freshnessOf(operations.get(u) ?? [], now)).filter((f) => f.cadence);
  const coverage = datasets.map(documentationCoverage);
  return {
    datasets: datasets.length,
    rows: urns.reduce((sum, u) => sum + (profiles.get(u)?.[0]?.rowCount ?? 0), 0),
    freshnessOnTime: freshness.filter((f) => f.status === 'ON_TIME').length / freshness.length,
    tableDocumentation: coverage.filter((c) => c.tableDocumented).length / datasets.length,
    columnDocumentation:
      coverage.reduce((s, c) => s + c.fieldsDocumented, 0) / coverage.reduce((s, c) => s + c.fieldsTotal, 0),
    ownership: datasets.filter((d) => (d.ownership?.owners ?? []).length > 0).length / datasets.length,
  };
}

describe.each(storeKinds())('metrics collection over the demo catalog ($name)', (kind) => {
  let test: TestStore;
  let hub: HubPort;
  const now = Date.UTC(2026, 2, 10, 15);
  const historyDays = 120;
  const events: SpokeEvent[] = [];
  let collector: MetricsCollector;
  let service: MetricsService;

  beforeAll(async () => {
    test = await kind.open();
    const embedded = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    await loadDemoCatalog(embedded, generateDemoCatalog({ seed: 11, now, historyDays, datasets: 60 }));
    hub = createEmbeddedHubPort(embedded, test.store);
    const spokeEvents = new InProcessSpokeEvents();
    spokeEvents.subscribe((e) => void events.push(e));
    const overview = new OverviewService({ hub });
    collector = new MetricsCollector({
      store: test.store,
      hub,
      events: spokeEvents,
      judges: deMetricJudges,
      layers: () => overview.layers(),
    });
    service = new MetricsService(test.store, () => now);
  }, 120_000);
  afterAll(async () => {
    await test?.dispose();
  });

  it('backfills the hub’s history on a first run, and its last day equals the live figures', async () => {
    const report = await collector.collect(now);
    expect(report.days).toBeGreaterThanOrEqual(historyDays);
    expect(report.lastDay).toBe(dayOf(now));
    const names = [
      'datasets',
      'rows',
      'freshness_on_time',
      'table_documentation',
      'column_documentation',
      'ownership_coverage',
    ];
    const series = await service.series({ names, from: report.firstDay, to: report.lastDay });
    const last = (metric: string) => series.find((s) => s.metric === metric)!.points.at(-1)!;
    const live = await liveFigures(hub, now);
    expect(last('datasets')).toEqual({ day: dayOf(now), value: live.datasets });
    expect(last('rows').value).toBe(live.rows);
    expect(last('freshness_on_time').value).toBeCloseTo(live.freshnessOnTime, 12);
    expect(last('table_documentation').value).toBeCloseTo(live.tableDocumentation, 12);
    expect(last('column_documentation').value).toBeCloseTo(live.columnDocumentation, 12);
    expect(last('ownership_coverage').value).toBeCloseTo(live.ownership, 12);
    // The backfill is a real history: volumes moved over the 120 days, each day has a point.
    const rows = series.find((s) => s.metric === 'rows')!.points;
    expect(rows.length).toBe(report.days);
    expect(new Set(rows.map((p) => p.value)).size).toBeGreaterThan(10);
  }, 120_000);

  it('breaks the figures down by layer with the overview’s inferred layers, summing to the catalog', async () => {
    const day = dayOf(now);
    const [catalog] = await service.series({ names: ['datasets'], from: day, to: day });
    const byLayer = await service.series({ names: ['datasets'], from: day, to: day, groupBy: 'LAYER' });
    expect(byLayer.length).toBeGreaterThan(1);
    expect(byLayer.reduce((s, x) => s + x.points[0]!.value, 0)).toBe(catalog!.points[0]!.value);
  });

  it('collects a day again idempotently, and notifies a target the day misses', async () => {
    const day = dayOf(now);
    const before = await service.series({
      names: ['datasets', 'rows', 'table_documentation'],
      from: '2025-01-01',
      to: day,
      groupBy: 'DOMAIN',
    });
    await service.setTarget({ metric: 'table_documentation', value: 1 }, 'tester');
    service.usage.questionAsked('orders by store');
    await service.usage.settled();
    const again = await collector.collect(now);
    expect(again.days).toBe(1);
    const after = await service.series({
      names: ['datasets', 'rows', 'table_documentation'],
      from: '2025-01-01',
      to: day,
      groupBy: 'DOMAIN',
    });
    expect(after).toEqual(before.map((s) => ({ ...s, target: s.target })));
    const [asked] = await service.series({ names: ['search_questions'], from: day, to: day });
    expect(asked!.points).toEqual([{ day, value: 1 }]);
    const missed = events.filter((e) => e.type === 'dataspoke.metric.target_missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({
      metric: 'table_documentation',
      dimension: 'CATALOG',
      key: '',
      comparison: 'AT_LEAST',
      target: 1,
    });
  }, 120_000);

  it('records a click on the latest asking of a question', async () => {
    expect(await service.resultClicked('orders by store')).toBe(true);
    expect(await service.resultClicked('orders by store')).toBe(false);
    await collector.collect(now);
    const day = dayOf(now);
    const [noClick] = await service.series({ names: ['search_no_click'], from: day, to: day });
    expect(noClick!.points[0]!.value).toBe(0);
  }, 60_000);

  it('deletes the questions asked before their retention, once their days are collected', async () => {
    const longAgo = new StoredSearchUsage(test.store, () => now - 401 * 86_400_000);
    longAgo.questionAsked('a question from long ago');
    await longAgo.settled();
    const kept = new StoredSearchUsage(test.store, () => now - 399 * 86_400_000);
    kept.questionAsked('a question within the retention');
    await kept.settled();
    const report = await collector.collect(now);
    expect(report.questionsPruned).toBe(1);
    const left = await test.store.db.select({ question: searchQuestion.question }).from(searchQuestion);
    expect(left.map((q) => q.question).sort()).toEqual([
      'a question within the retention',
      'orders by store',
    ]);
  }, 60_000);

  it('refuses unknown names, bad dates and reversed or long ranges with codes', async () => {
    const q = { names: ['datasets'], from: '2026-01-01', to: '2026-02-01' };
    await expect(service.series({ ...q, names: ['datasetz'] })).rejects.toMatchObject({
      code: 'UNKNOWN_METRIC',
    });
    await expect(service.series({ ...q, from: '2026-02-30' })).rejects.toMatchObject({
      code: 'INVALID_DATE',
    });
    await expect(service.series({ ...q, from: '2026-03-01' })).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
    await expect(service.series({ ...q, from: '2020-01-01' })).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
    await expect(service.series({ ...q, groupBy: 'TEAM' })).rejects.toMatchObject({
      code: 'INVALID_GROUP_BY',
    });
    await expect(service.deleteTarget('nope')).rejects.toMatchObject({ code: 'METRIC_TARGET_NOT_FOUND' });
  });
});
