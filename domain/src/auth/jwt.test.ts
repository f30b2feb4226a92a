import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtVerifier } from './jwt.js';

const secret = 'a-shared-secret-of-at-least-32-characters!';
const config = { issuer: 'https://idp.example', audience: 'dataspoke', secret, groupsClaim: 'groups' };

function token(claims: { exp?: number; iat?: number }): Promise<string> {
  const jwt = new SignJWT({ groups: ['da'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setSubject('alice');
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A leaked token must stop working: JWTs must expire, and not too far in the future. */
describe('JWT lifetime', () => {
  const now = Math.floor(Date.now() / 1000);

  it('accepts a token within the maximum lifetime', async () => {
    const verify = await createJwtVerifier({ ...config, maxLifetimeSeconds: 3600 });
    expect(await verify(await token({ iat: now, exp: now + 600 }))).toMatchObject({ subject: 'alice' });
  });

  it('refuses a token without exp, saying why', async () => {
    const reasons: string[] = [];
    const verify = await createJwtVerifier(config, (r) => reasons.push(r));
    expect(await verify(await token({ iat: now }))).toBeNull();
    expect(reasons.join()).toMatch(/exp/);
  });

  it('refuses a token whose exp - iat or exp - now exceeds the maximum', async () => {
    const reasons: string[] = [];
    const verify = await createJwtVerifier({ ...config, maxLifetimeSeconds: 3600 }, (r) => reasons.push(r));
    expect(await verify(await token({ iat: now, exp: now + 7200 }))).toBeNull();
    expect(reasons.at(-1)).toMatch(/ERR_JWT_LIFETIME: .*exp - iat = 7200 s.*3600/);
    expect(await verify(await token({ exp: now + 7200 }))).toBeNull();
    expect(reasons.at(-1)).toMatch(/ERR_JWT_LIFETIME: the token expires \d+ s from now/);
  });
});
