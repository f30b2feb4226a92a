import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import { GATEWAY_TOKEN_HEADER, verifyGatewayToken } from '@dataspoke/domain/auth/gateway-token';
import type { NlSearchDeps } from '@dataspoke/domain/da/nl-search';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { createSubgraphContext, type SubgraphContext } from './context.js';
import { buildSubgraphSchemas, type DeServices, type DgServices } from './index.js';
import { refuseUnusableInput } from './input-text.js';
import { errorMasking, type ErrorLog } from './masked-errors.js';
import type { SubgraphName } from './schema-file.js';

/**
 * One subgraph as its own GraphQL server (the distributed mode): the same schema and resolvers as in the
 * embedded gateway, with its own per-request loaders over its own hub port. It answers only calls the
 * gateway signed with the shared secret, and takes the caller's identity from that signature.
 */
export interface ServedSubgraph {
  name: SubgraphName;
  url: string;
  stop(): Promise<void>;
}

export async function serveSubgraph(
  name: SubgraphName,
  hub: HubPort,
  options: {
    host?: string;
    port?: number;
    gatewaySecret: string;
    services?: DeServices & DgServices;
    /** The DA search index the da subgraph answers Query.search and sqlContext with. */
    search?: NlSearchDeps | null;
    /** Where the causes of masked errors go (default: JSON lines on stderr). */
    log?: ErrorLog;
  },
): Promise<ServedSubgraph> {
  const masking = errorMasking(options.log);
  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchemas(options.services)[name],
    // The command's shutdown path (gateway/src/commands/signals.ts) stops this server; Apollo's own handler
    // would re-send the signal and end the process before the store is closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Federated traces are for Apollo's hosted studio, which this gateway does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled(), refuseUnusableInput(), masking.plugin],
    formatError: masking.formatError,
  });
  const { url } = await startStandaloneServer(server, {
    context: async ({ req }) => {
      const header = req.headers[GATEWAY_TOKEN_HEADER];
      const identity = await verifyGatewayToken(
        Array.isArray(header) ? header[0] : header,
        options.gatewaySecret,
      );
      if (!identity) {
        throw new GraphQLError(`the ${name} subgraph answers only calls that come through the gateway`, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return { ...createSubgraphContext(hub, identity), search: options.search ?? null };
    },
    listen: { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
  });
  return { name, url, stop: () => server.stop() };
}
