/**
 * Technical-spec ingestion benchmark: `dataspoke ingest run` end to end on the real services of
 * dev_env/services.sh, into the embedded hub (PGlite, in memory). Prints one JSON document on stdout; progress
 * goes to stderr.
 *
 *   npm run bench:techspec -- [--topics 200] [--tables 2000] [--out FILE]
 *
 * Needs the broker and PostgreSQL of dev_env/services.sh (eval "$(dev_env/services.sh env)":
 * DATASPOKE_TEST_KAFKA_BROKERS, DATASPOKE_TEST_DATABASE_URL). Its topics, groups and database are its own and
 * are dropped afterwards.
 *
 * 1. --topics topics (3 partitions, a few messages each, a consumer group on every tenth) and a database of
 *    --tables tables (a primary key, a second index, some rows, analyzed), and a dataset in the hub for each.
 * 2. Each source is ingested twice through the same service: a first run (the io.dataspoke.* definitions are
 *    created, every dataset gets its properties and profile) and a second (what a schedule repeats). Each
 *    duration is the whole run: reading the platform, matching the urns in the hub, writing the proposals and
 *    storing the run.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { openMemoryStore } from '@dataspoke/platform/store/db';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { createEmbeddedHubAspects } from '@dataspoke/domain/adapters/hub/embedded-hub-aspects';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { createScratchDatabase } from '@dataspoke/domain/adapters/techspec/testing/postgres-fixture';
import { parseIngestionConfig } from '@dataspoke/domain/de/techspec/config';
import { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';
import type { IngestionRunRecord } from '@dataspoke/domain/de/techspec/types';

const TARGETS = { kafka_200_topics_seconds: 10, postgres_2000_tables_seconds: 30 } as const;

const log = (line: string) => process.stderr.write(`bench:techspec: ${line}\n`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function options() {
  const { values } = parseArgs({
    options: {
      topics: { type: 'string', default: '200' },
      tables: { type: 'string', default: '2000' },
      out: { type: 'string' },
    },
  });
  return { topics: Number(values.topics), tables: Number(values.tables), out: values.out };
}

async function main(): Promise<void> {
  const opts = options();
  const brokers = process.env.DATASPOKE_TEST_KAFKA_BROKERS;
  const databaseUrl = process.env.DATASPOKE_TEST_DATABASE_URL;
  if (!brokers || !databaseUrl)
    throw new Error(
      'needs DATASPOKE_TEST_KAFKA_BROKERS and DATASPOKE_TEST_DATABASE_URL: eval "$(dev_env/services.sh env)"',
    );
  const run = randomBytes(4).toString('hex');
  const prefix = `bench_techspec_${run}_`;
  const topics = Array.from({ length: opts.topics }, (_, i) => `${prefix}t${String(i).padStart(4, '0')}`);
  const groups = topics.filter((_, i) => i % 10 === 0).map((t) => `${t}_consumer`);
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'bench-techspec',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const db = await createScratchDatabase(databaseUrl);
  const store = await openMemoryStore();
  try {
    const setupStarted = performance.now();
    log(`creating ${opts.topics} topics`);
    for (let i = 0; i < topics.length; i += 50)
      await admin.createTopics({
        waitForLeaders: false,
        topics: topics.slice(i, i + 50).map((topic) => ({
          topic,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: String(86_400_000 * (1 + (i % 7))) }],
        })),
      });
    // kafkajs's waitForLeaders fails on many new topics at once: the leaders are awaited here instead.
    for (let attempt = 0; ; attempt++) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length === 3 && t.partitions.every((p) => p.leader >= 0)))
          break;
      } catch (error) {
        if (attempt > 50) throw error;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.sendBatch({
      topicMessages: topics.map((topic, i) => ({
        topic,
        messages: Array.from({ length: 1 + (i % 5) }, (_, m) => ({ key: `k${m}`, value: `v${m}` })),
      })),
    });
    await producer.disconnect();
    for (const group of groups)
      await admin.setOffsets({
        groupId: group,
        topic: group.replace(/_consumer$/, ''),
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })),
      });
    log(`creating ${opts.tables} tables in ${db.database}`);
    await db.sql.unsafe(`
      do $$ begin
        for i in 0..${opts.tables - 1} loop
          execute format('create table public.t%s (id bigint primary key, name text, amount numeric) with (fillfactor = %s)',
                         lpad(i::text, 5, '0'), 70 + (i % 4) * 10);
          execute format('create index t%s_name on public.t%s (name)', lpad(i::text, 5, '0'), lpad(i::text, 5, '0'));
          execute format('insert into public.t%s select g, ''n'' || g, g * 1.5 from generate_series(1, %s) g',
                         lpad(i::text, 5, '0'), 1 + (i % 20) * 5);
        end loop;
      end $$;
      analyze;
    `);
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
    const kafkaUrns = topics.map((t) => `urn:li:dataset:(urn:li:dataPlatform:kafka,${t},PROD)`);
    const pgUrns = Array.from(
      { length: opts.tables },
      (_, i) =>
        `urn:li:dataset:(urn:li:dataPlatform:postgres,${db.database}.public.t${String(i).padStart(5, '0')},PROD)`,
    );
    log(`creating ${kafkaUrns.length + pgUrns.length} datasets in the hub`);
    const urns = [...kafkaUrns, ...pgUrns];
    for (let i = 0; i < urns.length; i += 500)
      await hub.ingest(
        urns.slice(i, i + 500).map((urn) => ({
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT' as const,
          aspectName: 'datasetProperties',
          aspect: { name: urn, customProperties: {} },
        })),
      );
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const service = new TechSpecIngestion({
      hub: createEmbeddedHubPort(hub, store),
      aspects: createEmbeddedHubAspects(hub),
      repository: new IngestionRepository(store),
      sourceTypes: techSpecSourceTypes,
      actor: 'urn:li:corpuser:dataspoke',
      env: { BENCH_PG_PASSWORD: db.password },
    });
    const kafkaConfig = parseIngestionConfig(
      JSON.stringify({
        name: 'bench-kafka',
        timeoutMs: 120_000,
        sources: [{ name: 'broker', type: 'kafka', brokers: brokers.split(','), topicPattern: `^${prefix}` }],
      }),
      techSpecSourceTypes,
    );
    const pgConfig = parseIngestionConfig(
      JSON.stringify({
        name: 'bench-postgres',
        timeoutMs: 120_000,
        sources: [
          {
            name: 'db',
            type: 'postgres',
            host: db.host,
            port: db.port,
            database: db.database,
            user: db.user,
            password: '${env:BENCH_PG_PASSWORD}',
            ssl: 'disable',
            schemas: ['public'],
          },
        ],
      }),
      techSpecSourceTypes,
    );
    const timed = async (label: string, config: typeof kafkaConfig) => {
      const started = performance.now();
      let lastDecile = -1;
      const result: IngestionRunRecord = await service.run(config, {
        trigger: 'cli',
        onProgress: (r) => {
          const decile = r.progress.total ? Math.floor((r.progress.done / r.progress.total) * 10) : -1;
          if (decile > lastDecile) {
            lastDecile = decile;
            log(`${label}: ${r.progress.done}/${r.progress.total} datasets`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 'SUCCEEDED')
        throw new Error(`${label} ended ${result.status}: ${result.errors.join('; ')}`);
      log(`${label}: ${result.counts.written} written in ${seconds.toFixed(2)} s`);
      return { seconds: round(seconds), ...result.counts };
    };
    const kafkaFirst = await timed('kafka, first run', kafkaConfig);
    const kafkaSecond = await timed('kafka, second run', kafkaConfig);
    const pgFirst = await timed('postgres, first run', pgConfig);
    const pgSecond = await timed('postgres, second run', pgConfig);
    const result = {
      benchmark: 'techspec',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, load_average: os.loadavg().map((l) => round(l)) },
      load: {
        topics: opts.topics,
        consumer_groups: groups.length,
        tables: opts.tables,
        indexes_per_table: 2,
      },
      hub: 'embedded (PGlite in memory)',
      setup_seconds: round(setupSeconds, 1),
      kafka: { first_run: kafkaFirst, second_run: kafkaSecond },
      postgres: { first_run: pgFirst, second_run: pgSecond },
      targets: TARGETS,
      meets_targets: {
        kafka: Math.max(kafkaFirst.seconds, kafkaSecond.seconds) <= TARGETS.kafka_200_topics_seconds,
        postgres: Math.max(pgFirst.seconds, pgSecond.seconds) <= TARGETS.postgres_2000_tables_seconds,
      },
    };
    const json = JSON.stringify(result, null, 2);
    process.stdout.write(`${json}\n`);
    if (opts.out) await writeFile(opts.out, `${json}\n`);
  } finally {
    log('dropping the topics, groups and database');
    await admin.deleteGroups(groups).catch(() => undefined);
    for (let i = 0; i < topics.length; i += 100)
      await admin.deleteTopics({ topics: topics.slice(i, i + 100) }).catch(() => undefined);
    await admin.disconnect();
    await db.drop();
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:techspec: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
