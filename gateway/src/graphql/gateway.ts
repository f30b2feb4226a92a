import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { HubPort } from '@dataspoke/domain/hub/hub-port';
import {
  buildSubgraphSchemas,
  createSubgraphContext,
  type SubgraphContext,
} from '@dataspoke/subgraphs/index';
import { readCommittedSupergraph } from './compose.js';

/**
 * The federated GraphQL endpoint of the embedded default: an Apollo gateway over the committed supergraph
 * whose subgraphs all run in this process (LocalGraphQLDataSource, no HTTP hop). The gateway hands its
 * request context to every subgraph call, so one request shares one set of hub loaders across subgraphs.
 */

export interface FederatedGraphql {
  server: ApolloServer<SubgraphContext>;
  /** A fresh per-request context over the hub port. */
  context(): SubgraphContext;
  stop(): Promise<void>;
}

export async function startEmbeddedGateway(hub: HubPort): Promise<FederatedGraphql> {
  const schemas = buildSubgraphSchemas();
  const gateway = new ApolloGateway({
    supergraphSdl: readCommittedSupergraph(),
    buildService: ({ name }) => {
      const schema = schemas[name as keyof typeof schemas];
      if (!schema) throw new Error(`the supergraph names a subgraph this build does not have: ${name}`);
      return new LocalGraphQLDataSource(schema);
    },
  });
  const server = new ApolloServer<SubgraphContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  await server.start();
  return {
    server,
    context: () => createSubgraphContext(hub),
    stop: () => server.stop(),
  };
}

/** Serves the federated graph at /graphql (POST, and GET for queries) on the front door. */
export async function registerFederatedGraphql(
  app: FastifyInstance,
  hub: HubPort,
): Promise<FederatedGraphql> {
  const graphql = await startEmbeddedGateway(hub);
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: fastifyApolloHandler(graphql.server, { context: () => Promise.resolve(graphql.context()) }),
  });
  app.addHook('onClose', async () => {
    await graphql.stop();
  });
  return graphql;
}
