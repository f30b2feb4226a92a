import { z } from 'zod';

/**
 * Configuration comes from environment variables only. Each concern has its own zod model; all of them
 * are validated together at start so an operator sees every mistake at once, not one per restart.
 */

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const serverConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  /** Largest request body accepted (ingest batches included); larger ones get 413. */
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * How long a stop (SIGTERM, SIGINT) may take to drain requests, flush the search index and close the store;
   * past it the process logs what it abandoned and exits non-zero.
   */
  shutdownTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(10_000),
});

export const storeConfigSchema = z.object({
  dataDir: z.string().min(1).default('./.dataspoke'),
  /** postgres://… selects PostgreSQL through postgres.js; unset selects file-backed PGlite under dataDir. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  poolSize: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Free bytes the data directory's volume must keep: below it writes are refused (507) so the store never
   * runs out of space mid-write, and reads go on. 0 turns the watchdog off.
   */
  minFreeBytes: z.coerce
    .number()
    .int()
    .min(0)
    .default(256 * 1024 * 1024),
});

export const hubConfigSchema = z.object({
  /** embedded: DataHub for one process, in this process. gms: a real DataHub (later issue). */
  kind: z.enum(['embedded', 'gms']).default('embedded'),
  gmsUrl: z.url().optional(),
  token: z.string().optional(),
  /**
   * DataHub's system client (its DATAHUB_SYSTEM_CLIENT_ID / _SECRET): with it, DataSpoke's writes to GMS are
   * attributed to DATASPOKE_WRITE_ACTOR (GMS honours X-DataHub-Actor from system callers only); without it,
   * to the token's user.
   */
  systemClientId: z.string().min(1).optional(),
  systemClientSecret: z.string().min(1).optional(),
  /** How long one call to DataHub's GMS may take; a slower call counts as a failure towards the breaker. */
  gmsTimeoutMs: z.coerce.number().int().min(100).max(300_000).default(5_000),
});

export const demoConfigSchema = z.object({
  /** Load the generated demo catalog into an empty embedded hub on first start. */
  loadOnFirstStart: booleanFromEnv.default(true),
  seed: z.coerce.number().int().default(42),
});

export const authConfigSchema = z
  .object({
    /** JWT bearer tokens from an identity provider; all of issuer, audience and one key source, or none. */
    jwtIssuer: z.string().min(1).optional(),
    jwtAudience: z.string().min(1).optional(),
    jwtJwksUrl: z.url().optional(),
    /** A PEM public key (SPKI); `\n` escapes are accepted so it fits in one environment variable. */
    jwtPublicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
    jwtSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The claim that lists the caller's groups (de, da, dg, admin). */
    jwtGroupsClaim: z.string().min(1).default('groups'),
    /** Longest life a JWT may have (exp - iat, and exp - now); tokens without exp are refused. */
    jwtMaxLifetimeSeconds: z.coerce
      .number()
      .int()
      .min(60)
      .max(366 * 24 * 3600)
      .default(24 * 3600),
    /** Shared by the gateway and subgraphs that run as their own servers; they refuse calls not signed with it. */
    subgraphSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((auth, ctx) => {
    const sources = [auth.jwtJwksUrl, auth.jwtPublicKey, auth.jwtSecret].filter(Boolean).length;
    const any = sources > 0 || auth.jwtIssuer || auth.jwtAudience;
    if (!any) return;
    if (!auth.jwtIssuer)
      ctx.addIssue({ code: 'custom', path: ['jwtIssuer'], message: 'JWT needs an issuer' });
    if (!auth.jwtAudience)
      ctx.addIssue({ code: 'custom', path: ['jwtAudience'], message: 'JWT needs an audience' });
    if (sources !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwtJwksUrl'],
        message: `JWT needs exactly one key source (DATASPOKE_JWT_JWKS_URL, DATASPOKE_JWT_PUBLIC_KEY or DATASPOKE_JWT_SECRET); ${sources} given`,
      });
    }
  });

