import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from './events/event-bus.js';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { EmbeddedHub } from './embedded-hub.js';
import { expandMetadataPaths, readMetadataFile } from './formats/index.js';
import type { MetadataChangeLog } from './model.js';
import { HubSearchIndexer } from './search-indexer.js';
import { parseUrn } from './urn.js';

/** DataHub's own metadata files, read from ../shared (never copied into the repo). */
const SHARED = fileURLToPath(new URL('../../../shared/datahub/', import.meta.url));
const BOOTSTRAP = `${SHARED}bootstrap_mce.json`;
const SHOWCASE_INDEX = `${SHARED}showcase-ecommerce/index.json`;
const HIVE = 'urn:li:dataset:(urn:li:dataPlatform:hive,SampleHiveDataset,PROD)';

describe.each(storeKinds())('importing DataHub fixtures into the embedded hub on $name', (kind) => {
  let testStore: TestStore;
  let hub: EmbeddedHub;
  const events: MetadataChangeLog[] = [];

  beforeAll(async () => {
    testStore = await kind.open();
    const bus = new InProcessEventBus();
    bus.subscribe((e) => {
      events.push(e);
    });
    hub = new EmbeddedHub({ store: testStore.store, events: bus, indexer: new HubSearchIndexer() });
  });
  afterAll(() => testStore?.dispose());

  it("imports DataHub's classic bootstrap MCE file without a failure", async () => {
    const doc = await readMetadataFile(BOOTSTRAP);
    expect(doc.failures).toEqual([]);
    const proposals = doc.proposals.map((e) => e.proposal);
    expect(proposals).toHaveLength(154);
    const result = await hub.ingest(proposals);
    expect(result.failed).toBe(0);
    expect(result.applied + result.unchanged).toBe(154);
    // Every accepted write published a change log.
    expect(events).toHaveLength(result.applied);

    const schema = await hub.getAspect(HIVE, 'schemaMetadata');
    expect(schema?.value).toMatchObject({
      schemaName: 'SampleHiveSchema',
      platform: 'urn:li:dataPlatform:hive',
      fields: [
        expect.objectContaining({ fieldPath: 'field_foo', nativeDataType: 'varchar(100)' }),
        expect.objectContaining({ fieldPath: 'field_bar', nativeDataType: 'boolean' }),
      ],
    });
    // Avro unions are unwrapped to DataHub's plain JSON: no {"string": …} wrappers survive on plain fields.
    const users = await hub.getAspect('urn:li:corpuser:datahub', 'corpUserInfo');
    expect(users?.value).toMatchObject({
      active: true,
      displayName: 'Data Hub',
      email: 'datahub@linkedin.com',
    });
    expect(await hub.getAspect(HIVE, 'datasetKey')).toBeDefined();
  });

  it("imports DataHub's showcase datapack (all three files) and keeps exact aspects", async () => {
    let total = 0;
    const refused = new Map<string, number>();
    for (const file of await expandMetadataPaths([SHOWCASE_INDEX])) {
      const doc = await readMetadataFile(file);
      expect(doc.failures).toEqual([]);
      const result = await hub.ingest(doc.proposals.map((e) => e.proposal));
      total += result.outcomes.length;
      for (const outcome of result.outcomes) {
        if (outcome.status !== 'failed') continue;
        expect(outcome.code).toBe('UNKNOWN_ASPECT');
        const key = `${parseUrn(outcome.urn).entityType}.${outcome.aspectName}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
      }
    }
    // 64 definitions, the 3,809 MCPs of 02-data.json, and the context file.
    expect(total).toBe(3873);
    // The pack was exported from DataHub Cloud: an open-source GMS refuses its Cloud-only aspects, and DataHub's
    // own `datahub datapack load` drops them before sending (datahub/cli/datapack/loader.py).
    expect(Object.fromEntries(refused)).toEqual({
      'dataset.entityInferenceMetadata': 67,
      'dataset.lineageFeatures': 67,
      'dataJob.lineageFeatures': 23,
      'chart.lineageFeatures': 12,
      'dataset.assertionsSummary': 9,
      'domain.status': 6,
      'corpuser.corpUserUsageFeatures': 4,
      'dashboard.lineageFeatures': 3,
      'dataset.schemaProposals': 1,
      'dataset.proposals': 1,
      'dashboard.usageFeatures': 1,
      'dashboard.proposals': 1,
    });
    const orderHistory =
      'urn:li:dataset:(urn:li:dataPlatform:snowflake,b2fd91.order_entry_db.analytics.order_history,PROD)';
    const props = await hub.getAspect(orderHistory, 'datasetProperties');
    expect(props?.value).toMatchObject({ name: 'ORDER_HISTORY' });
    const upstreams = await hub.getAspect(orderHistory, 'upstreamLineage');
    expect((upstreams?.value.upstreams as unknown[]).length).toBeGreaterThan(0);
  });

  it('re-importing the same file changes nothing and adds no versions', async () => {
    const doc = await readMetadataFile(BOOTSTRAP);
    const before = await hub.listAspectVersions(HIVE, 'schemaMetadata');
    const result = await hub.ingest(doc.proposals.map((e) => e.proposal));
    expect(result.applied).toBe(
      doc.proposals.filter(
        (e) =>
          e.proposal.aspectName === 'datasetProfile' || e.proposal.aspectName === 'datasetUsageStatistics',
      ).length,
    );
    expect(await hub.listAspectVersions(HIVE, 'schemaMetadata')).toHaveLength(before.length);
  });
});
