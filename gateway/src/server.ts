import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerHubGraphqlRoute } from '@dataspoke/hub/graphql/index';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { registerSchemaRegistryRoutes } from '@dataspoke/hub/events/schema-registry-http';
import type { HubAuthorizer } from '@dataspoke/hub/access';
import { hubAccessRefusal } from '@dataspoke/domain/auth/hub-rights';
import { buildAuthenticator, installAuthentication } from './auth.js';
import type { EmbeddedStack } from './embedded-stack.js';
import { registerRestFacade } from './rest/facade.js';
import { registerFederatedGraphql } from './graphql/gateway.js';
import { frameworkErrors, installErrorHandling } from './http-errors.js';
import { installJsonDepthLimit } from './json-depth.js';
import { installStorageGuard } from './storage-guard.js';
import { refuseInvalidRequestTargets, rewriteRequestTarget } from './request-target.js';
import { registerWebUi } from './web-ui.js';
import { installRateLimits, RateLimits } from './shared/rate-limit.js';
import { serveSubscriptions } from './graphql/subscriptions.js';
import type { SubgraphName } from '@dataspoke/subgraphs/schema-file';
import type { WorkflowTrigger } from '@dataspoke/subgraphs/de/workflow-runs';
import { registerReadinessRoute, type Probes } from './probes/probe-routes.js';
import { stackDependencies } from './probes/stack-dependencies.js';

export interface ServerOptions {
  /** fastify logger; false in tests. */
  logger?: boolean;
  /** Writes the log (JSON lines) to this stream instead, whatever `logger` says: tests read causes from it. */
  logStream?: NodeJS.WritableStream;
  /** Serve without authentication: every request is an anonymous administrator (`dataspoke start --open`). */
  open?: boolean;
  /** What /ready checks; by default the stack's own dependencies, never draining. */
  probes?: Probes;
  /** The workflow engine Mutation.triggerWorkflowRun (and its REST route) starts runs on. */
  workflows?: WorkflowTrigger;
}

/**
 * The single HTTP front door of the embedded default: health, the federated GraphQL endpoint at /graphql, and
 * the embedded hub's DataHub API under /gms.
 */
export async function buildServer(
  stack: EmbeddedStack,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const { config } = stack;
  const app = Fastify({
    logger: options.logStream
      ? { level: config.server.logLevel, stream: options.logStream }
      : options.logger === false
        ? false
        : { level: config.server.logLevel },
    bodyLimit: config.server.maxBodyBytes,
    genReqId: () => randomUUID(),
    // One reading of the target for the router, authentication and handlers alike (request-target.ts).
    rewriteUrl: rewriteRequestTarget,
    frameworkErrors,
    // A path parameter holds a whole dataset urn, which passes fastify's 100 characters as soon as a table
    // name is a little long. No request Node accepts has a parameter longer than its header limit, so every
    // urn reaches its route: one longer than DataHub allows (URN_NUM_BYTES_LIMIT) gets INVALID_URN with the
    // reason there, never the router's "No route".
    routerOptions: { maxParamLength: maxHeaderSize },
  });
  installErrorHandling(app);
  refuseInvalidRequestTargets(app);
  installJsonDepthLimit(app);
  const authenticator = await buildAuthenticator(config.auth, stack.store, options.open ?? false);
  installAuthentication(app, authenticator);
  // After authentication: budgets are per caller.
  if (config.rateLimit.perWindow > 0 || Object.keys(config.rateLimit.groups).length > 0)
    installRateLimits(
      app,
      new RateLimits(
        config.rateLimit,
        stack.redis && { client: stack.redis, keyPrefix: config.redis.keyPrefix },
      ),
    );

  installStorageGuard(app, stack.storeSpace);
  // A full store still serves reads, so health stays 200 (a restart would not free space): monitors alert on
  // status "degraded" and storage.writable false.
  app.get('/health', () => {
    const space = stack.storeSpace.state();
    return {
      status: space.writable ? 'ok' : 'degraded',
      hub: config.hub.kind,
      store: stack.store.kind,
      storage: {
        writable: space.writable,
        free_bytes: space.freeBytes,
        reserve_bytes: space.reserveBytes,
        ...(space.reason && { reason: space.reason }),
      },
    };
  });

  registerReadinessRoute(
    app,
    options.probes ?? { dependencies: stackDependencies(stack), draining: () => false },
  );

  // With a real DataHub configured, DataHub's own GMS is the hub: the embedded one is not served.
  if (config.hub.kind === 'embedded') {
    await app.register(
      async (gms) => {
        await registerHubRoutes(gms, stack);
      },
      { prefix: '/gms' },
    );
  }
  const graphql = await registerFederatedGraphql(app, stack.hubPort, {
    subgraphUrls: subgraphUrlsOf(config),
    ...(config.auth.subgraphSecret && { subgraphSecret: config.auth.subgraphSecret }),
    services: {
      store: stack.store,
      events: stack.spokeEvents,
      docSuggestions: stack.docSuggestions,
      techSpec: stack.techSpec,
      ...(options.workflows && { workflows: options.workflows }),
      overview: stack.overview,
      metrics: stack.metrics,
    },
    search: stack.search.deps,
    responseCache: stack.responseCache,
  });
  registerRestFacade(app, graphql);
  // Live notifications: WebSocket upgrades on /graphql, beside the HTTP endpoint (graphql/subscriptions.ts).
  const subscriptions = serveSubscriptions(app.server, {
    feed: stack.notifications.feed,
    authenticator,
  });
  app.addHook('preClose', () => subscriptions.close());
  await registerWebUi(app, { datahubUiUrl: config.ui.datahubUiUrl });
  return app;
}

/** The subgraphs configured to run as their own servers (the distributed mode); the rest run in-process. */
function subgraphUrlsOf(config: EmbeddedStack['config']): Partial<Record<SubgraphName, string>> {
  const { datahubUrl, deUrl, daUrl, dgUrl } = config.gateway;
  return Object.fromEntries(
    Object.entries({ datahub: datahubUrl, de: deUrl, da: daUrl, dg: dgUrl }).filter(([, url]) => url),
  );
}

async function registerHubRoutes(gms: FastifyInstance, stack: EmbeddedStack): Promise<void> {
  // Rights on the hub's metadata by group (auth/hub-rights.ts); the identity was set by authentication.
  const authorize: HubAuthorizer = (request, access) => hubAccessRefusal(request.identity, access);
  await gms.register(registerGmsRoutes, {
    hub: stack.hub,
    maxBodyBytes: stack.config.server.maxBodyBytes,
    authorize,
  });
  registerHubGraphqlRoute(gms, { hub: stack.hub, store: stack.store, authorize });
  // As GMS: the registry of the schemas the hub's Kafka records are written with.
  if (stack.kafka)
    await gms.register(registerSchemaRegistryRoutes, {
      prefix: '/schema-registry/api',
      registry: stack.kafka.registry,
      authorize,
    });
}
