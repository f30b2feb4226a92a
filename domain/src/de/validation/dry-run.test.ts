import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcp } from '@dataspoke/demo/aspects';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { ValidationService } from './service.js';
import type { ValidationResult } from './types.js';

/**
 * A dry run with a proposed data point (observations) judges it as one more profile after the stored ones:
 * its row count change is a load (per-load volume), and a row count that repeats the stored ones is a stuck
 * table. Before, a proposed point skipped both checks.
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12);
const URN = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,dryrun.orders,PROD)';
/** Daily profiles of an append table: about 1,000 rows a day (±5%), the last two days without growth. */
const rowCounts: number[] = [];
for (let d = 0, rows = 50_000; d < 40; d++) {
  if (d < 38) rows += Math.round(1_000 * (1 + 0.05 * Math.sin(d * 1.7)));
  rowCounts.push(rows);
}
const profileTime = (d: number) => NOW - (40 - d) * DAY;

describe('a dry run with a proposed point', () => {
  let store: Store;
  let service: ValidationService;

  beforeAll(async () => {
    store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
    await hub.ingest([
      mcp(
        'dataset',
        URN,
        'datasetProperties',
        { name: 'orders', description: 'Orders.', customProperties: {} },
        NOW - 50 * DAY,
      ),
      ...rowCounts.map((rowCount, d) =>
        mcp(
          'dataset',
          URN,
          'datasetProfile',
          { timestampMillis: profileTime(d), rowCount, columnCount: 3 },
          profileTime(d),
        ),
      ),
    ]);
    service = new ValidationService({ hub: createEmbeddedHubPort(hub, store), now: () => NOW });
  });
  afterAll(async () => {
    await store?.close();
  });

  const check = (r: ValidationResult, name: string) => r.checks.find((c) => c.check === name)!;
  /** The stored history without its last two (stuck) days, as a proposed point sees it at asOf. */
  const propose = (rowCount: number, day: number) =>
    service.validate({
      urn: URN,
      dryRun: true,
      asOf: profileTime(day) - 60_000,
      observations: { timestampMillis: profileTime(day) - 60_000, rowCount },
    });

  it('judges the proposed row count change as a load: usual passes, 95% short fails', async () => {
    const usual = await propose(rowCounts[36]! + 1_000, 37);
    expect(check(usual, 'load_volume').status).toBe('pass');
    expect(check(usual, 'stuck').status).toBe('pass');
    const short = await propose(rowCounts[36]! + 50, 37);
    expect(check(short, 'load_volume').status).toBe('fail');
    expect(short.issues.find((i) => i.check === 'load_volume')).toMatchObject({
      severity: 'fail',
      observed: 50,
    });
    expect(short.issues.find((i) => i.check === 'load_volume')!.explanation).toMatch(/proposed/);
  });

  it('fails a proposed row count that repeats a table stuck for a day already', async () => {
    // Stored: day 38 repeats day 37. Proposed for day 39: the same row count again.
    const stuck = await propose(rowCounts[38]!, 39);
    expect(check(stuck, 'stuck').status).toBe('fail');
    expect(stuck.status).toBe('fail');
  });

  it('skips both checks, saying why, when the proposed point has no row count', async () => {
    const r = await service.validate({
      urn: URN,
      dryRun: true,
      observations: { fields: [{ fieldPath: 'id', nullProportion: 0 }] },
    });
    expect(check(r, 'load_volume')).toMatchObject({
      status: 'skipped',
      detail: 'the proposed point has no row count',
    });
    expect(check(r, 'stuck').status).toBe('skipped');
  });
});
