import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { GATEWAY_TOKEN_HEADER, signGatewayToken } from '@dataspoke/domain/auth/gateway-token';
import type { Identity } from '@dataspoke/domain/auth/identity';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import {
  buildSubgraphSchemas,
  createSubgraphContext,
  type SubgraphContext,
  type SubgraphName,
  type DeServices,
  type DgServices,
} from '@dataspoke/subgraphs/index';
import type { NlSearchDeps } from '@dataspoke/domain/da/nl-search';
import { refuseUnusableInput } from '@dataspoke/subgraphs/input-text';
import { errorMasking, type ErrorLog } from '@dataspoke/subgraphs/masked-errors';
import { readCommittedSupergraph } from './compose.js';
import {
  DEFAULT_QUERY_LIMITS,
  limitedParseOptions,
  queryLimitCode,
  queryLimitsRule,
  type QueryLimits,
} from '@dataspoke/platform/graphql/query-limits';
import { queryLimitsPlugin } from './limits.js';
import { PreparedLocalDataSource } from './local-data-source.js';
import { responseCachePlugin, type ResponseCacheStore } from '../shared/response-cache.js';

/**
 * The federated GraphQL endpoint of the embedded default: an Apollo gateway over the committed supergraph
 * whose subgraphs all run in this process (PreparedLocalDataSource, no HTTP hop). The gateway hands its
 * request context to every subgraph call, so one request shares one set of hub loaders across subgraphs.
 */

export interface FederatedGraphql {
  server: ApolloServer<SubgraphContext>;
  /** A fresh per-request context over the hub port for the caller the front door authenticated. */
  context(identity: Identity | null): SubgraphContext;
  stop(): Promise<void>;
}

/**
 * A subgraph served by its own server: each call carries the caller's identity in a token signed with the
 * secret the gateway shares with the subgraphs, which refuse calls without one.
 */
class SignedRemoteDataSource extends RemoteGraphQLDataSource<SubgraphContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<SubgraphContext>['willSendRequest']>>[0]) {
    // The gateway's own calls (none today) carry no request context and so no identity.
    const identity = (context as Partial<SubgraphContext>).identity;
    if (!identity) return;
    request.http?.headers.set(GATEWAY_TOKEN_HEADER, await signGatewayToken(identity, this.secret));
  }
}

/** Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED; a refused limit keeps its own code. */
function keepLimitCodes(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = queryLimitCode(error);
  return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}

export interface GatewayOptions {
  limits?: QueryLimits;
  /**
   * The distributed mode: subgraphs that run as their own servers, by name, at these URLs. A subgraph not
   * named here runs in this process.
   */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Shared with subgraph servers (required with subgraphUrls): signs the identity each call carries. */
  subgraphSecret?: string;
  /** What in-process subgraphs keep their results in and publish to (the operational store, the spoke events). */
  services?: DeServices & DgServices;
  /** The DA search services in-process subgraphs answer Query.search and sqlContext with. */
  search?: NlSearchDeps | null;
  /** Where the causes of masked errors go, under the trace_id the caller receives. */
  log?: ErrorLog;
  /** Keeps the answers of expensive reads (shared/response-cache.ts); null or absent: nothing is kept. */
  responseCache?: ResponseCacheStore | null;
}

export async function startGateway(hub: HubPort, options: GatewayOptions = {}): Promise<FederatedGraphql> {
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const schemas = buildSubgraphSchemas(options.services);
  const masking = errorMasking(options.log);
  // Apollo's gateway reports usage to Apollo, probing cloud metadata addresses on the way, unless this is set
  // when it is built. DataSpoke talks to nothing the operator did not configure; an explicit setting wins.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readCommittedSupergraph(),
    buildService: ({ name }) => {
      const url = options.subgraphUrls?.[name as SubgraphName];
      if (url) {
        if (!options.subgraphSecret)
          throw new Error(`subgraph ${name} at ${url} needs the shared subgraph secret`);
        return new SignedRemoteDataSource(url, options.subgraphSecret);
      }
      const schema = schemas[name as SubgraphName];
      if (!schema) throw new Error(`the supergraph names a subgraph this build does not have: ${name}`);
      return new PreparedLocalDataSource(schema);
    },
  });
  const server = new ApolloServer<SubgraphContext>({
    gateway,
    // The process's one shutdown path (commands/signals.ts) stops this server; Apollo's own handler would
    // re-send the signal and end the process before the store is closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // graphql-js stops lexing beyond maxTokens, so a huge document is refused before an AST is built.
    parseOptions: limitedParseOptions(limits),
    validationRules: [queryLimitsRule(limits)],
    formatError: (formatted, error) => masking.formatError(keepLimitCodes(formatted, error), error),
    plugins: [
      refuseUnusableInput(),
      masking.plugin,
      queryLimitsPlugin(limits),
      ...(options.responseCache
        ? [
            responseCachePlugin(options.responseCache, (error) =>
              options.log?.error({ err: error }, 'response cache unavailable; answering uncached'),
            ),
          ]
        : []),
    ],
  });
  await server.start();
  return {
    server,
    context: (identity) => ({ ...createSubgraphContext(hub, identity), search: options.search ?? null }),
    stop: () => server.stop(),
  };
}

/** Serves the federated graph at /graphql (POST, and GET for queries) on the front door. */
export async function registerFederatedGraphql(
  app: FastifyInstance,
  hub: HubPort,
  options: GatewayOptions = {},
): Promise<FederatedGraphql> {
  const graphql = await startGateway(hub, { log: app.log, ...options });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: fastifyApolloHandler(graphql.server, {
      context: (request) => Promise.resolve(graphql.context(request.identity)),
    }),
  });
  app.addHook('onClose', async () => {
    await graphql.stop();
  });
  return graphql;
}
