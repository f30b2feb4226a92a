import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
  type KeyObject,
} from 'jose';
import { isGroup, type Identity } from './identity.js';

/**
 * JWT bearer tokens from the organisation's identity provider: checked against the configured issuer,
 * audience and key (a JWKS URL, a PEM public key, or a shared HS256 secret), with the groups read from a
 * configurable claim (a list, or a space- or comma-separated string).
 */
export interface JwtConfig {
  issuer: string;
  audience: string;
  jwksUrl?: string | undefined;
  publicKeyPem?: string | undefined;
  secret?: string | undefined;
  groupsClaim: string;
  /**
   * Longest life a token may claim (exp - iat) or have left (exp - now), in seconds; default a day. A token
   * without exp would be good forever once leaked, so it is refused.
   */
  maxLifetimeSeconds?: number | undefined;
}

/** The default of DATASPOKE_JWT_MAX_LIFETIME_SECONDS. */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 24 * 3600;

/** Why a verified token's lifetime is refused, or null when it is within the bound. */
export function jwtLifetimeProblem(
  payload: { exp?: number | undefined; iat?: number | undefined },
  maxSeconds: number,
  nowSeconds: number,
): string | null {
  if (typeof payload.exp !== 'number') return 'the token has no exp claim (tokens must expire)';
  if (typeof payload.iat === 'number' && payload.exp - payload.iat > maxSeconds)
    return `the token's lifetime (exp - iat = ${payload.exp - payload.iat} s) exceeds DATASPOKE_JWT_MAX_LIFETIME_SECONDS=${maxSeconds}`;
  if (payload.exp - nowSeconds > maxSeconds)
    return `the token expires ${payload.exp - nowSeconds} s from now, beyond DATASPOKE_JWT_MAX_LIFETIME_SECONDS=${maxSeconds}`;
  return null;
}

export type JwtVerifier = (token: string) => Promise<Identity | null>;

/** What a refused token was wrong about, for logs (the caller only learns it was refused). */
export type JwtRejection = (reason: string) => void;

export async function createJwtVerifier(
  config: JwtConfig,
  onReject: JwtRejection = () => {},
): Promise<JwtVerifier> {
  let key: JWTVerifyGetKey | KeyObject | Uint8Array;
  let algorithms: string[];
  if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000 });
    algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
  } else if (config.publicKeyPem) {
    const pem = config.publicKeyPem.replace(/\\n/g, '\n');
    const alg = pem.includes('BEGIN PUBLIC KEY') ? await detectAlgorithm(pem) : 'RS256';
    key = await importSPKI(pem, alg);
    algorithms = [alg];
  } else if (config.secret) {
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256', 'HS384', 'HS512'];
  } else {
    throw new Error('JWT verification needs a JWKS URL, a public key or a secret');
  }
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as KeyObject, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: 30,
        requiredClaims: ['exp'],
      });
      const tooLong = jwtLifetimeProblem(
        payload,
        config.maxLifetimeSeconds ?? DEFAULT_JWT_MAX_LIFETIME_SECONDS,
        Math.floor(Date.now() / 1000),
      );
      if (tooLong) {
        onReject(`ERR_JWT_LIFETIME: ${tooLong}`);
        return null;
      }
      const claim = payload[config.groupsClaim];
      const raw = Array.isArray(claim)
        ? claim.filter((g): g is string => typeof g === 'string')
        : typeof claim === 'string'
          ? claim.split(/[\s,]+/)
          : [];
      return { subject: payload.sub ?? 'jwt', groups: raw.filter(isGroup), via: 'jwt' };
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        onReject(`${error.code}: ${error.message}`);
        return null;
      }
      throw error;
    }
  };
}

/** The signature algorithm a PEM public key is for (RSA → RS256, P-256 → ES256, Ed25519 → EdDSA). */
async function detectAlgorithm(pem: string): Promise<string> {
  const { createPublicKey } = await import('node:crypto');
  const keyObject = createPublicKey(pem);
  switch (keyObject.asymmetricKeyType) {
    case 'ec':
      return keyObject.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'ES384' : 'ES256';
    case 'ed25519':
      return 'EdDSA';
    default:
      return 'RS256';
  }
}