/** The distributed mode: subgraphs that run as their own servers, by name; the others run in the gateway. */
export const gatewayConfigSchema = z.object({
  datahubUrl: z.url().optional(),
  deUrl: z.url().optional(),
  daUrl: z.url().optional(),
  dgUrl: z.url().optional(),
});

/** Natural-language search (DA): which embedder and which vector index. */
export const searchConfigSchema = z.object({
  /** minilm: the offline model in worker threads; openai: an OpenAI-compatible endpoint; none: lexical only. */
  embedder: z.enum(['minilm', 'openai', 'none']).default('minilm'),
  embedderThreads: z.coerce.number().int().min(1).max(16).default(2),
  embeddingUrl: z.url().optional(),
  embeddingModel: z.string().min(1).default('text-embedding-3-small'),
  embeddingApiKey: z.string().optional(),
  embeddingDimensions: z.coerce.number().int().min(8).max(8192).default(1536),
  /** auto: pgvector when the database has it, else real[] scored in process (with a warning at start). */
  vectorIndex: z.enum(['auto', 'pgvector', 'array', 'qdrant']).default('auto'),
  qdrantUrl: z.url().optional(),
  qdrantApiKey: z.string().optional(),
  qdrantCollection: z.string().min(1).default('dataspoke_datasets'),
  /** Days the questions asked of search are kept for the usage metrics (their daily counts stay). */
  questionRetentionDays: z.coerce.number().int().min(1).max(3650).default(400),
});

/**
 * Kafka: with brokers, DataHub's MetadataChangeLog on Kafka carries the hub's changes to DataSpoke's
 * consumers (and the embedded hub publishes there and accepts MetadataChangeProposal_v1); without, the
 * in-process bus. Topic variables carry DataHub's own names.
 */
export const kafkaConfigSchema = z.object({
  brokers: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'each broker must be host:port')).min(1))
    .optional(),
  clientId: z.string().min(1).default('dataspoke'),
  versionedTopic: z.string().min(1).default('MetadataChangeLog_Versioned_v1'),
  timeseriesTopic: z.string().min(1).default('MetadataChangeLog_Timeseries_v1'),
  proposalTopic: z.string().min(1).default('MetadataChangeProposal_v1'),
  consumerGroup: z.string().min(1).default('dataspoke-consumers'),
  proposalConsumerGroup: z.string().min(1).default('dataspoke-mce-consumer'),
  deadLetterTopic: z.string().min(1).default('DataSpoke_MetadataChangeLog_DLQ'),
  proposalDeadLetterTopic: z.string().min(1).default('DataSpoke_MetadataChangeProposal_DLQ'),
  /** Where consumers read writer schemas by id; unset: the embedded hub's own, or DATAHUB_GMS_URL's. */
  schemaRegistryUrl: z.url().optional(),
  /** Partitions of the topics the embedded hub creates when they are missing (the consumers scale to it). */
  partitions: z.coerce.number().int().min(1).max(1000).default(3),
  /** inline: `dataspoke start` consumes too; off: only `dataspoke consumer` processes do. */
  consumer: z.enum(['inline', 'off']).default('inline'),
  /** The Prometheus endpoint of the consumers (`dataspoke consumer` serves it on 9464 when unset). */
  metricsPort: z.coerce.number().int().min(0).max(65535).optional(),
  metricsHost: z.string().min(1).default('127.0.0.1'),
});

/** Documentation suggestions (DE): who writes accepted ones to DataHub, and the optional LLM that phrases them. */
export const docsConfigSchema = z.object({
  /** The DataHub actor accepted suggestions are written as. */
  writeActor: z
    .string()
    .regex(/^urn:li:corp(user|Group):.+/, 'must be a corpuser or corpGroup urn')
    .default('urn:li:corpuser:dataspoke'),
  /** An OpenAI-compatible endpoint (`POST {url}/chat/completions`) that phrases descriptions; unset: deterministic text. */
  llmUrl: z.url().optional(),
  llmModel: z.string().min(1).default('gpt-4o-mini'),
  llmApiKey: z.string().optional(),
  llmTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(20_000),
});

