import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import {
  POSTGRES_SKIP_REASON,
  storeKinds,
  TEST_DATABASE_URL,
  type TestStore,
} from '@dataspoke/platform/testing/stores';
import { createEmbeddedHubAspects } from '../../adapters/hub/embedded-hub-aspects.js';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { techSpecSourceTypes } from '../../adapters/techspec/registry.js';
import {
  createScratchDatabase,
  type ScratchDatabase,
} from '../../adapters/techspec/testing/postgres-fixture.js';
import type { HubPort } from '../../ports/hub-port.js';
import { IngestionConfigError, parseIngestionConfig } from './config.js';
import { IngestionRepository } from './repository.js';
import { ValidationService } from '../validation/service.js';
import { TechSpecIngestion } from './service.js';

/**
 * An ingestion run end to end over a real PostgreSQL catalog into the embedded hub: the facts land as
 * structured properties, a profile and (on a change) an operation; a misconfigured, an unreachable and a
 * silent source each fail with their own code while the good one finishes; nothing a user wrote changes.
 */

if (!TEST_DATABASE_URL) console.warn(`techspec service.test: skipped: ${POSTGRES_SKIP_REASON}`);

const ACTOR = 'urn:li:corpuser:dataspoke';
const USER_PROPERTY = 'urn:li:structuredProperty:io.shop.steward';

