import { jwtVerify, SignJWT, errors } from 'jose';
import { isGroup, type Identity } from './identity.js';

/**
 * How the gateway hands a caller's identity to subgraphs that run as their own servers: a short-lived token
 * signed with a secret only the gateway and the subgraphs share. A subgraph refuses any call without a
 * valid one, so nothing reaches it except through the gateway's authentication.
 */
export const GATEWAY_TOKEN_HEADER = 'x-dataspoke-gateway-token';
const ISSUER = 'dataspoke-gateway';
const AUDIENCE = 'dataspoke-subgraph';

export async function signGatewayToken(identity: Identity, secret: string): Promise<string> {
  return new SignJWT({ groups: [...identity.groups], via: identity.via })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(new TextEncoder().encode(secret));
}

/** The identity a gateway token carries, or null when it is missing, forged or expired. */
export async function verifyGatewayToken(
  token: string | undefined,
  secret: string,
): Promise<Identity | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    const groups = Array.isArray(payload.groups)
      ? payload.groups.filter((g): g is string => typeof g === 'string')
      : [];
    const via = payload.via === 'jwt' || payload.via === 'open' ? payload.via : 'api_key';
    return { subject: payload.sub ?? 'unknown', groups: groups.filter(isGroup), via };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
