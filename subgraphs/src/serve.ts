import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { HubPort } from '@dataspoke/domain/hub/hub-port';
import { createSubgraphContext, type SubgraphContext } from './context.js';
import { buildSubgraphSchemas } from './index.js';
import type { SubgraphName } from './schema-file.js';

/**
 * One subgraph as its own GraphQL server (the distributed mode): the same schema and resolvers as in the
 * embedded gateway, with its own per-request loaders over its own hub port.
 */
export interface ServedSubgraph {
  name: SubgraphName;
  url: string;
  stop(): Promise<void>;
}

export async function serveSubgraph(
  name: SubgraphName,
  hub: HubPort,
  listen: { host?: string; port?: number } = {},
): Promise<ServedSubgraph> {
  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchemas()[name],
    includeStacktraceInErrorResponses: false,
  });
  const { url } = await startStandaloneServer(server, {
    context: () => Promise.resolve(createSubgraphContext(hub)),
    listen: { host: listen.host ?? '127.0.0.1', port: listen.port ?? 0 },
  });
  return { name, url, stop: () => server.stop() };
}