describe.skipIf(!TEST_DATABASE_URL).each(storeKinds())('technical spec ingestion ($name)', (kind) => {
  let test: TestStore;
  let db: ScratchDatabase;
  let hub: EmbeddedHub;
  let hubPort: HubPort;
  let service: TechSpecIngestion;
  let repository: IngestionRepository;
  let silent: Server;
  let closedPort: number;
  const urn = (table: string) =>
    `urn:li:dataset:(urn:li:dataPlatform:postgres,${db.database}.shop.${table},PROD)`;
  const userAspects = {
    editableDatasetProperties: { description: 'Orders, as the shop team documents them.' },
    globalTags: { tags: [{ tag: 'urn:li:tag:Finance' }] },
    glossaryTerms: {
      terms: [{ urn: 'urn:li:glossaryTerm:Order' }],
      auditStamp: { time: 1, actor: 'urn:li:corpuser:alice' },
    },
    structuredProperties: { properties: [{ propertyUrn: USER_PROPERTY, values: [{ string: 'alice' }] }] },
  };

  beforeAll(async () => {
    test = await kind.open();
    db = await createScratchDatabase(TEST_DATABASE_URL!);
    await db.sql.unsafe(`
      create schema shop;
      create table shop.orders (id bigint primary key, customer text) with (fillfactor = 80);
      insert into shop.orders select g, 'c' || g from generate_series(1, 300) g;
      create table shop.refunds (id bigint primary key);
      create table shop.not_in_datahub (id int);
      analyze shop.orders;
    `);
    hub = new EmbeddedHub({
      store: test.store,
      events: new InProcessEventBus(),
      indexer: new HubSearchIndexer(),
    });
    hubPort = createEmbeddedHubPort(hub, test.store);
    await hub.ingest(
      [
        {
          entityType: 'structuredProperty',
          entityUrn: USER_PROPERTY,
          changeType: 'UPSERT',
          aspectName: 'propertyDefinition',
          aspect: {
            qualifiedName: 'io.shop.steward',
            valueType: 'urn:li:dataType:datahub.string',
            entityTypes: ['urn:li:entityType:datahub.dataset'],
          },
        },
        ...['orders', 'refunds'].map((t) => ({
          entityType: 'dataset',
          entityUrn: urn(t),
          changeType: 'UPSERT' as const,
          aspectName: 'datasetProperties',
          aspect: { name: t, customProperties: {} },
        })),
        ...Object.entries(userAspects).map(([aspectName, aspect]) => ({
          entityType: 'dataset',
          entityUrn: urn('orders'),
          changeType: 'UPSERT' as const,
          aspectName,
          aspect,
        })),
      ],
      { actor: 'urn:li:corpuser:alice' },
    );
    silent = await new Promise<Server>((resolve) => {
      const s = createServer(() => undefined);
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const closed = await new Promise<Server>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    closedPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    repository = new IngestionRepository(test.store);
    service = newService();
  }, 60_000);

  const newService = () =>
    new TechSpecIngestion({
      hub: hubPort,
      aspects: createEmbeddedHubAspects(hub),
      repository,
      sourceTypes: techSpecSourceTypes,
      actor: ACTOR,
      env: { TS_PG_PASSWORD: db.password },
    });

  afterAll(async () => {
    silent?.close();
    await db?.drop();
    await test?.dispose();
  });

  const configText = (extra = '') => `
name: shop-specs
sources:
  - name: shop-db
    type: postgres
    host: ${db.host}
    port: ${db.port}
    database: ${db.database}
    user: ${db.user}
    password: \${env:TS_PG_PASSWORD}
    ssl: disable
    schemas: [shop]
${extra}`;

  it('writes the facts the DataHub way, and each broken source fails on its own', async () => {
    const config = parseIngestionConfig(
      configText(`
  - name: no-secret
    type: postgres
    host: ${db.host}
    database: ${db.database}
    user: ${db.user}
    password: \${env:TS_UNSET_PASSWORD}
  - name: typo
    type: postgres
    host: ${db.host}
    database: ${db.database}
    user: ${db.user}
    databse: x
  - name: down
    type: postgres
    host: 127.0.0.1
    port: ${closedPort}
    database: x
    user: x
    connectTimeoutMs: 2000
  - name: hanging
    type: postgres
    host: 127.0.0.1
    port: ${(silent.address() as { port: number }).port}
    database: x
    user: x
    connectTimeoutMs: 60000
    timeoutMs: 500
`),
      techSpecSourceTypes,
    );
    const before = await hub.getLatestAspects([urn('orders')], Object.keys(userAspects));
    const progress: number[] = [];
    const run = await service.run(config, {
      trigger: 'cli',
      onProgress: (r) => progress.push(r.progress.done),
    });

    expect(run.status).toBe('PARTIAL');
    const outcome = Object.fromEntries(run.sources.map((s) => [s.name, [s.status, s.error?.code ?? null]]));
    expect(outcome).toEqual({
      'shop-db': ['SUCCEEDED', null],
      'no-secret': ['FAILED', 'INVALID_SOURCE_CONFIG'],
      typo: ['FAILED', 'INVALID_SOURCE_CONFIG'],
      down: ['FAILED', 'SOURCE_UNREACHABLE'],
      hanging: ['FAILED', 'SOURCE_TIMEOUT'],
    });
    const errors = run.errors.join('\n');
    expect(errors).toContain('TS_UNSET_PASSWORD is referenced but not set');
    expect(errors).toContain('databse');
    expect(run.sources.find((s) => s.name === 'shop-db')!.counts).toEqual({
      observed: 3,
      written: 2,
      unmatched: 1,
      failed: 0,
    });
    expect(progress.at(-1)).toBe(3);

    // The values, as DataHub's structured properties, beside the user's own property.
    const after = await hub.getLatestAspects([urn('orders')], [...Object.keys(userAspects)]);
    const props = after.get(urn('orders'))!.get('structuredProperties')!.value.properties as {
      propertyUrn: string;
      values: unknown[];
    }[];
    const value = (name: string) =>
      props.find((p) => p.propertyUrn === `urn:li:structuredProperty:${name}`)?.values;
    expect(value('io.shop.steward')).toEqual([{ string: 'alice' }]);
    expect(value('io.dataspoke.postgres.fillFactor')).toEqual([{ double: 80 }]);
    expect(value('io.dataspoke.postgres.estimatedRows')).toEqual([{ double: 300 }]);
    const indexes = value('io.dataspoke.postgres.indexes') as { string: string }[];
    expect(indexes).toHaveLength(1);
    expect(indexes[0]!.string).toMatch(
      /^CREATE UNIQUE INDEX orders_pkey ON shop\.orders USING btree \(id\) \(\d+ bytes\)$/,
    );
    expect(value('io.dataspoke.techspec.observedAt')).toHaveLength(1);
    // Nothing else the user wrote changed.
    for (const aspect of ['editableDatasetProperties', 'globalTags', 'glossaryTerms'])
      expect(after.get(urn('orders'))!.get(aspect)!.value).toEqual(
        before.get(urn('orders'))!.get(aspect)!.value,
      );
    // The definitions exist once, under io.dataspoke.
    const definition = await hub.getLatestAspects(
      ['urn:li:structuredProperty:io.dataspoke.postgres.fillFactor'],
      ['propertyDefinition'],
    );
    expect(
      definition.get('urn:li:structuredProperty:io.dataspoke.postgres.fillFactor')?.get('propertyDefinition')
        ?.value,
    ).toMatchObject({
      valueType: 'urn:li:dataType:datahub.number',
      entityTypes: ['urn:li:entityType:datahub.dataset'],
    });
    // A profile with the sizes, as DataHub's standard aspect.
    const profiles = await hubPort.getProfiles([urn('orders')], { limit: 1 }, { fieldProfiles: false });
    expect(profiles.get(urn('orders'))?.[0]).toMatchObject({ rowCount: 300 });
    expect(profiles.get(urn('orders'))?.[0]?.sizeInBytes).toBeGreaterThan(0);

    // The run, as stored.
    const stored = await repository.getRun(run.id);
    expect(stored).toMatchObject({ status: 'PARTIAL', counts: { observed: 3, written: 2, unmatched: 1 } });
    const entities = await repository.entitiesOf(run.id);
    expect(entities.map((e) => [e.urn, e.outcome])).toEqual(
      [
        [urn('not_in_datahub'), 'UNMATCHED'],
        [urn('orders'), 'WRITTEN'],
        [urn('refunds'), 'WRITTEN'],
      ].sort(),
    );
    const latest = await repository.latest([urn('orders')]);
    expect(latest.get(urn('orders'))?.spec).toMatchObject({ kind: 'postgres', fillFactor: 80 });
  }, 60_000);

  it('records a structural change as an ALTER operation, and leaves a user edit of a definition alone', async () => {
    await db.sql.unsafe('create index orders_customer on shop.orders (customer)');
    await hub.ingest(
      [
        {
          entityType: 'structuredProperty',
          entityUrn: 'urn:li:structuredProperty:io.dataspoke.postgres.fillFactor',
          changeType: 'PATCH',
          aspectName: 'propertyDefinition',
          aspect: [{ op: 'add', path: '/displayName', value: 'Fill factor (%)' }],
        },
      ],
      { actor: 'urn:li:corpuser:alice' },
    );
    // A new process: the definitions are looked up again.
    const fresh = newService();
    const run = await fresh.run(parseIngestionConfig(configText(), techSpecSourceTypes), { trigger: 'api' });
    expect(run.status).toBe('SUCCEEDED');
    // The validator reads the spec as last ingested.
    const validation = await new ValidationService({ hub: hubPort, store: test.store }).validate({
      urn: urn('orders'),
    });
    expect(validation.checks.find((c) => c.check === 'technical_spec')).toMatchObject({ status: 'pass' });
    expect(validation.checks.find((c) => c.check === 'technical_spec')?.detail).toContain(
      'postgres spec observed',
    );
    const operations = await hubPort.getOperations([urn('orders'), urn('refunds')], { limit: 5 });
    expect(operations.get(urn('orders'))?.map((o) => o.operationType)).toEqual(['ALTER']);
    expect(operations.get(urn('refunds')) ?? []).toEqual([]);
    const definition = await hub.getLatestAspects(
      ['urn:li:structuredProperty:io.dataspoke.postgres.fillFactor'],
      ['propertyDefinition'],
    );
    expect(
      definition.get('urn:li:structuredProperty:io.dataspoke.postgres.fillFactor')?.get('propertyDefinition')
        ?.value.displayName,
    ).toBe('Fill factor (%)');
  }, 60_000);

  it('refuses a configuration whose top level is wrong, with every problem at once', () => {
    let error: unknown;
    try {
      parseIngestionConfig(
        'name: Bad Name\nschedule: sometimes\nextra: 1\nsources:\n  - type: mysql\n',
        techSpecSourceTypes,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestionConfigError);
    const problems = (error as IngestionConfigError).problems.join('\n');
    for (const bit of ['name:', 'schedule:', 'extra', 'unknown source type "mysql"'])
      expect(problems).toContain(bit);
    expect((error as IngestionConfigError).code).toBe('INVALID_INGESTION_CONFIG');
  });

  it('refuses a secret written in clear', () => {
    const config = parseIngestionConfig(
      'name: clear\nsources:\n  - {name: a, type: postgres, host: h, database: d, user: u, password: hunter2}\n',
      techSpecSourceTypes,
    );
    expect(config.sources[0]!.problems.join()).toContain('never in clear');
  });
});
