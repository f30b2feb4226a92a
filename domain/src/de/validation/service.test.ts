import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '@dataspoke/demo/generator';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { registerHubGraphqlRoute } from '@dataspoke/hub/graphql/index';
import {
  type HubDataset,
  type HubDatasetHistory,
  type HubDatasetOutline,
  type HubHistoryRequest,
  type HubPort,
} from '../../ports/hub-port.js';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { createGmsHubPort } from '../../adapters/hub/gms-hub-port.js';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { ValidationService, volumeIssues, type ValidationStep } from './service.js';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import type { ValidationResult } from './types.js';
import { allowEveryAccess } from '@dataspoke/hub/access';

/**
 * The validator's light hub reads (dataset outlines, profiles without column profiles) against the full reads
 * they replace: the same data through both hub adapters, and the same validation results, alternatives
 * included, as a validator reading whole datasets and full profiles.
 */

const DAY = 86_400_000;

/** The outline a full dataset read implies: what the light read must answer. */
function outlineOf(d: HubDataset): HubDatasetOutline {
  return {
    urn: d.urn,
    name: d.name,
    properties: d.properties && { name: d.properties.name, description: d.properties.description },
    editableProperties: d.editableProperties && { description: d.editableProperties.description },
    ownership: d.ownership && {
      owners: d.ownership.owners && d.ownership.owners.map((o) => ({ owner: { urn: o.owner.urn } })),
    },
    domain: d.domain && { domain: { urn: d.domain.domain.urn } },
    deprecation: d.deprecation && { deprecated: d.deprecation.deprecated },
    schemaMetadata: d.schemaMetadata && {
      fields: d.schemaMetadata.fields.map((f) => ({ fieldPath: f.fieldPath })),
    },
  };
}

/** The histories read one kind at a time, with whole datasets and full profiles: what the validator read before. */
async function separateReads(
  port: HubPort,
  urns: readonly string[],
  request: HubHistoryRequest,
  columns: boolean,
): Promise<Map<string, HubDatasetHistory>> {
  const { fieldProfiles: _, ...profileRange } = request.profiles ?? {};
  const [datasets, profiles, operations, versions] = await Promise.all([
    port.getDatasets(urns),
    request.profiles ? port.getProfiles(urns, profileRange) : new Map(),
    request.operations ? port.getOperations(urns, request.operations) : new Map(),
    request.schemaDepth !== undefined ? port.getSchemaHistory(urns, request.schemaDepth) : new Map(),
  ]);
  return new Map(
    [...datasets].map(([urn, d]) => [
      urn,
      {
        outline: outlineOf(d),
        profiles: ((profiles.get(urn) ?? []) as HubDatasetHistory['profiles']).map((p) =>
          columns ? p : { ...p, fieldProfiles: null },
        ),
        operations: (operations.get(urn) ?? []) as HubDatasetHistory['operations'],
        schemaVersions: (versions.get(urn) ?? []) as HubDatasetHistory['schemaVersions'],
      },
    ]),
  );
}

