import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from './embedded-stack.js';
import { buildServer } from './server.js';

const JWT_SECRET = 'a-test-secret-of-at-least-32-characters!';

function jwt(claims: Record<string, unknown>, options: { audience?: string; expiresIn?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('sam@acme.example')
    .setIssuer('https://idp.acme.example')
    .setAudience(options.audience ?? 'dataspoke')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Every request to /graphql, /api and /gms carries an identity: API keys and JWTs, checked over HTTP. */
describe('authentication at the front door', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-auth-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  let keys: ApiKeyService;

  const identity = (authorization?: string) =>
    app.inject({ method: 'GET', url: '/api/v1/identity', headers: authorization ? { authorization } : {} });
  const graphql = (query: string, authorization: string) =>
    app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers: { authorization } });

  beforeAll(async () => {
    stack = await openEmbeddedStack(
      loadConfig({
        DATASPOKE_DATA_DIR: dataDir,
        DATASPOKE_DEMO: 'false',
        DATASPOKE_JWT_ISSUER: 'https://idp.acme.example',
        DATASPOKE_JWT_AUDIENCE: 'dataspoke',
        DATASPOKE_JWT_SECRET: JWT_SECRET,
      }),
    );
    keys = new ApiKeyService(stack.store);
    app = await buildServer(stack, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses requests without credentials with 401, the standard error body and a Bearer challenge', async () => {
    for (const url of ['/api/v1/identity', '/gms/aspects/x?aspect=status']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });
      expect(res.json<{ message: string }>().message).toContain('Bearer');
      expect(res.json<{ trace_id: string }>().trace_id).toBeTruthy();
    }
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    // What DataHub clients read before they authenticate, and the health probe, stay open.
    expect((await app.inject({ method: 'GET', url: '/gms/config' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('accepts an API key until it is revoked, and stores only a hash of it', async () => {
    const created = await keys.create('ana', ['da']);
    expect(created.key).toMatch(/^dsk_[A-Za-z0-9]{12}_/);
    const ok = await identity(`Bearer ${created.key}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ subject: `ana (key ${created.id})`, groups: ['da'], auth: 'api_key' });
    const stored = await stack.store.query<{ secret_hash: string }>(
      sql`select secret_hash from spoke.api_key where id = ${created.id}`,
    );
    expect(stored[0]!.secret_hash).not.toContain(created.key.split('_')[2]!);
    // A key with a changed secret is refused, as is the right key after revocation.
    const tampered = created.key.slice(0, -2) + (created.key.endsWith('AA') ? 'BB' : 'AA');
    expect((await identity(`Bearer ${tampered}`)).statusCode).toBe(401);
    expect(await keys.revoke(created.id)).toBe(true);
    const revoked = await identity(`Bearer ${created.key}`);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json<{ message: string }>().message).toContain('revoked');
    expect((await identity('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).statusCode).toBe(401);
  });

  it('accepts a JWT from the configured issuer and audience, with its groups claim', async () => {
    const ok = await identity(`Bearer ${await jwt({ groups: ['dg', 'not-a-group'] })}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ subject: 'sam@acme.example', groups: ['dg'], auth: 'jwt' });
    expect(
      (await identity(`Bearer ${await jwt({ groups: ['dg'] }, { audience: 'other' })}`)).statusCode,
    ).toBe(401);
    expect((await identity(`Bearer ${await jwt({ groups: ['dg'] }, { expiresIn: '-5m' })}`)).statusCode).toBe(
      401,
    );
  });

  it('gates group-owned root fields: FORBIDDEN for the wrong group, answered for the right one', async () => {
    const analyst = await keys.create('ana', ['da']);
    const steward = await jwt({ groups: 'dg' });
    const summary = '{ catalogSummary { datasets } }';
    const refused = await graphql(summary, `Bearer ${analyst.key}`);
    expect(refused.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const answered = await graphql(summary, `Bearer ${steward}`);
    expect(answered.json()).toEqual({ data: { catalogSummary: { datasets: 0 } } });
  });
});

describe('authentication with --open', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-open-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_DEMO: 'false' }));
    app = await buildServer(stack, { logger: false, open: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('treats every request as an anonymous administrator', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/identity' });
    expect(res.json()).toEqual({ subject: 'anonymous', groups: ['admin'], auth: 'open' });
  });
});
