import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
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
    /** More routes beside /graphql on the same port, such as the process's /health and /ready probes. */
    routes?: (app: FastifyInstance) => void;
  },
): Promise<ServedSubgraph> {
  const masking = errorMasking(options.log);
  const app = Fastify();
  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchemas(options.services)[name],
    // The command's shutdown path (gateway/src/commands/signals.ts) stops this server; Apollo's own handler
    // would re-send the signal and end the process before the store is closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Federated traces are for Apollo's hosted studio, which this gateway does not report to. The drain plugin
    // lets requests under way finish when the server stops.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      refuseUnusableInput(),
      masking.plugin,
      fastifyApolloDrainPlugin(app),
    ],
    formatError: masking.formatError,
  });
  await server.start();
  // A kept-alive connection would hold the HTTP server open after its last answer: once stopping, each answer
  // closes its connection.
  let stopping = false;
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) void reply.header('connection', 'close');
  });
  options.routes?.(app);
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/',
    handler: fastifyApolloHandler(server, {
      context: async (request) => {
        const header = request.headers[GATEWAY_TOKEN_HEADER];
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
    }),
  });
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    name,
    url: `${address}/`,
    // Apollo's drain phase closes the HTTP server (the drain plugin): no new requests, those under way finish.
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}