/** A port that answers the light reads with the full ones: what the validator read before. */
function fullReads(port: HubPort): HubPort {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'getDatasetOutlines')
        return async (urns: readonly string[]) =>
          new Map([...(await target.getDatasets(urns))].map(([u, d]) => [u, outlineOf(d)]));
      if (prop === 'getDatasetHistories')
        return (urns: readonly string[], request: HubHistoryRequest) =>
          separateReads(target, urns, request, true);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe.each(storeKinds())('validator hub reads over the demo catalog ($name)', (kind) => {
  let test: TestStore;
  let port: HubPort;
  let gms: FastifyInstance;
  let gmsPort: HubPort;
  const now = Date.UTC(2026, 2, 10, 15);
  const catalog = generateDemoCatalog({ seed: 42, now, historyDays: 60, datasets: 80 });
  let urns: string[];

  beforeAll(async () => {
    test = await kind.open();
    const hub = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    await loadDemoCatalog(hub, catalog);
    port = createEmbeddedHubPort(hub, test.store);
    gms = Fastify();
    await gms.register(
      (app) => registerHubGraphqlRoute(app, { hub, store: test.store, authorize: allowEveryAccess }),
      { prefix: '/gms' },
    );
    gmsPort = createGmsHubPort({ url: `${await gms.listen({ host: '127.0.0.1', port: 0 })}/gms` });
    const page = await port.search({ types: ['DATASET'], query: '*', start: 0, count: 100 });
    urns = page.hits.map((h) => h.entity.urn);
  });
  afterAll(async () => {
    await gms?.close();
    await test?.dispose();
  });

  it('dataset outlines are the full datasets in outline, through both adapters; other urns are left out', async () => {
    const full = await port.getDatasets(urns);
    expect(full.size).toBe(80);
    const others = ['urn:li:dataset:(urn:li:dataPlatform:hive,nope.nope,PROD)', 'urn:li:corpuser:nobody'];
    for (const adapter of [port, gmsPort]) {
      const outlines = await adapter.getDatasetOutlines([...urns, ...others]);
      expect([...outlines.keys()].sort()).toEqual([...full.keys()].sort());
      for (const [urn, d] of full) expect(outlines.get(urn), urn).toEqual(outlineOf(d));
    }
    // The demo catalog has datasets with and without owners and descriptions; outlines carry both cases.
    const outlines = [...(await port.getDatasetOutlines(urns)).values()];
    expect(outlines.some((o) => (o.ownership?.owners ?? []).length > 0)).toBe(true);
    expect(outlines.every((o) => (o.schemaMetadata?.fields.length ?? 0) > 0)).toBe(true);
  });

  it('profiles without column profiles are the full profiles less fieldProfiles, through both adapters', async () => {
    const range = { startTimeMillis: now - 57 * DAY, endTimeMillis: now, limit: 60 };
    const some = urns.slice(0, 12);
    const full = await port.getProfiles(some, range);
    expect([...full.values()].some((ps) => ps.some((p) => (p.fieldProfiles ?? []).length > 0))).toBe(true);
    for (const adapter of [port, gmsPort]) {
      const table = await adapter.getProfiles(some, range, { fieldProfiles: false });
      for (const urn of some)
        expect(table.get(urn), urn).toEqual(full.get(urn)!.map((p) => ({ ...p, fieldProfiles: null })));
    }
  });

  it('dataset histories in one read are the separate reads, through both adapters', async () => {
    const some = [...urns.slice(0, 12), 'urn:li:dataset:(urn:li:dataPlatform:hive,nope.nope,PROD)'];
    const requests: HubHistoryRequest[] = [
      {
        profiles: { startTimeMillis: now - 57 * DAY, endTimeMillis: now, limit: 400 },
        operations: { endTimeMillis: now, limit: 200 },
        schemaDepth: 5,
      },
      {
        profiles: { startTimeMillis: now - 57 * DAY, endTimeMillis: now, limit: 60, fieldProfiles: false },
        operations: { endTimeMillis: now, limit: 40 },
      },
      { operations: { startTimeMillis: now - 7 * DAY, limit: 5 } },
    ];
    for (const request of requests) {
      const expected = await separateReads(port, some, request, request.profiles?.fieldProfiles !== false);
      expect(expected.size).toBe(12);
      for (const adapter of [port, gmsPort])
        expect(await adapter.getDatasetHistories(some, request)).toEqual(expected);
    }
    // The schema change incident gives a dataset two schema versions, read in the same call.
    const changed = catalog.incidents.find((i) => i.kind === 'schema_change')?.datasetUrn;
    if (changed) {
      const one = await port.getDatasetHistories([changed], { schemaDepth: 5 });
      expect(one.get(changed)!.schemaVersions.length).toBeGreaterThanOrEqual(2);
      expect(one.get(changed)!.schemaVersions[0]!.aspectVersion).toBe(0);
    }
  });

  it('validates every dataset as a validator reading whole datasets and full profiles does, alternatives included', async () => {
    const stable = (r: ValidationResult) => ({ ...r, runId: null });
    const light = new ValidationService({ hub: port, now: () => now });
    const heavy = new ValidationService({ hub: fullReads(port), now: () => now });
    let withAlternatives = 0;
    let withUpstream = 0;
    for (const urn of urns) {
      const a = await light.validate({ urn, dryRun: true });
      expect(stable(a), urn).toEqual(stable(await heavy.validate({ urn, dryRun: true })));
      if (a.alternatives.length > 0) withAlternatives++;
      if (a.checks.some((c) => c.check === 'upstream' && !c.detail.startsWith('0 '))) withUpstream++;
      for (const alt of a.alternatives) expect(alt.schemaOverlap).toBeGreaterThanOrEqual(0.3);
    }
    // The comparison covers the paths that changed: alternatives offered, upstream datasets read.
    expect(withAlternatives).toBeGreaterThan(0);
    expect(withUpstream).toBeGreaterThan(0);
  });

  it('reads no dataset twice in one validation: alternatives among the upstream datasets are not read again', async () => {
    let reads: string[] = [];
    const counting = new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'getDatasetOutlines' && prop !== 'getDatasetHistories') return value;
        return (urns: readonly string[], ...rest: unknown[]) => {
          reads.push(...urns.map((u) => `${String(prop)} ${u}`));
          return (value as (...a: unknown[]) => unknown).apply(target, [urns, ...rest]);
        };
      },
    });
    const service = new ValidationService({ hub: counting, now: () => now });
    let offered = 0;
    for (const urn of urns) {
      reads = [];
      offered += (await service.validate({ urn, dryRun: true })).alternatives.length;
      expect(reads.length, urn).toBe(new Set(reads).size);
    }
    expect(offered).toBeGreaterThan(0);
  });

  it('tells how long each step took, in order: alternatives for failing runs, store when stored', async () => {
    const incident = catalog.incidents.find((i) => i.endTimeMillis === undefined)!;
    const seen: ValidationStep[] = [];
    const service = new ValidationService({
      hub: port,
      store: test.store,
      now: () => now,
      onStep: (step, ms) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        seen.push(step);
      },
    });
    const failing = await service.validate({ urn: incident.datasetUrn });
    expect(failing.status).toBe('fail');
    expect(seen).toEqual(['read', 'checks', 'alternatives', 'store']);
    seen.length = 0;
    const dry = await service.validate({ urn: incident.datasetUrn, dryRun: true });
    expect(dry.runId).toBeNull();
    expect(seen).toEqual(['read', 'checks', 'alternatives']);
  });

  /** Runs `use` with a hub that follows writes (as `dataspoke start` runs it) and its port, over the catalog. */
  async function withLiveHub(use: (live: EmbeddedHub, livePort: HubPort) => Promise<void>): Promise<void> {
    const live = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    const stop = await live.followWrites();
    try {
      await use(live, createEmbeddedHubPort(live, test.store));
    } finally {
      await stop();
    }
  }

  // Last: these write new profiles into the shared catalog.
  it('a validation as of now sees a profile written since the last one, of the dataset and of its upstream', async () => {
    // A hub that follows writes keeps what it read: the day's history windows of the dataset and its upstream.
    await withLiveHub(async (live, livePort) => {
      const service = new ValidationService({ hub: livePort, now: () => now });
      const lineage = await livePort.getLineage(urns, 'UPSTREAM');
      const urn = urns.find((u) =>
        (lineage.get(u)?.relationships ?? []).some((r) => r.entity?.type === 'DATASET'),
      )!;
      const upstream = lineage.get(urn)!.relationships.find((r) => r.entity?.type === 'DATASET')!.entity!.urn;
      const volumeIssues = (r: ValidationResult, related: string | null) =>
        r.issues.filter((i) => i.relatedUrn === related && (i.metric === 'rowCount' || i.check === 'volume'));
      const before = await service.validate({ urn, dryRun: true });
      expect(volumeIssues(before, upstream)).toEqual([]);
      expect(await service.validate({ urn, dryRun: true })).toEqual(before);

      const collapsed = (target: string): MetadataChangeProposal => ({
        entityType: 'dataset',
        entityUrn: target,
        changeType: 'UPSERT',
        aspectName: 'datasetProfile',
        aspect: { timestampMillis: now - 60_000, rowCount: 1, columnCount: 1, sizeInBytes: 1 },
      });
      await live.ingest([collapsed(upstream)]);
      const upstreamDown = await service.validate({ urn, dryRun: true });
      expect(volumeIssues(upstreamDown, upstream).length).toBeGreaterThan(0);

      await live.ingest([collapsed(urn)]);
      const down = await service.validate({ urn, dryRun: true });
      expect(down.status).toBe('fail');
      expect(down.issues.some((i) => i.check === 'volume' && i.observed === 1)).toBe(true);
    });
  });

  it("judges another dataset's volume on the profiles up to the asOf, and a new profile afresh", async () => {
    await withLiveHub(async (live, livePort) => {
      // What a validation as of now reads of an upstream dataset: a day-aligned window with no end.
      const request: HubHistoryRequest = {
        profiles: {
          startTimeMillis: Math.floor(now / DAY) * DAY - 57 * DAY,
          limit: 60,
          fieldProfiles: false,
        },
      };
      // A dataset with a profile history (the demo catalog has some without).
      const histories = await livePort.getDatasetHistories(urns, request);
      const urn = urns.findLast((u) => histories.get(u)!.profiles.length >= 14)!;
      const read = async () => (await livePort.getDatasetHistories([urn], request)).get(urn)!.profiles;
      const asOf = (profiles: readonly HubDatasetHistory['profiles'][number][], at: number) => ({
        profiles: profiles.filter((p) => p.timestampMillis <= at),
      });
      const kept = await read();
      expect(volumeIssues(asOf(kept, now))).toEqual([]);

      // A new profile with one row: the hub reads it at once, and it is judged a volume drop.
      await live.ingest([
        {
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT',
          aspectName: 'datasetProfile',
          aspect: { timestampMillis: now - 30_000, rowCount: 1, columnCount: 1, sizeInBytes: 1 },
        },
      ]);
      const changed = await read();
      expect(changed.length).toBe(kept.length + 1);
      const rejudged = volumeIssues(asOf(changed, now));
      expect(rejudged.some((i) => i.metric === 'rowCount' && i.observed === 1)).toBe(true);
    });
  });
});
