import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { openMemoryStore } from '@dataspoke/platform/store/db';
import { dataspoke, ROOT } from '../testing/cli.js';
import { formatImportSummary, importMetadataFiles } from './hub-import.js';

const BOOTSTRAP = path.join(ROOT, '..', 'shared', 'datahub', 'bootstrap_mce.json');
const SHOWCASE = path.join(ROOT, '..', 'shared', 'datahub', 'showcase-ecommerce');

describe('dataspoke hub import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');

  it('imports a DataHub file, lands the good entries of a bad file, and lists every failure with its reason', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        {
          entityType: 'dataset',
          entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,good_table,PROD)',
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { json: { name: 'good_table' } },
        },
        {
          entityType: 'dataset',
          entityUrn: 'not-an-urn',
          changeType: 'UPSERT',
          aspectName: 'status',
          aspect: { json: { removed: false } },
        },
        {
          entityType: 'dataset',
          entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,good_table,PROD)',
          changeType: 'UPSERT',
          aspectName: 'noSuchAspect',
          aspect: { json: {} },
        },
      ]),
    );
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '[{"entityType": "dataset",');

    const run = dataspoke(['hub', 'import', BOOTSTRAP, bad, broken], dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/importing: \d+\/\d+ proposals \(100%\)/);
    expect(run.stdout).toMatch(/155 imported, 0 unchanged \(skipped\), 3 failed/);
    expect(run.stdout).toMatch(/datasetProperties\s+\d+\s+0\s+0/);
    expect(run.stdout).toMatch(/bad\.json entry 1: not-an-urn status \[INVALID_URN\]/);
    expect(run.stdout).toMatch(
      /bad\.json entry 2: .*good_table.* noSuchAspect \[UNKNOWN_ASPECT\] aspect "noSuchAspect"/,
    );
    expect(run.stdout).toMatch(/broken\.json: .*\[MALFORMED_JSON\]/);
  });

  it('re-importing the same file reports everything unchanged and exits 0', () => {
    const run = dataspoke(['hub', 'import', BOOTSTRAP], dataDir);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    // Timeseries events are re-written idempotently; versioned aspects are unchanged.
    expect(run.stdout).toMatch(/154 proposals — 3 imported, 151 unchanged \(skipped\), 0 failed/);
  });

  it('refuses a bad batch size with a clear message', () => {
    const run = dataspoke(['hub', 'import', '--batch-size', 'zero', BOOTSTRAP], dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--batch-size must be a positive integer/);
  });
});

describe('importing a DataHub datapack', () => {
  it('loads it as `datahub datapack load` does: what the registry lacks is dropped and listed, the rest stored', async () => {
    const store = await openMemoryStore();
    try {
      const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
      const summary = await importMetadataFiles(hub, [path.join(SHOWCASE, 'index.json')]);
      // The pack was exported from DataHub Cloud: its Cloud-only aspects are not in DataHub's registry, an
      // open-source GMS refuses them, and DataHub's loader drops them before sending (loader.py).
      expect(Object.fromEntries(summary.droppedByType)).toEqual({
        'dataset/entityInferenceMetadata': 67,
        'dataset/lineageFeatures': 67,
        'dataJob/lineageFeatures': 23,
        'chart/lineageFeatures': 12,
        'dataset/assertionsSummary': 9,
        'domain/status': 6,
        'corpuser/corpUserUsageFeatures': 4,
        'dashboard/lineageFeatures': 3,
        'dataset/schemaProposals': 1,
        'dataset/proposals': 1,
        'dashboard/usageFeatures': 1,
        'dashboard/proposals': 1,
      });
      expect(summary).toMatchObject({ files: 3, dropped: 195, failed: 0, failures: [] });
      expect(summary.imported + summary.unchanged).toBe(3873 - 195);
      expect(formatImportSummary(summary)).toMatch(
        /0 failed; 195 dropped from datapacks as `datahub datapack load` drops them \(.*dataset\/lineageFeatures 67/,
      );
      // Its documents and structured properties are DataHub entities like any other: stored, read by urn.
      const doc = await hub.getAspect('urn:li:document:ecomm-catalog', 'documentInfo');
      expect(doc?.value).toMatchObject({ title: 'E-Commerce Data Catalog', status: { state: 'PUBLISHED' } });
      expect(await hub.getAspect('urn:li:document:ecomm-catalog', 'subTypes')).toMatchObject({
        value: { typeNames: ['Overview'] },
      });
      const property = await hub.getAspect(
        'urn:li:structuredProperty:showcase.retentionPeriod',
        'propertyDefinition',
      );
      expect(property?.value).toMatchObject({
        qualifiedName: 'showcase.retentionPeriod',
        displayName: 'Retention Period',
        valueType: 'urn:li:dataType:datahub.string',
      });
      // The same file named on its own is sent whole, as `datahub ingest` sends it: a GMS refuses those aspects.
      const alone = await importMetadataFiles(hub, [path.join(SHOWCASE, '02-data.json')]);
      expect(alone).toMatchObject({ dropped: 0, failed: 195 });
      expect(new Set(alone.failures.map((f) => f.code))).toEqual(new Set(['UNKNOWN_ASPECT']));
    } finally {
      await store.close();
    }
  }, 300_000);
});
