import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { createAuthenticator, type Authenticator } from '@dataspoke/domain/auth/authenticator';
import { AuthError, type Identity } from '@dataspoke/domain/auth/identity';
import { createJwtVerifier } from '@dataspoke/domain/auth/jwt';
import type { AuthConfig } from '@dataspoke/platform/config/config';
import type { Store } from '@dataspoke/platform/store/db';
import { errorBody } from './http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, authenticated before any protected route runs; null on public routes (/health, the UI). */
    identity: Identity | null;
  }
}

/**
 * Routes anyone may call, by the pattern the router matched (never by the raw URL, which the router decodes
 * and a client can spell many ways): health, the hub's /config (DataHub clients read it before they
 * authenticate, as on GMS) and the web UI's static files. Every other route needs an identity.
 */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  '/health',
  '/ready',
  '/gms/config',
  '/web-config.json',
  '/',
  '/*',
  '/assets/*',
]);

/** Whether the matched route is public; a request that matched no route reaches only the 404 answer. */
export function isPublicRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route === undefined || PUBLIC_ROUTES.has(route);
}

export async function buildAuthenticator(
  config: AuthConfig,
  store: Store,
  open: boolean,
): Promise<Authenticator> {
  const jwt =
    config.jwtIssuer && config.jwtAudience
      ? await createJwtVerifier({
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
          jwksUrl: config.jwtJwksUrl,
          publicKeyPem: config.jwtPublicKey,
          secret: config.jwtSecret,
          groupsClaim: config.jwtGroupsClaim,
          maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
        })
      : undefined;
  return createAuthenticator({ open, apiKeys: new ApiKeyService(store), jwt });
}

/** Refusals keep each surface's own error shape: GraphQL errors on /graphql, the REST error body elsewhere. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: AuthError) {
  const status = error.code === 'FORBIDDEN' ? 403 : 401;
  if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="dataspoke"');
  if (request.routeOptions.url === '/graphql') {
    return reply
      .status(status)
      .send({ errors: [{ message: error.message, extensions: { code: error.code } }] });
  }
  return reply.status(status).send(errorBody(error.code, error.message, request.id));
}

/** Authenticates every request to a protected path before its handler runs. */
export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request, reply) => {
    if (isPublicRoute(request)) return;
    // CORS preflights carry no credentials by design.
    if (request.method === 'OPTIONS') return;
    try {
      request.identity = await authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof AuthError) return refuse(request, reply, error);
      throw error;
    }
  });
  app.get('/api/v1/identity', (request) => ({
    subject: request.identity?.subject,
    groups: request.identity?.groups,
    auth: request.identity?.via,
  }));
}
