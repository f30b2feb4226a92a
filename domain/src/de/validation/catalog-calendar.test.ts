import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcp } from '@dataspoke/demo/aspects';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import type { HubPort } from '../../ports/hub-port.js';
import { CatalogCalendars, catalogDay, peerGroup, type PeerVote } from './catalog-calendar.js';
import { ValidationService } from './service.js';
import type { ValidationResult } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const vote = (deviation: number, width = 0.47): PeerVote => ({ urn: `u${deviation}`, deviation, width });

describe('catalogDay', () => {
  it('is an event when a large share of the peers moved beyond their own band the same way', () => {
    const votes = [
      ...[-1.2, -0.9, -1.6, -0.8].map((d) => vote(d)),
      ...[0.05, -0.1, 0.1, 0, 0.02].map((d) => vote(d)),
    ];
    expect(catalogDay(20_000, votes)).toMatchObject({ direction: 'down', voters: 9, moved: 4 });
    const spike = catalogDay(20_000, [
      ...[1.2, 0.9, 0.8].map((d) => vote(d)),
      ...[0, 0.1, -0.1].map((d) => vote(d)),
    ]);
    expect(spike).toMatchObject({ direction: 'up', moved: 3 });
  });

  it('is no event for one table that moved, or too few peers to tell', () => {
    expect(
      catalogDay(1, [vote(-2), ...[0, 0.1, -0.1, 0.05, 0.2, -0.2, 0, 0.1].map((d) => vote(d))]),
    ).toBeNull();
    expect(catalogDay(1, [vote(-2), vote(-1.5), vote(-1), vote(0)])).toBeNull();
  });

  it('counts a peer beyond its own band: a noisy table wide of its median is not a moved one', () => {
    const noisy = [-0.8, -0.9, -0.7, -1].map((d) => vote(d, 1.5));
    expect(catalogDay(1, [...noisy, ...[0, 0.1, -0.1].map((d) => vote(d))])).toBeNull();
  });

  it('groups datasets by platform and environment', () => {
    expect(peerGroup('urn:li:dataset:(urn:li:dataPlatform:snowflake,db.s.t,PROD)')).toEqual({
      platform: 'urn:li:dataPlatform:snowflake',
      env: 'PROD',
    });
    expect(peerGroup('urn:li:dashboard:(looker,1)')).toBeNull();
  });
});

/**
 * Through the validator on the embedded hub: tables of two platforms with 70 days of daily loads. On the last
 * day most Snowflake tables load 70% fewer rows (the catalog's holiday); on BigQuery only one table does.
 */
const END = Date.UTC(2026, 4, 20);
const DAYS = 70;
const dayStart = (d: number) => END - (DAYS - d) * DAY;
const urnOf = (platform: string, name: string) =>
  `urn:li:dataset:(urn:li:dataPlatform:${platform},shop.${name},PROD)`;

/** One table's loads (operations) and profiles: about `rows` a day (±6%, deterministic), the last day × `last`. */
function table(
  urn: string,
  rows: number,
  hour: number,
  last: number,
  seed: number,
): MetadataChangeProposal[] {
  const out: MetadataChangeProposal[] = [
    mcp(
      'dataset',
      urn,
      'datasetProperties',
      { name: urn, description: 'A table.', customProperties: {} },
      dayStart(0),
    ),
  ];
  let total = 1_000_000;
  for (let d = 0; d < DAYS; d++) {
    const t = dayStart(d) + hour * HOUR;
    const n = Math.round(rows * (1 + 0.06 * Math.sin(d * 2.1 + seed)) * (d === DAYS - 1 ? last : 1));
    total += n;
    out.push(
      mcp(
        'dataset',
        urn,
        'operation',
        { timestampMillis: t, lastUpdatedTimestamp: t, operationType: 'INSERT', numAffectedRows: n },
        t,
      ),
      mcp(
        'dataset',
        urn,
        'datasetProfile',
        { timestampMillis: t + 600_000, rowCount: total, columnCount: 4 },
        t + 600_000,
      ),
    );
  }
  return out;
}

describe('the validator with the catalog calendar', () => {
  let store: Store;
  let hub: EmbeddedHub;
  const validate = (urn: string, asOf: number) =>
    new ValidationService({ hub: createEmbeddedHubPort(hub, store), now: () => END + 2 * DAY }).validate({
      urn,
      asOf,
      dryRun: true,
    });
  const loadIssue = (r: ValidationResult) => r.issues.find((i) => i.check === 'load_volume');

  beforeAll(async () => {
    store = await openMemoryStore();
    hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
    const proposals: MetadataChangeProposal[] = [];
    // Snowflake: the judged table loads at 02:00; 8 of its 11 peers load at 04:00, 70% short on the last day.
    proposals.push(...table(urnOf('snowflake', 'orders'), 20_000, 2, 0.3, 0));
    for (let k = 0; k < 11; k++)
      proposals.push(
        ...table(urnOf('snowflake', `t${k}`), 5_000 + 1_000 * k, 4, k < 8 ? 0.25 + 0.02 * k : 1, k + 1),
      );
    // BigQuery: only the judged table is short on the last day; its 11 peers load as usual.
    proposals.push(...table(urnOf('bigquery', 'orders'), 20_000, 2, 0.3, 0));
    for (let k = 0; k < 11; k++)
      proposals.push(...table(urnOf('bigquery', `t${k}`), 5_000 + 1_000 * k, 4, 1, k + 1));
    await hub.ingest(proposals);
  });
  afterAll(async () => {
    await store?.close();
  });

  const lastDay = dayStart(DAYS - 1);

  it('warns, and does not fail, a load as short as most of its platform loaded that day', async () => {
    const r = await validate(urnOf('snowflake', 'orders'), lastDay + 5 * HOUR);
    expect(r.status).toBe('warn');
    expect(loadIssue(r)).toMatchObject({ severity: 'warn', metric: 'rowsPerLoad' });
    expect(loadIssue(r)!.expectation).toMatch(/8 of 11 tables of the platform/);
  });

  it('fails the same drop when the other tables of its platform loaded as usual that day', async () => {
    const r = await validate(urnOf('bigquery', 'orders'), lastDay + 5 * HOUR);
    expect(r.status).toBe('fail');
    expect(loadIssue(r)).toMatchObject({ severity: 'fail' });
  });

  it('stays causal: before the peers have loaded that day, the drop fails', async () => {
    const r = await validate(urnOf('snowflake', 'orders'), lastDay + 3 * HOUR);
    expect(loadIssue(r)).toMatchObject({ severity: 'fail' });
  });

  it('reads the peers once for the validations that follow', async () => {
    const port = createEmbeddedHubPort(hub, store);
    let reads = 0;
    const counting: HubPort = Object.assign(Object.create(port) as HubPort, {
      getOperations: (...args: Parameters<HubPort['getOperations']>) => {
        reads++;
        return port.getOperations(...args);
      },
    });
    const calendars = new CatalogCalendars(() => END + 2 * DAY);
    for (const hour of [5, 6, 7]) {
      const r = await new ValidationService({ hub: counting, calendars, now: () => END + 2 * DAY }).validate({
        urn: urnOf('snowflake', 'orders'),
        asOf: lastDay + hour * HOUR,
        dryRun: true,
      });
      expect(loadIssue(r)?.severity).toBe('warn');
    }
    expect(reads).toBe(1);
  });
});