/**
 * A schedule: `every <n><s|m|h|d>` (an interval from the last tick), a five-field cron expression (UTC), or
 * `off` (no schedule: nothing starts it on a clock and it cannot be triggered by its schedule id).
 */
export const scheduleSpecSchema = z
  .string()
  .trim()
  .refine(
    (v) => v === 'off' || /^every [1-9]\d*[smhd]$/.test(v) || /^\S+(\s+\S+){4}$/.test(v),
    'must be `every <n><s|m|h|d>` (e.g. every 1h), a five-field cron expression (e.g. 0 3 * * *) or off',
  );

/**
 * Scheduled work (workflows/): in process with schedules in the operational store by default; with
 * TEMPORAL_ADDRESS on a Temporal cluster, its schedules created there at start.
 */
export const workflowsConfigSchema = z.object({
  temporalAddress: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port')
    .optional(),
  temporalNamespace: z.string().min(1).default('default'),
  taskQueue: z.string().min(1).default('dataspoke'),
  /**
   * Put before every schedule and workflow id this installation makes on Temporal, so installations (or
   * test runs) sharing a namespace do not take each other's fixed ids (`catalog-health-sweep`). The CLI and
   * the run history keep the plain schedule ids.
   */
  temporalIdPrefix: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9._-]*$/, 'may hold only letters, digits, `.`, `_` and `-`')
    .default(''),
  /** inline: `dataspoke start` runs the workflows too; off: only `dataspoke worker` processes do. */
  worker: z.enum(['inline', 'off']).default('inline'),
  /** Validates every dataset with a learned cadence that is due (its cadence passed since its last run). */
  catalogHealthSweep: scheduleSpecSchema.default('every 1h'),
  /** The daily metrics collection. */
  metricsCollection: scheduleSpecSchema.default('0 2 * * *'),
  /** Re-embeds what changed in the hub and drops what is gone from the search index. */
  embeddingMaintenance: scheduleSpecSchema.default('0 3 * * *'),
  /** How often the kept technical-spec ingestion configurations are checked for a due run (each has its own schedule). */
  techSpecIngestion: scheduleSpecSchema.default('every 5m'),
});

const CONFIG_GROUPS = ['de', 'da', 'dg', 'admin'] as const;

