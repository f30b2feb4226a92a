import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import { allowEveryAccess } from '@dataspoke/hub/access';

/**
 * The test of done for the embedded hub's wire contract: DataHub's own Python SDK (acryl-datahub,
 * pinned in dev_env/requirements-sdk.txt) emits a dataset with DatahubRestEmitter, patches it with
 * DatasetPatchBuilder, and reads it back with DataHubGraph, against the GMS routes on a real socket.
 */
const execFileAsync = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const SCRIPT = path.join(ROOT, 'test/sdk/roundtrip.py');

const URN = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const UPSTREAM = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.orders,PROD)';
const STAMP = { actor: 'urn:li:corpuser:etl', time: 1700000000000 };

async function runRoundtrip(server: string, token?: string): Promise<Record<string, unknown>> {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `${PYTHON} is missing: run dev_env/python-venv.sh to create the venv with DataHub's Python SDK (acryl-datahub)`,
    );
  }
  const { stdout } = await execFileAsync(PYTHON, [SCRIPT, server, ...(token ? [token] : [])], {
    // No telemetry calls to the internet, no user config file influencing the client.
    env: { ...process.env, DATAHUB_TELEMETRY_ENABLED: 'false', DATAHUB_GMS_URL: '', DATAHUB_GMS_TOKEN: '' },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine) as Record<string, unknown>;
}

describe.each(storeKinds())('DataHub Python SDK round trip on $name', (kind) => {
  let testStore: TestStore;
  let hub: EmbeddedHub;
  let app: FastifyInstance;
  let read: Record<string, unknown>;

  beforeAll(async () => {
    testStore = await kind.open();
    hub = new EmbeddedHub({ store: testStore.store, events: new InProcessEventBus() });
    app = Fastify({ logger: false });
    await app.register(registerGmsRoutes, {
      prefix: '/gms',
      hub,
      maxBodyBytes: 8 * 1024 * 1024,
      authorize: allowEveryAccess,
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    read = await runRoundtrip(`${address}/gms`);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('reads back datasetProperties with its custom properties', () => {
    expect(read.datasetProperties).toEqual({
      customProperties: { team: 'checkout', tier: 'gold' },
      description: 'One row per customer order',
      name: 'orders',
      tags: [],
    });
  });

  it('reads back schemaMetadata with field types as pegasus unions', () => {
    const schema = read.schemaMetadata as Record<string, unknown>;
    expect(schema.schemaName).toBe('orders');
    expect(schema.platform).toBe('urn:li:dataPlatform:postgres');
    expect(schema.platformSchema).toEqual({
      'com.linkedin.pegasus2avro.schema.OtherSchema': { rawSchema: 'create table orders (...)' },
    });
    expect(schema.fields).toEqual([
      {
        fieldPath: 'order_id',
        isPartOfKey: true,
        nativeDataType: 'bigint',
        nullable: false,
        recursive: false,
        type: { type: { 'com.linkedin.pegasus2avro.schema.NumberType': {} } },
      },
      {
        description: 'Customer e-mail address',
        fieldPath: 'customer_email',
        isPartOfKey: false,
        nativeDataType: 'text',
        nullable: false,
        recursive: false,
        type: { type: { 'com.linkedin.pegasus2avro.schema.StringType': {} } },
      },
      {
        fieldPath: 'amount',
        isPartOfKey: false,
        nativeDataType: 'numeric(12,2)',
        nullable: false,
        recursive: false,
        type: { type: { 'com.linkedin.pegasus2avro.schema.NumberType': {} } },
      },
    ]);
  });

  it('reads back glossaryTerms and upstreamLineage', () => {
    expect(read.glossaryTerms).toEqual({
      auditStamp: STAMP,
      terms: [{ urn: 'urn:li:glossaryTerm:PII.Email' }],
    });
    expect(read.upstreamLineage).toEqual({
      upstreams: [{ auditStamp: STAMP, dataset: UPSTREAM, type: 'TRANSFORMED' }],
    });
  });

  it('applies the SDK PATCH: the tag and the owner are added, nothing is lost', () => {
    expect(read.globalTags).toEqual({ tags: [{ tag: 'urn:li:tag:gold' }, { tag: 'urn:li:tag:reviewed' }] });
    expect(read.ownership).toEqual({
      lastModified: STAMP,
      ownerTypes: {},
      owners: [
        { owner: 'urn:li:corpuser:alice', type: 'TECHNICAL_OWNER' },
        { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
      ],
    });
  });

  it('reads through entitiesV2 (get_aspects_for_entity) and answers None for an absent aspect', () => {
    expect(read.entitiesV2).toEqual({
      datasetProperties: read.datasetProperties,
      globalTags: read.globalTags,
    });
    expect(read.missing).toBe(true);
    expect(read.urn).toBe(URN);
  });

  it('stored the aspects as DataHub JSON, with the patch as a new version over the emitted one', async () => {
    const properties = await hub.getAspect(URN, 'datasetProperties');
    expect(properties?.version).toBe(0);
    expect(properties?.value).toEqual({
      name: 'orders',
      description: 'One row per customer order',
      customProperties: { team: 'checkout', tier: 'gold' },
      tags: [],
    });
    expect(properties?.systemMetadata?.runId).toBe('no-run-id-provided');

    const schema = await hub.getAspect(URN, 'schemaMetadata');
    expect((schema?.value.platformSchema as Record<string, unknown>) ?? {}).toEqual({
      'com.linkedin.schema.OtherSchema': { rawSchema: 'create table orders (...)' },
    });

    const tagVersions = await hub.listAspectVersions(URN, 'globalTags');
    expect(tagVersions.map((v) => v.version)).toEqual([0, 1]);
    expect(tagVersions[1]?.value).toEqual({ tags: [{ tag: 'urn:li:tag:gold' }] });
    expect(tagVersions[0]?.value).toEqual({
      tags: [{ tag: 'urn:li:tag:gold' }, { tag: 'urn:li:tag:reviewed' }],
    });

    const ownerVersions = await hub.listAspectVersions(URN, 'ownership');
    expect(ownerVersions.map((v) => v.version)).toEqual([0, 1]);
  });
});

describe('DataHub Python SDK against the /gms routes `dataspoke start` serves, with an API key as its token', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-sdk-auth-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  let server: string;
  let key: string;

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_DEMO: 'false' }));
    key = (await new ApiKeyService(stack.store).create('sdk', ['de'])).key;
    app = await buildServer(stack, { logger: false });
    server = `${await app.listen({ port: 0, host: '127.0.0.1' })}/gms`;
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'emits, patches and reads back with the key; without it the SDK is refused',
    { timeout: 180_000 },
    async () => {
      const read = await runRoundtrip(server, key);
      expect(read.datasetProperties).toMatchObject({ name: 'orders' });
      expect(read.globalTags).toEqual({ tags: [{ tag: 'urn:li:tag:gold' }, { tag: 'urn:li:tag:reviewed' }] });
      await expect(runRoundtrip(server)).rejects.toThrow(/401|Unauthorized|UNAUTHENTICATED/i);
    },
  );
});
