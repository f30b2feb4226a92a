import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, POSTGRES_SKIP_REASON } from '@dataspoke/platform/testing/stores';
import type { PostgresTableSpec } from '../../ports/techspec-source.js';
import { postgresSourceType } from './postgres-source.js';
import { createScratchDatabase, type ScratchDatabase } from './testing/postgres-fixture.js';

/** The PostgreSQL source over a real server's catalog: what an engineer reads of each table. */

if (!TEST_DATABASE_URL) console.warn(`postgres-source.test: skipped: ${POSTGRES_SKIP_REASON}`);

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL technical spec source', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase(TEST_DATABASE_URL!);
    await db.sql.unsafe(`
      create schema shop;
      create table shop.orders (id bigint primary key, customer text not null, note text) with (fillfactor = 70);
      create index orders_customer on shop.orders (customer);
      insert into shop.orders select g, 'c' || (g % 50), repeat('x', 3000) from generate_series(1, 2000) g;
      create table shop.events (at date not null, kind text) partition by range (at);
      create table shop.events_2026_01 partition of shop.events for values from ('2026-01-01') to ('2026-02-01');
      create table shop.events_2026_02 partition of shop.events for values from ('2026-02-01') to ('2026-03-01');
      insert into shop.events select date '2026-01-01' + (g % 50), 'k' from generate_series(1, 1000) g;
    `);
    await db.sql.unsafe('vacuum analyze shop.events_2026_01');
    await db.sql.unsafe('analyze shop.orders');
    await db.sql.unsafe('delete from shop.orders where id <= 500');
    // The cumulative statistics reach pg_stat_user_tables once the backends flush them.
    for (let i = 0; i < 50; i++) {
      const [row] = await db.sql<{ dead: string }[]>`
        select n_dead_tup::text as dead from pg_stat_user_tables where relname = 'orders'`;
      if (Number(row?.dead) >= 500) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  const open = (extra: Record<string, unknown> = {}) =>
    postgresSourceType.open('shop-db', {
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.user,
      password: db.password,
      ssl: 'disable',
      ...extra,
    });

  it('reads sizes, rows, indexes, fill factor, tablespace and vacuum state, named by DataHub urns', async () => {
    const observations = await open({ schemas: ['shop'] }).collect({ signal: new AbortController().signal });
    const byUrn = new Map(observations.map((o) => [o.urn, o.spec as PostgresTableSpec]));
    const orders = byUrn.get(
      `urn:li:dataset:(urn:li:dataPlatform:postgres,${db.database}.shop.orders,PROD)`,
    )!;
    expect(orders).toBeDefined();
    expect(orders.estimatedRows).toBe(2000);
    expect(orders.fillFactor).toBe(70);
    expect(orders.tablespace).toBe('pg_default');
    expect(orders.indexes.map((i) => [i.name, i.primary, i.unique])).toEqual([
      ['orders_customer', false, false],
      ['orders_pkey', true, true],
    ]);
    expect(orders.indexes[0]!.definition).toContain('USING btree (customer)');
    expect(orders.indexes.every((i) => i.sizeBytes > 0)).toBe(true);
    expect(orders.tableBytes).toBeGreaterThan(0);
    expect(orders.totalBytes).toBe(orders.tableBytes + orders.indexBytes + orders.toastBytes);
    // The statistics counters are PostgreSQL's estimates: the ratio is theirs, and the deleted rows show in it.
    const [stats] = await db.sql<{ live: string; dead: string }[]>`
      select n_live_tup::text as live, n_dead_tup::text as dead from pg_stat_user_tables where relname = 'orders'`;
    expect(Number(stats!.dead)).toBeGreaterThanOrEqual(500);
    expect(orders.deadTupleRatio).toBeCloseTo(
      Number(stats!.dead) / (Number(stats!.live) + Number(stats!.dead)),
      5,
    );
    expect(orders.lastAnalyze).not.toBeNull();
    expect(orders.partitionStrategy).toBeNull();

    const events = byUrn.get(
      `urn:li:dataset:(urn:li:dataPlatform:postgres,${db.database}.shop.events,PROD)`,
    )!;
    expect(events.partitionStrategy).toBe('RANGE');
    expect(events.partitionKey).toBe('RANGE (at)');
    expect(events.partitions).toEqual(['shop.events_2026_01', 'shop.events_2026_02']);
    // A partitioned table holds nothing itself: its size and rows are its partitions'.
    const january = byUrn.get(
      `urn:li:dataset:(urn:li:dataPlatform:postgres,${db.database}.shop.events_2026_01,PROD)`,
    )!;
    expect(january.lastVacuum).not.toBeNull();
    expect(events.estimatedRows).toBeGreaterThanOrEqual(january.estimatedRows);
    expect(events.totalBytes).toBeGreaterThanOrEqual(january.totalBytes);
    expect(observations).toHaveLength(4);
  });

  it('prefixes the platform instance and keeps only the tables the pattern names', async () => {
    const observations = await open({
      platformInstance: 'eu1',
      tablePattern: '^shop\\.orders$',
      env: 'DEV',
    }).collect({
      signal: new AbortController().signal,
    });
    expect(observations.map((o) => o.urn)).toEqual([
      `urn:li:dataset:(urn:li:dataPlatform:postgres,eu1.${db.database}.shop.orders,DEV)`,
    ]);
  });

  it('says the server cannot be reached, and that it timed out when the time is up', async () => {
    const closed = await new Promise<Server>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    await expect(
      open({ port, connectTimeoutMs: 2000 }).collect({ signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'SOURCE_UNREACHABLE' });

    // A server that accepts and never answers.
    const silent = await new Promise<Server>((resolve) => {
      const s = createServer(() => undefined);
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort('no answer within 300 ms'), 300);
      await expect(
        open({ port: (silent.address() as { port: number }).port, connectTimeoutMs: 30_000 }).collect({
          signal: controller.signal,
        }),
      ).rejects.toMatchObject({ code: 'SOURCE_TIMEOUT' });
    } finally {
      silent.close();
    }
  }, 20_000);

  it('refuses unknown keys and every bad value at once', () => {
    const parsed = postgresSourceType.schema.safeParse({ host: 'h', database: 'd', port: 'x', colour: 1 });
    expect(parsed.success).toBe(false);
    const paths = !parsed.success && parsed.error.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['port', 'user']));
    expect(JSON.stringify(!parsed.success && parsed.error.issues)).toContain('colour');
  });
});