/** `de=600,admin=6000`: a value per group (de, da, dg, admin), parsed from one environment variable. */
function perGroup<T extends z.ZodType>(value: T) {
  return z.string().transform((v, ctx) => {
    const values: Partial<Record<(typeof CONFIG_GROUPS)[number], z.output<T>>> = {};
    for (const part of v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const at = part.indexOf('=');
      const group = part.slice(0, Math.max(at, 0)).trim();
      if (at < 1 || !(CONFIG_GROUPS as readonly string[]).includes(group)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}" is not group=value with a group among ${CONFIG_GROUPS.join(', ')}`,
        });
        continue;
      }
      const parsed = value.safeParse(part.slice(at + 1).trim());
      if (parsed.success) values[group as (typeof CONFIG_GROUPS)[number]] = parsed.data;
      else
        ctx.addIssue({
          code: 'custom',
          message: `${group}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        });
    }
    return values;
  });
}

/** Redis: with a URL, rate limits, the response cache and live notifications are shared by every gateway replica. */
export const redisConfigSchema = z.object({
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  keyPrefix: z.string().min(1).default('dataspoke:'),
});

/** Requests per API key (or JWT subject) on /graphql, /api and /gms; over it, 429 with Retry-After. */
export const rateLimitConfigSchema = z.object({
  /** Requests one caller may make per window; 0 turns rate limiting off. */
  perWindow: z.coerce.number().int().min(0).default(3000),
  windowSeconds: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Per-group budgets (0: unlimited); a caller in several groups gets the largest. */
  groups: perGroup(z.coerce.number().int().min(0)).default({}),
});

/** The response cache of expensive reads (search, sqlContext, catalogSummary), dropped on every hub change. */
export const responseCacheConfigSchema = z.object({
  /** How long an answer is kept at most; 0 turns the cache off. */
  ttlSeconds: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Answers kept in process (without Redis). */
  maxEntries: z.coerce.number().int().min(1).default(500),
});

/** Notifications: the optional webhook sink (Slack-compatible JSON) behind the live GraphQL subscriptions. */
export const notificationsConfigSchema = z.object({
  /** Receives every notification. */
  webhookUrl: z.url().optional(),
  /** Receive the notifications of one group: `de=https://hooks.slack.com/…,dg=https://…`. */
  webhookUrls: perGroup(z.url()).default({}),
  /** Attempts before a delivery is given up (it stays in the outbox, marked failed). */
  webhookMaxAttempts: z.coerce.number().int().min(1).max(100).default(12),
  /** The first retry's delay; each next one doubles, up to the maximum. */
  webhookBackoffMs: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
  webhookMaxBackoffMs: z.coerce.number().int().min(10).max(86_400_000).default(600_000),
  webhookTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

/** The explorer UI: display-only settings, handed to the browser at /web-config.json (nothing secret). */
export const uiConfigSchema = z.object({
  /** DataHub's own UI, so dataset pages can link to it ("Open in DataHub"). */
  datahubUiUrl: z.url().optional(),
});

export const configSchema = z
  .object({
    server: serverConfigSchema,
    store: storeConfigSchema,
    hub: hubConfigSchema,
    demo: demoConfigSchema,
    auth: authConfigSchema,
    gateway: gatewayConfigSchema,
    search: searchConfigSchema,
    docs: docsConfigSchema,
    ui: uiConfigSchema,
    kafka: kafkaConfigSchema,
    workflows: workflowsConfigSchema,
    redis: redisConfigSchema,
    rateLimit: rateLimitConfigSchema,
    responseCache: responseCacheConfigSchema,
    notifications: notificationsConfigSchema,
  })
  .superRefine((cfg, ctx) => {
    const remote = Object.values(cfg.gateway).some(Boolean);
    if (remote && !cfg.auth.subgraphSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth', 'subgraphSecret'],
        message:
          'DATASPOKE_SUBGRAPH_SECRET is required when a subgraph runs as its own server (DATASPOKE_SUBGRAPH_URL_*)',
      });
    }
    if (cfg.search.embedder === 'openai' && !cfg.search.embeddingUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['search', 'embeddingUrl'],
        message: 'DATASPOKE_EMBEDDING_URL is required when DATASPOKE_EMBEDDER=openai',
      });
    }
    if (cfg.search.vectorIndex === 'qdrant' && !cfg.search.qdrantUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['search', 'qdrantUrl'],
        message: 'QDRANT_URL is required when DATASPOKE_VECTOR_INDEX=qdrant',
      });
    }
    if (!cfg.hub.systemClientId !== !cfg.hub.systemClientSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['hub', cfg.hub.systemClientId ? 'systemClientSecret' : 'systemClientId'],
        message: 'DATAHUB_SYSTEM_CLIENT_ID and DATAHUB_SYSTEM_CLIENT_SECRET go together',
      });
    }
    if (cfg.hub.kind === 'gms' && !cfg.hub.gmsUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['hub', 'gmsUrl'],
        message: 'DATAHUB_GMS_URL is required when DATASPOKE_HUB=gms',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type ServerConfig = Config['server'];
export type StoreConfig = Config['store'];
export type AuthConfig = Config['auth'];
export type SearchConfig = Config['search'];
export type UiConfig = Config['ui'];
export type KafkaConfig = Config['kafka'];
export type DocsConfig = Config['docs'];
export type WorkflowsConfig = Config['workflows'];
export type RateLimitConfig = Config['rateLimit'];
export type NotificationsConfig = Config['notifications'];

/** Which environment variable feeds which config path; used to read env and to name variables in errors. */
const envMap = {
  'server.port': 'PORT',
  'server.host': 'HOST',
  'server.maxBodyBytes': 'DATASPOKE_MAX_BODY_BYTES',
  'server.logLevel': 'LOG_LEVEL',
  'server.shutdownTimeoutMs': 'DATASPOKE_SHUTDOWN_TIMEOUT_MS',
  'store.dataDir': 'DATASPOKE_DATA_DIR',
  'store.databaseUrl': 'DATABASE_URL',
  'store.poolSize': 'DATABASE_POOL_SIZE',
  'store.minFreeBytes': 'DATASPOKE_STORE_MIN_FREE_BYTES',
  'hub.kind': 'DATASPOKE_HUB',
  'hub.gmsUrl': 'DATAHUB_GMS_URL',
  'hub.token': 'DATAHUB_TOKEN',
  'hub.systemClientId': 'DATAHUB_SYSTEM_CLIENT_ID',
  'hub.systemClientSecret': 'DATAHUB_SYSTEM_CLIENT_SECRET',
  'hub.gmsTimeoutMs': 'DATAHUB_GMS_TIMEOUT_MS',
  'demo.loadOnFirstStart': 'DATASPOKE_DEMO',
  'demo.seed': 'DATASPOKE_DEMO_SEED',
  'auth.jwtIssuer': 'DATASPOKE_JWT_ISSUER',
  'auth.jwtAudience': 'DATASPOKE_JWT_AUDIENCE',
  'auth.jwtJwksUrl': 'DATASPOKE_JWT_JWKS_URL',
  'auth.jwtPublicKey': 'DATASPOKE_JWT_PUBLIC_KEY',
  'auth.jwtSecret': 'DATASPOKE_JWT_SECRET',
  'auth.jwtGroupsClaim': 'DATASPOKE_JWT_GROUPS_CLAIM',
  'auth.jwtMaxLifetimeSeconds': 'DATASPOKE_JWT_MAX_LIFETIME_SECONDS',
  'auth.subgraphSecret': 'DATASPOKE_SUBGRAPH_SECRET',
  'gateway.datahubUrl': 'DATASPOKE_SUBGRAPH_URL_DATAHUB',
  'gateway.deUrl': 'DATASPOKE_SUBGRAPH_URL_DE',
  'gateway.daUrl': 'DATASPOKE_SUBGRAPH_URL_DA',
  'gateway.dgUrl': 'DATASPOKE_SUBGRAPH_URL_DG',
  'search.embedder': 'DATASPOKE_EMBEDDER',
  'search.embedderThreads': 'DATASPOKE_EMBEDDER_THREADS',
  'search.embeddingUrl': 'DATASPOKE_EMBEDDING_URL',
  'search.embeddingModel': 'DATASPOKE_EMBEDDING_MODEL',
  'search.embeddingApiKey': 'DATASPOKE_EMBEDDING_API_KEY',
  'search.embeddingDimensions': 'DATASPOKE_EMBEDDING_DIMENSIONS',
  'search.vectorIndex': 'DATASPOKE_VECTOR_INDEX',
  'search.qdrantUrl': 'QDRANT_URL',
  'search.qdrantApiKey': 'QDRANT_API_KEY',
  'search.qdrantCollection': 'QDRANT_COLLECTION',
  'search.questionRetentionDays': 'DATASPOKE_SEARCH_QUESTION_RETENTION_DAYS',
  'docs.writeActor': 'DATASPOKE_WRITE_ACTOR',
  'docs.llmUrl': 'DATASPOKE_LLM_URL',
  'docs.llmModel': 'DATASPOKE_LLM_MODEL',
  'docs.llmApiKey': 'DATASPOKE_LLM_API_KEY',
  'docs.llmTimeoutMs': 'DATASPOKE_LLM_TIMEOUT_MS',
  'ui.datahubUiUrl': 'DATAHUB_UI_URL',
  'kafka.brokers': 'KAFKA_BROKERS',
  'kafka.clientId': 'KAFKA_CLIENT_ID',
  'kafka.versionedTopic': 'METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME',
  'kafka.timeseriesTopic': 'METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME',
  'kafka.proposalTopic': 'METADATA_CHANGE_PROPOSAL_TOPIC_NAME',
  'kafka.consumerGroup': 'DATASPOKE_CONSUMER_GROUP',
  'kafka.proposalConsumerGroup': 'DATASPOKE_PROPOSAL_CONSUMER_GROUP',
  'kafka.deadLetterTopic': 'DATASPOKE_DEAD_LETTER_TOPIC',
  'kafka.proposalDeadLetterTopic': 'DATASPOKE_PROPOSAL_DEAD_LETTER_TOPIC',
  'kafka.schemaRegistryUrl': 'KAFKA_SCHEMAREGISTRY_URL',
  'kafka.partitions': 'KAFKA_TOPIC_PARTITIONS',
  'kafka.consumer': 'DATASPOKE_CONSUMER',
  'kafka.metricsPort': 'DATASPOKE_METRICS_PORT',
  'kafka.metricsHost': 'DATASPOKE_METRICS_HOST',
  'workflows.temporalAddress': 'TEMPORAL_ADDRESS',
  'workflows.temporalNamespace': 'TEMPORAL_NAMESPACE',
  'workflows.taskQueue': 'DATASPOKE_TEMPORAL_TASK_QUEUE',
  'workflows.temporalIdPrefix': 'DATASPOKE_TEMPORAL_ID_PREFIX',
  'workflows.worker': 'DATASPOKE_WORKER',
  'workflows.catalogHealthSweep': 'DATASPOKE_SCHEDULE_CATALOG_HEALTH_SWEEP',
  'workflows.metricsCollection': 'DATASPOKE_SCHEDULE_METRICS_COLLECTION',
  'workflows.embeddingMaintenance': 'DATASPOKE_SCHEDULE_EMBEDDING_MAINTENANCE',
  'workflows.techSpecIngestion': 'DATASPOKE_SCHEDULE_TECHSPEC_INGESTION',
  'redis.url': 'REDIS_URL',
  'redis.keyPrefix': 'DATASPOKE_REDIS_PREFIX',
  'rateLimit.perWindow': 'DATASPOKE_RATE_LIMIT',
  'rateLimit.windowSeconds': 'DATASPOKE_RATE_LIMIT_WINDOW_SECONDS',
  'rateLimit.groups': 'DATASPOKE_RATE_LIMIT_GROUPS',
  'responseCache.ttlSeconds': 'DATASPOKE_RESPONSE_CACHE_TTL_SECONDS',
  'responseCache.maxEntries': 'DATASPOKE_RESPONSE_CACHE_MAX_ENTRIES',
  'notifications.webhookUrl': 'DATASPOKE_WEBHOOK_URL',
  'notifications.webhookUrls': 'DATASPOKE_WEBHOOK_URLS',
  'notifications.webhookMaxAttempts': 'DATASPOKE_WEBHOOK_MAX_ATTEMPTS',
  'notifications.webhookBackoffMs': 'DATASPOKE_WEBHOOK_BACKOFF_MS',
  'notifications.webhookMaxBackoffMs': 'DATASPOKE_WEBHOOK_MAX_BACKOFF_MS',
  'notifications.webhookTimeoutMs': 'DATASPOKE_WEBHOOK_TIMEOUT_MS',
} as const;

/** Every environment variable the configuration reads (deployments check theirs against it). */
export const CONFIG_ENVIRONMENT_VARIABLES: readonly string[] = Object.values(envMap);

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, Record<string, string>> = {
    server: {},
    store: {},
    hub: {},
    demo: {},
    auth: {},
    gateway: {},
    search: {},
    docs: {},
    ui: {},
    kafka: {},
    workflows: {},
    redis: {},
    rateLimit: {},
    responseCache: {},
    notifications: {},
  };
  for (const [path, name] of Object.entries(envMap)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const [group, key] = path.split('.') as [string, string];
    raw[group]![key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    const variable = (envMap as Record<string, string>)[path];
    return variable ? `${variable}: ${issue.message}` : `${path || '(root)'}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
