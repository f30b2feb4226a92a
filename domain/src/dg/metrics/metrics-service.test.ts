import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { InProcessSpokeEvents, type SpokeEvent } from '../../shared/spoke-events.js';
import { MetricsService } from './metrics-service.js';

const urnOf = (name: string) => `urn:li:dataset:(urn:li:dataPlatform:hive,metrics.${name},PROD)`;
const mcp = (name: string, aspectName: string, aspect: unknown): MetadataChangeProposal => ({
  entityType: 'dataset',
  entityUrn: urnOf(name),
  changeType: 'UPSERT',
  aspectName,
  aspect,
});
const DAY1 = Date.parse('2026-03-01T12:00:00Z');
const DAY2 = Date.parse('2026-03-02T12:00:00Z');

/** The metrics collected from a hub into spoke_dg, read back as series, with targets and their notification. */
describe.each(storeKinds())('governance metrics over time ($name)', (kind) => {
  let test: TestStore;
  let hub: EmbeddedHub;
  let service: MetricsService;
  const published: SpokeEvent[] = [];

  beforeAll(async () => {
    test = await kind.open();
    hub = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    const events = new InProcessSpokeEvents();
    events.subscribe((e) => {
      published.push(e);
    });
    service = new MetricsService({ store: test.store, hub: createEmbeddedHubPort(hub, test.store), events });
    const ingested = await hub.ingest([
      mcp('orders', 'datasetProperties', { name: 'orders', description: 'one row per order' }),
      mcp('orders', 'ownership', {
        owners: [{ owner: 'urn:li:corpGroup:sales', type: 'DATAOWNER' }],
        lastModified: { time: 0, actor: 'urn:li:corpuser:x' },
      }),
      mcp('customers', 'datasetProperties', { name: 'customers' }),
    ]);
    expect(ingested.failed).toBe(0);
  });
  afterAll(() => test.dispose());

  it('collects a day, and collecting it again replaces it rather than adding to it', async () => {
    const first = await service.collectDay(DAY1);
    expect(first).toMatchObject({ day: '2026-03-01', datasets: 2, targetsMissed: 0 });
    await service.collectDay(DAY1);
    const [series] = await service.series({ names: ['datasets'], from: '2026-03-01', to: '2026-03-01' });
    expect(series!.points).toEqual([{ day: '2026-03-01', value: 2 }]);
  });

  it('answers a range by breakdown, days ascending, following the catalog as it changes', async () => {
    expect(
      (await hub.ingest([mcp('payments', 'datasetProperties', { name: 'payments', description: 'paid' })]))
        .failed,
    ).toBe(0);
    await service.collectDay(DAY2);
    const [docs] = await service.series({
      names: ['documentation_table'],
      from: '2026-02-01',
      to: '2026-03-31',
    });
    expect(docs!.points).toEqual([
      { day: '2026-03-01', value: 0.5 },
      { day: '2026-03-02', value: 2 / 3 },
    ]);
    const byGroup = await service.series({
      names: ['datasets'],
      from: '2026-03-02',
      to: '2026-03-02',
      groupBy: 'owner_group',
      groupKeys: ['urn:li:corpGroup:sales'],
    });
    expect(byGroup).toEqual([
      {
        metric: 'datasets',
        dimension: 'owner_group',
        groupKey: 'urn:li:corpGroup:sales',
        points: [{ day: '2026-03-02', value: 1 }],
      },
    ]);
  });

  it('publishes a missed target when a day is collected, and keeps targets until deleted', async () => {
    await service.setTarget({ metric: 'ownership', direction: 'at_least', value: 0.95, setBy: 'lead' });
    await service.setTarget({ metric: 'datasets', direction: 'at_least', value: 1, setBy: 'lead' });
    const report = await service.collectDay(DAY2);
    expect(report.targetsMissed).toBe(1);
    expect(published).toEqual([
      expect.objectContaining({ type: 'dataspoke.metric.target_missed', metric: 'ownership', target: 0.95 }),
    ]);
    expect((published[0] as { value: number }).value).toBeCloseTo(1 / 3);
    expect((await service.targets()).map((t) => t.metric)).toEqual(['datasets', 'ownership']);
    expect(await service.deleteTarget({ metric: 'ownership' })).toBe(true);
    expect(await service.deleteTarget({ metric: 'ownership' })).toBe(false);
  });

  it('refuses bad names, dates, ranges and targets with a code', async () => {
    const code = (work: Promise<unknown>) =>
      work.then(
        () => 'none',
        (e: { code?: string }) => e.code,
      );
    expect(await code(service.series({ names: ['nope'], from: '2026-03-01', to: '2026-03-02' }))).toBe(
      'UNKNOWN_METRIC',
    );
    expect(await code(service.series({ names: ['datasets'], from: '2026-02-30', to: '2026-03-02' }))).toBe(
      'INVALID_DATE',
    );
    expect(await code(service.series({ names: ['datasets'], from: '2026-03-02', to: '2026-03-01' }))).toBe(
      'INVALID_RANGE',
    );
    expect(await code(service.series({ names: ['datasets'], from: '2020-01-01', to: '2026-03-01' }))).toBe(
      'INVALID_RANGE',
    );
    expect(
      await code(
        service.series({ names: ['datasets'], from: '2026-03-01', to: '2026-03-01', groupBy: 'team' }),
      ),
    ).toBe('UNKNOWN_DIMENSION');
    expect(
      await code(service.setTarget({ metric: 'ownership', direction: 'at_least', value: 95, setBy: 'x' })),
    ).toBe('INVALID_TARGET');
  });
});
