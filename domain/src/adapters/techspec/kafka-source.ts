import kafkajs, { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import type {
  KafkaConsumerLag,
  KafkaTopicSpec,
  SpecObservation,
  TechSpecSource,
  TechSpecSourceType,
} from '../../ports/techspec-source.js';
import { datasetUrn, fabricSchema, matcherOf, regexSchema, sourceFailure } from './common.js';

const configSchema = z
  .object({
    brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port')).min(1),
    clientId: z.string().min(1).default('dataspoke-techspec'),
    ssl: z.boolean().default(false),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string(),
      })
      .strict()
      .optional(),
    /** A regular expression over topic names; internal topics (`__…`) are left out unless it names them. */
    topicPattern: regexSchema.optional(),
    /** Whether to read consumer groups and their lag (one request per group). */
    consumerGroups: z.boolean().default(true),
    env: fabricSchema,
    platformInstance: z.string().min(1).optional(),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

type KafkaSourceConfig = z.infer<typeof configSchema>;

// kafkajs is CommonJS, and Node's ESM loader does not see this export by name.
const { ConfigResourceTypes } = kafkajs;

const CONFIG_KEYS = [
  'min.insync.replicas',
  'retention.ms',
  'retention.bytes',
  'cleanup.policy',
  'compression.type',
  'max.message.bytes',
] as const;

/** Topics' offsets read at once. */
const OFFSET_CONCURRENCY = 16;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Messages behind the end of each topic, per consumer group that has committed offsets on it. */
async function consumerLags(
  admin: Admin,
  topics: ReadonlySet<string>,
  ends: ReadonlyMap<string, Map<number, number>>,
): Promise<Map<string, KafkaConsumerLag[]>> {
  const out = new Map<string, KafkaConsumerLag[]>();
  const { groups } = await admin.listGroups();
  await inParallel(groups, OFFSET_CONCURRENCY, async ({ groupId }) => {
    const offsets = await admin.fetchOffsets({ groupId });
    for (const { topic, partitions } of offsets) {
      const end = ends.get(topic);
      if (!topics.has(topic) || !end) continue;
      const committed = partitions.filter((p) => Number(p.offset) >= 0);
      if (committed.length === 0) continue;
      const lag = committed.reduce(
        (sum, p) => sum + Math.max(0, (end.get(p.partition) ?? 0) - Number(p.offset)),
        0,
      );
      out.set(topic, [...(out.get(topic) ?? []), { groupId, lag }]);
    }
  });
  for (const list of out.values()) list.sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId));
  return out;
}

const numberOrNull = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

/** Reads each topic's partitions, replicas, configuration, size and consumers through the Kafka admin API. */
function openKafkaSource(name: string, config: KafkaSourceConfig): TechSpecSource {
  const include = matcherOf(config.topicPattern);
  return {
    type: 'kafka',
    name,
    async collect({ signal, onProgress }) {
      const kafka = new Kafka({
        brokers: config.brokers,
        clientId: config.clientId,
        ssl: config.ssl,
        ...(config.sasl && { sasl: config.sasl as SASLOptions }),
        connectionTimeout: config.connectTimeoutMs,
        requestTimeout: Math.max(config.connectTimeoutMs, 30_000),
        // An unreachable cluster is reported at once rather than after kafkajs's default retries.
        retry: { retries: 1, initialRetryTime: 200 },
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      const stop = () => void admin.disconnect();
      signal.addEventListener('abort', stop, { once: true });
      try {
        await admin.connect();
        const topics = (await admin.listTopics())
          .filter((t) => (config.topicPattern ? include(t) : !t.startsWith('__')))
          .sort();
        if (topics.length === 0) return [];
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: topics.map((t) => ({
            type: ConfigResourceTypes.TOPIC,
            name: t,
            configNames: [...CONFIG_KEYS],
          })),
        });
        const configs = new Map(
          described.resources.map((r) => [
            r.resourceName,
            new Map(r.configEntries.map((e) => [e.configName, e.configValue])),
          ]),
        );
        const ends = new Map<string, Map<number, number>>();
        const sizes = new Map<string, number>();
        await inParallel(topics, OFFSET_CONCURRENCY, async (topic) => {
          const offsets = await admin.fetchTopicOffsets(topic);
          ends.set(topic, new Map(offsets.map((o) => [o.partition, Number(o.high)])));
          sizes.set(
            topic,
            offsets.reduce((s, o) => s + Math.max(0, Number(o.high) - Number(o.low)), 0),
          );
        });
        const lags = config.consumerGroups
          ? await consumerLags(admin, new Set(topics), ends)
          : new Map<string, KafkaConsumerLag[]>();
        const observedAt = Date.now();
        const out: SpecObservation[] = [];
        for (const t of metadata) {
          const c = configs.get(t.name) ?? new Map<string, string>();
          const replicas = t.partitions.map((p) => p.replicas.length);
          const isr = t.partitions.map((p) => p.isr.length);
          const spec: KafkaTopicSpec = {
            kind: 'kafka',
            topic: t.name,
            partitions: t.partitions.length,
            replicationFactor: replicas.length ? Math.max(...replicas) : 0,
            underReplicatedPartitions: t.partitions.filter((p) => p.isr.length < p.replicas.length).length,
            minInSyncReplicaCount: isr.length ? Math.min(...isr) : 0,
            minInsyncReplicas: numberOrNull(c.get('min.insync.replicas')),
            retentionMs: numberOrNull(c.get('retention.ms')),
            retentionBytes: numberOrNull(c.get('retention.bytes')),
            cleanupPolicy: c.get('cleanup.policy') ?? null,
            compressionType: c.get('compression.type') ?? null,
            maxMessageBytes: numberOrNull(c.get('max.message.bytes')),
            messageCount: sizes.get(t.name) ?? 0,
            consumerGroups: lags.get(t.name) ?? [],
          };
          const qualified = [config.platformInstance, t.name].filter(Boolean).join('.');
          out.push({ urn: datasetUrn('kafka', qualified, config.env), observedAt, spec });
          onProgress?.(out.length, metadata.length);
        }
        return out.sort((a, b) => a.urn.localeCompare(b.urn));
      } catch (error) {
        throw sourceFailure(error, signal, `Kafka ${config.brokers.join(',')}`);
      } finally {
        signal.removeEventListener('abort', stop);
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}

export const kafkaSourceType: TechSpecSourceType = {
  type: 'kafka',
  schema: configSchema,
  secretKeys: ['sasl.password'],
  open: (name, config) => openKafkaSource(name, configSchema.parse(config)),
};
