import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerHubGraphqlRoute } from '@dataspoke/domain/hub/graphql/index';
import { registerGmsRoutes } from '@dataspoke/domain/hub/gms-http';
import type { EmbeddedStack } from './embedded-stack.js';
import { registerFederatedGraphql } from './graphql/gateway.js';
import { installErrorHandling } from './http-errors.js';
import { registerWebUi } from './web-ui.js';

export interface ServerOptions {
  /** fastify logger; false in tests. */
  logger?: boolean;
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
    logger: options.logger === false ? false : { level: config.server.logLevel },
    bodyLimit: config.server.maxBodyBytes,
    genReqId: () => randomUUID(),
  });
  installErrorHandling(app);

  app.get('/health', () => ({ status: 'ok', hub: config.hub.kind, store: stack.store.kind }));

  // With a real DataHub configured, DataHub's own GMS is the hub: the embedded one is not served.
  if (config.hub.kind === 'embedded') {
    await app.register(
      async (gms) => {
        await registerHubRoutes(gms, stack);
      },
      { prefix: '/gms' },
    );
  }
  await registerFederatedGraphql(app, stack.hubPort);
  await registerWebUi(app);
  return app;
}

async function registerHubRoutes(gms: FastifyInstance, stack: EmbeddedStack): Promise<void> {
  await gms.register(registerGmsRoutes, { hub: stack.hub, maxBodyBytes: stack.config.server.maxBodyBytes });
  registerHubGraphqlRoute(gms, { hub: stack.hub, store: stack.store });
}
