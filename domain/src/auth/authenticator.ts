import { looksLikeApiKey, type ApiKeyService } from './api-keys.js';
import { AuthError, OPEN_IDENTITY, type Identity } from './identity.js';
import type { JwtVerifier } from './jwt.js';

/**
 * Turns a request's Authorization header into an identity: `Bearer dsk_…` is an API key, any other bearer
 * token a JWT (when JWT is configured). With `open`, every request is the anonymous administrator.
 */
export interface Authenticator {
  readonly open: boolean;
  /** The caller's identity; AuthError UNAUTHENTICATED when the header is missing or not accepted. */
  authenticate(authorization: string | undefined): Promise<Identity>;
}

export function createAuthenticator(options: {
  open: boolean;
  apiKeys: ApiKeyService;
  jwt?: JwtVerifier | undefined;
}): Authenticator {
  const { open, apiKeys, jwt } = options;
  return {
    open,
    async authenticate(authorization) {
      if (open) return OPEN_IDENTITY;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) {
        throw new AuthError(
          'UNAUTHENTICATED',
          authorization
            ? 'the Authorization header must be "Bearer <API key or JWT>"'
            : 'no credentials: send Authorization: Bearer <API key> (create one with `dataspoke keys create`)',
        );
      }
      const token = match[1]!;
      if (looksLikeApiKey(token)) {
        const identity = await apiKeys.verify(token);
        if (!identity) throw new AuthError('UNAUTHENTICATED', 'the API key is unknown or revoked');
        return identity;
      }
      if (!jwt)
        throw new AuthError(
          'UNAUTHENTICATED',
          'the bearer token is not an API key and JWT is not configured',
        );
      const identity = await jwt(token);
      if (!identity)
        throw new AuthError('UNAUTHENTICATED', 'the JWT was refused (signature, issuer, audience or expiry)');
      return identity;
    },
  };
}
