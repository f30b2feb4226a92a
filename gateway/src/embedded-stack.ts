import { lruCaches } from '@dataspoke/platform/cache/bounded-cache';
import type { Config } from '@dataspoke/platform/config/config';
import { InProcessEventBus, type EventBus } from '@dataspoke/hub/events/event-bus';
import { openKafkaEvents, type KafkaEvents } from '@dataspoke/hub/events/kafka-events';
import { InProcessSpokeEvents, type SpokeEventPort } from '@dataspoke/domain/shared/spoke-events';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { type HubPort } from '@dataspoke/domain/ports/hub-port';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { createGmsHubPort } from '@dataspoke/domain/adapters/hub/gms-hub-port';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { DatasetSearchIndexer } from '@dataspoke/domain/shared/dataset-search-index';
import type { NlSearchDeps } from '@dataspoke/domain/da/nl-search';
import { SearchMemo } from '@dataspoke/domain/da/search-memo';
import { StoreIndexMark } from '@dataspoke/domain/shared/index-mark';
import { openSearchAdapters, type SearchAdapters } from '@dataspoke/domain/adapters/search/open-search';
import { openStore, type Store } from '@dataspoke/platform/store/db';
import { DocSuggestionService } from '@dataspoke/domain/de/doc-suggestions/service';
import { OverviewService } from '@dataspoke/domain/dg/overview/overview-service';
import { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import { DocSuggestionRefresher } from '@dataspoke/domain/de/doc-suggestions/refresher';
import { ValidationService } from '@dataspoke/domain/de/validation/service';
import { ValidationTrigger } from '@dataspoke/domain/de/validation/change-trigger';
import { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';
import { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import type { TechSpecSourceType } from '@dataspoke/domain/ports/techspec-source';
import { createEmbeddedHubAspects } from '@dataspoke/domain/adapters/hub/embedded-hub-aspects';
import { createGmsHubAspects } from '@dataspoke/domain/adapters/hub/gms-hub-aspects';
import { createOpenAiChatPhraser } from '@dataspoke/domain/adapters/llm/openai-chat-phraser';
import { StoreSpace } from '@dataspoke/platform/store/store-space';
import type { Redis } from 'ioredis';
import {
  InProcessNotificationFeed,
  type NotificationFeed,
} from '@dataspoke/domain/shared/notifications/notification';
import { Notifier } from '@dataspoke/domain/shared/notifications/notifier';
import {
  WebhookDeliverer,
  WebhookOutbox,
  type WebhookSettings,
} from '@dataspoke/domain/shared/notifications/webhook-outbox';
import { openRedis } from './shared/redis.js';
import {
  InProcessResponseCache,
  RedisResponseCache,
  type ResponseCacheStore,
} from './shared/response-cache.js';
import { RedisNotificationFeed } from './shared/redis-notification-feed.js';
import { StoreNotificationFeed } from './shared/store-notification-feed.js';

/** Everything the embedded default runs in one process, built from validated configuration. */
export interface EmbeddedStack {
  config: Config;
  store: Store;
  /** Free space of the store's volume: writes are refused (507) below the reserve. */
  storeSpace: StoreSpace;
  events: EventBus;
  /** With KAFKA_BROKERS: the hub's changes go through DataHub's MetadataChangeLog topics (hub/src/events/). */
  kafka?: KafkaEvents;
  /** DataSpoke's own results (a failed validation…), for notifications and other reactions. */
  spokeEvents: SpokeEventPort;
  /** With REDIS_URL: what the gateway replicas share (rate limits, response cache, notifications). */
  redis?: Redis;
  /** Answers of expensive reads, dropped on every hub change; null when turned off. */
  responseCache: ResponseCacheStore | null;
  /**
   * Notifications made from the change events; live subscribers listen on the feed. With webhooks configured
   * they are also kept in the outbox, which `webhooks` sends from once started (by the long-running
   * commands: a short one leaves what it noticed to them).
   */
  notifications: { feed: NotificationFeed; notifier: Notifier; webhooks: WebhookDeliverer | null };
  hub: EmbeddedHub;
  /** How the subgraphs read DataHub: the embedded hub in-process, or a real DataHub's GMS (DATASPOKE_HUB=gms). */
  hubPort: HubPort;
  /** The DA natural-language search: its adapters, the services the da subgraph reads, and the indexer. */
  search: { adapters: SearchAdapters; deps: NlSearchDeps; indexer: DatasetSearchIndexer };
  /** DE documentation suggestions, refreshed as the hub's change events name datasets. */
  docSuggestions: DocSuggestionService;
  /** DE technical-spec ingestion: the source types, the runner and its configurations and runs. */
  techSpec: {
    ingestion: TechSpecIngestion;
    repository: IngestionRepository;
    sourceTypes: readonly TechSpecSourceType[];
  };
  /** The DG overview (taxonomy, medallion layers), kept until the hub's change events say the catalog changed. */
  overview: OverviewService;
  /** The DG metrics over time (collected by the metricsCollection workflow), their targets, search clicks. */
  metrics: MetricsService;
  /**
   * Indexes what the hub changed since the search index's durable mark (writes a crash or a stop past its
   * bound left unindexed), logging progress; `dataspoke start` runs it in the background.
   */
  catchUpSearch(log: (line: string) => void): Promise<void>;
  /** On a first start (no suggestion stored yet), proposes documentation for the whole catalog, with progress. */
  proposeDocsOnFirstStart(log: (line: string) => void): Promise<void>;
  /** Flushes the queued search-index work (the mark advances past it); part of a graceful stop. */
  drainSearch(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The composition root of the embedded default: picks the store adapter the configuration names, applies
 * migrations, and wires the hub to the in-process event bus and its derived indexes.
 */
export async function openEmbeddedStack(
  config: Config,
  options: {
    log?: (line: string) => void;
    /**
     * Load the search mirror and embed the catalog's words as the stack opens (default true): a serving
     * process wants its first search fast; a one-off command that never searches (an import, a key) does not
     * want the model's work.
     */
    prepareSearch?: boolean;
  } = {},
): Promise<EmbeddedStack> {
  const store = await openStore(config.store);
  // A PostgreSQL server's volume is not ours to watch: only a write failing for lack of space counts.
  const storeSpace = new StoreSpace(
    config.store.dataDir,
    store.kind === 'pglite' ? config.store.minFreeBytes : 0,
  );
  const remoteHub = config.hub.kind === 'gms' && config.hub.gmsUrl;
  const { brokers } = config.kafka;
  const kafka = brokers
    ? await openKafkaEvents(
        { ...config.kafka, brokers },
        {
          ...(remoteHub && { gmsUrl: config.hub.gmsUrl }),
          ...(config.hub.token && { token: config.hub.token }),
          ...(options.log && { log: options.log }),
        },
      )
    : undefined;
  const redis = config.redis.url ? await openRedis(config.redis.url) : undefined;
  const { keyPrefix } = config.redis;
  const { ttlSeconds, maxEntries } = config.responseCache;
  const responseCache =
    ttlSeconds === 0
      ? null
      : redis
        ? new RedisResponseCache(redis, keyPrefix, ttlSeconds)
        : new InProcessResponseCache(lruCaches, maxEntries, ttlSeconds * 1000);
  const dropAnswers = () => {
    responseCache?.invalidate().catch((error: unknown) => {
      console.error('response cache: dropping answers after a hub change failed:', error);
    });
  };
  const events =
    kafka?.bus ??
    new InProcessEventBus((error, event) => {
      console.error(`event subscriber failed on ${event.entityUrn} ${event.aspectName}:`, error);
    });
  const hub = new EmbeddedHub({ store, events, indexer: new HubSearchIndexer(), caches: lruCaches });
  // The hub caches what it reads while it follows the writes of every hub on the store (other processes may
  // share a PostgreSQL store).
  const stopFollowing = await hub.followWrites();
  const hubPort = remoteHub
    ? createGmsHubPort({
        url: config.hub.gmsUrl!,
        timeoutMs: config.hub.gmsTimeoutMs,
        ...(config.hub.token && { token: config.hub.token }),
      })
    : createEmbeddedHubPort(hub, store);
  const adapters = await openSearchAdapters(config.search, store, lruCaches);
  for (const note of adapters.notes) console.warn(`search: ${note}`);
  const indexer = new DatasetSearchIndexer({
    hub: hubPort,
    documents: adapters.documents,
    embedder: adapters.embedder,
    vectors: adapters.vectors,
    onError: (error) => console.error('search index: following a hub change failed:', error),
    // Only the embedded hub's writes are in this store to catch up from.
    mark: remoteHub ? null : new StoreIndexMark(store),
    writable: () => storeSpace.state().writable,
    caches: lruCaches,
    // Search answers kept before the index took a change are stale once it has.
    onIndexed: dropAnswers,
  });
  // Cached answers (search, catalog summary, sqlContext) may read what a change touched.
  events.subscribe(dropAnswers);
  const spokeEvents = new InProcessSpokeEvents((error, event) => {
    console.error(`spoke event subscriber failed on ${event.type} ${event.datasetUrn}:`, error);
  });
  // Processes sharing a store hear each other: through Redis when there is one, else PostgreSQL's NOTIFY.
  const feed: NotificationFeed = redis
    ? await RedisNotificationFeed.open(redis, keyPrefix)
    : store.kind === 'postgres'
      ? await StoreNotificationFeed.open(store)
      : new InProcessNotificationFeed();
  const hooks = config.notifications;
  const webhookSettings: WebhookSettings = {
    url: hooks.webhookUrl,
    byGroup: hooks.webhookUrls,
    maxAttempts: hooks.webhookMaxAttempts,
    backoffMs: hooks.webhookBackoffMs,
    maxBackoffMs: hooks.webhookMaxBackoffMs,
    timeoutMs: hooks.webhookTimeoutMs,
  };
  const webhooks =
    hooks.webhookUrl || Object.keys(hooks.webhookUrls).length > 0
      ? new WebhookDeliverer(store, webhookSettings, { log: options.log ?? console.warn })
      : null;
  const notifier = new Notifier({
    hubEvents: events,
    spokeEvents,
    feed,
    outbox: webhooks && new WebhookOutbox(store, webhookSettings, () => webhooks.kick()),
    onError: (error) => console.error('notifications: a notification was not sent:', error),
  });
  // The search index follows the hub: a changed dataset, chart or dashboard is re-indexed shortly after.
  events.subscribe((event) => {
    if (!event.timeseries && /^urn:li:(dataset|chart|dashboard):/.test(event.entityUrn))
      indexer.notify(event.entityUrn);
  });
  const overview = new OverviewService({
    hub: hubPort,
    embedder: adapters.embedder,
    onError: (error) =>
      console.warn('overview: embedding the datasets without terms failed; topics from their words:', error),
    caches: lruCaches,
  });
  // Profiles and operations (timeseries) do not move a dataset's layer or place in the taxonomy.
  events.subscribe((event) => {
    if (!event.timeseries) overview.invalidate();
  });
  const docsConfig = config.docs;
  const hubAspects = remoteHub
    ? createGmsHubAspects({
        url: config.hub.gmsUrl!,
        timeoutMs: config.hub.gmsTimeoutMs,
        ...(config.hub.token && { token: config.hub.token }),
        ...(config.hub.systemClientId &&
          config.hub.systemClientSecret && {
            systemClient: { id: config.hub.systemClientId, secret: config.hub.systemClientSecret },
          }),
      })
    : createEmbeddedHubAspects(hub);
  const docSuggestions = new DocSuggestionService({
    hub: hubPort,
    aspects: hubAspects,
    embedder: adapters.embedder,
    store,
    actor: docsConfig.writeActor,
    phraser: docsConfig.llmUrl
      ? createOpenAiChatPhraser({
          url: docsConfig.llmUrl,
          model: docsConfig.llmModel,
          apiKey: docsConfig.llmApiKey,
          timeoutMs: docsConfig.llmTimeoutMs,
        })
      : null,
    onPhrasingError: (error) =>
      console.warn('doc suggestions: the LLM failed, keeping the deterministic text:', error),
  });
  const ingestionRepository = new IngestionRepository(store);
  // One search usage recorder: search writes each question asked in the background, a click waits for it.
  const metrics = new MetricsService(store);
  const techSpec = {
    repository: ingestionRepository,
    sourceTypes: techSpecSourceTypes,
    ingestion: new TechSpecIngestion({
      hub: hubPort,
      aspects: hubAspects,
      repository: ingestionRepository,
      sourceTypes: techSpecSourceTypes,
      actor: docsConfig.writeActor,
    }),
  };
  const docRefresher = new DocSuggestionRefresher(docSuggestions, {
    onError: (error) => console.error('doc suggestions: refreshing after a hub change failed:', error),
  });
  events.subscribe((event) => {
    if (!event.timeseries && event.entityUrn.startsWith('urn:li:dataset:'))
      docRefresher.notify(event.entityUrn);
  });
  // A new profile or load of a dataset is judged as it arrives; a FAIL reaches the notifications.
  const triggeredValidator = new ValidationService({ hub: hubPort, store, events: spokeEvents });
  const validationTrigger = new ValidationTrigger({
    validate: (urn) => triggeredValidator.validate({ urn }, { store: true }),
    onError: (error, urn) =>
      console.error(`validation: judging ${urn} after its new observation failed:`, error),
  });
  validationTrigger.follow(events);
  // Through Kafka, the subscribers run as this process's consumer reads the changes (of the embedded hub or
  // a real DataHub); a consumed chunk's offsets are committed once the search index has taken it.
  if (kafka && config.kafka.consumer === 'inline') {
    await kafka.consumeChangeLog({ store, settle: () => indexer.flush() });
    if (!remoteHub) await kafka.consumeProposals((proposals) => hub.ingest(proposals));
  }
  // The first search would otherwise wait for the search mirror to load (seconds at 100k datasets).
  let closing = false;
  if (options.prepareSearch ?? true)
    adapters.documents.prepare().catch((error: unknown) => {
      if (!closing)
        console.error('search: loading the search documents failed (the first search retries):', error);
    });
  return {
    config,
    store,
    storeSpace,
    events,
    ...(kafka && { kafka }),
    spokeEvents,
    ...(redis && { redis }),
    responseCache,
    notifications: { feed, notifier, webhooks },
    hub,
    hubPort,
    docSuggestions,
    techSpec,
    overview,
    metrics,
    search: {
      adapters,
      indexer,
      deps: {
        documents: adapters.documents,
        embedder: adapters.embedder,
        vectors: adapters.vectors,
        memo: new SearchMemo(lruCaches),
        usage: metrics.usage,
      },
    },
    catchUpSearch: async (log) => {
      const started = performance.now();
      let lastPercent = -1;
      const { since, datasets, report } = await indexer.catchUp((done, total) => {
        const percent = Math.floor((done / Math.max(total, 1)) * 100);
        if (total > 0 && (percent >= lastPercent + 10 || done === total)) {
          lastPercent = percent;
          log(`search index: catching up: ${done}/${total} datasets (${percent}%)`);
        }
      });
      log(
        `search index: caught up with the hub's writes since ${since === null ? 'the beginning' : new Date(since).toISOString()}: ` +
          `${datasets} datasets checked, ${report.indexed} (re)indexed, ${report.removed} removed ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const w of report.warnings) log(`search index: warning: ${w}`);
    },
    proposeDocsOnFirstStart: async (log) => {
      const started = performance.now();
      let lastPercent = -1;
      const report = await docSuggestions.proposeOnFirstStart((done, total) => {
        const percent = Math.floor((done / Math.max(total, 1)) * 100);
        if (lastPercent < 0) log(`doc suggestions: first start: proposing for ${total} datasets`);
        if (total > 0 && (percent >= lastPercent + 10 || done === total)) {
          lastPercent = percent;
          log(`doc suggestions: first start: read ${done}/${total} datasets (${percent}%)`);
        }
      });
      log(
        report
          ? `doc suggestions: first start: ${report.created} suggestions proposed for ${report.datasets} datasets ` +
              `in ${((performance.now() - started) / 1000).toFixed(1)} s`
          : "doc suggestions: proposed before; from here on they follow the hub's changes",
      );
    },
    // Consumers stop first: a change consumed after the indexer stopped would be committed unindexed.
    drainSearch: async () => {
      await kafka?.close();
      await indexer.drain();
    },
    close: async () => {
      closing = true;
      await kafka?.close();
      await docRefresher.stop();
      await validationTrigger.stop();
      await indexer.stop();
      await notifier.stop();
      await webhooks?.stop();
      // The questions search is still writing go to the store before it closes.
      await metrics.usage.settled();
      await feed.close();
      await stopFollowing();
      await adapters.close();
      await store.close();
      redis?.disconnect();
    },
  };
}
