import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowEveryAccess } from '@dataspoke/hub/access';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { createGmsHubAspects } from '@dataspoke/domain/adapters/hub/gms-hub-aspects';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { parseIngestionConfig } from '@dataspoke/domain/de/techspec/config';
import { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';

/**
 * What technical-spec ingestion writes through the GMS adapter (GMS's REST ingestProposalBatch, to the embedded
 * hub's GMS routes), read back by DataHub's own Python SDK (DataHubGraph): the io.dataspoke.* structured
 * property values beside a user's own, and a definition.
 */
const execFileAsync = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const SCRIPT = path.join(ROOT, 'test/sdk/techspec_read.py');
const URN = 'urn:li:dataset:(urn:li:dataPlatform:file,lake/customers.csv,PROD)';
const USER_PROPERTY = 'urn:li:structuredProperty:io.shop.steward';
const FORMAT = 'urn:li:structuredProperty:io.dataspoke.files.format';

describe('technical specs read back by DataHub’s Python SDK', () => {
  let store: Store;
  let app: FastifyInstance;
  let lake: string;
  let read: {
    properties: Record<string, unknown[]>;
    definition: Record<string, unknown> | null;
    editable: Record<string, unknown> | null;
  };

  beforeAll(async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run dev_env/python-venv.sh (DataHub's Python SDK)`);
    store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
    lake = mkdtempSync(path.join(tmpdir(), 'techspec-sdk-'));
    writeFileSync(path.join(lake, 'customers.csv'), 'id,name\n1,Ann\n2,Bob\n');
    await hub.ingest(
      [
        {
          entityType: 'dataset',
          entityUrn: URN,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { name: 'customers.csv', customProperties: {} },
        },
        {
          entityType: 'dataset',
          entityUrn: URN,
          changeType: 'UPSERT',
          aspectName: 'editableDatasetProperties',
          aspect: { description: 'Customers, as the shop team wrote it.' },
        },
        {
          entityType: 'dataset',
          entityUrn: URN,
          changeType: 'UPSERT',
          aspectName: 'structuredProperties',
          aspect: { properties: [{ propertyUrn: USER_PROPERTY, values: [{ string: 'alice' }] }] },
        },
      ],
      { actor: 'urn:li:corpuser:alice' },
    );
    app = Fastify({ logger: false });
    await app.register(registerGmsRoutes, {
      prefix: '/gms',
      hub,
      maxBodyBytes: 8 * 1024 * 1024,
      authorize: allowEveryAccess,
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const run = await new TechSpecIngestion({
      hub: createEmbeddedHubPort(hub, store),
      // Written through the GMS adapter's REST calls, as to a real DataHub.
      aspects: createGmsHubAspects({ url: `${address}/gms` }),
      repository: new IngestionRepository(store),
      sourceTypes: techSpecSourceTypes,
      actor: 'urn:li:corpuser:dataspoke',
    }).run(
      parseIngestionConfig(
        `name: lake\nsources:\n  - {name: lake, type: files, location: ${lake}, namePrefix: lake}\n`,
        techSpecSourceTypes,
      ),
      { trigger: 'cli' },
    );
    expect(run.status).toBe('SUCCEEDED');

    const { stdout } = await execFileAsync(PYTHON, [SCRIPT, `${address}/gms`, URN, FORMAT], {
      env: { ...process.env, DATAHUB_TELEMETRY_ENABLED: 'false', DATAHUB_GMS_URL: '', DATAHUB_GMS_TOKEN: '' },
      timeout: 120_000,
    });
    read = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as typeof read;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    if (lake) rmSync(lake, { recursive: true, force: true });
  });

  it('reads the io.dataspoke.* values beside the user’s own property', () => {
    expect(read.properties[USER_PROPERTY]).toEqual(['alice']);
    expect(read.properties[FORMAT]).toEqual(['csv']);
    expect(read.properties['urn:li:structuredProperty:io.dataspoke.files.fileCount']).toEqual([1]);
    expect(read.properties['urn:li:structuredProperty:io.dataspoke.files.csvDelimiter']).toEqual([',']);
    expect(read.properties['urn:li:structuredProperty:io.dataspoke.techspec.observedAt']?.[0]).toMatch(/Z$/);
  });

  it('reads the property definition, and the user’s editable description untouched', () => {
    expect(read.definition).toMatchObject({
      qualifiedName: 'io.dataspoke.files.format',
      valueType: 'urn:li:dataType:datahub.string',
      cardinality: 'SINGLE',
      entityTypes: ['urn:li:entityType:datahub.dataset'],
    });
    expect(read.editable).toMatchObject({ description: 'Customers, as the shop team wrote it.' });
  });
});
