import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import type { Group } from '@dataspoke/domain/auth/identity';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';

/**
 * Attacks on the front door, as issue #22 found them and as a careless or hostile client would vary them: no
 * spelling of a protected path reaches its handler without an identity, and each group holds exactly the
 * rights on the hub that docs/security.md gives it.
 */

const DATASET = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const VICTIM = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.victim,PROD)';
const PLANTED = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.planted,PROD)';
const enc = encodeURIComponent;

const upsert = (urn: string, aspectName: string, value: unknown) => ({
  entityType: 'dataset',
  entityUrn: urn,
  changeType: 'UPSERT',
  aspectName,
  aspect: { contentType: 'application/json', value: JSON.stringify(value) },
});
/** The decoded form the hub's own ingest takes (the wire form above is what clients send). */
const stored = (urn: string, aspectName: string, aspect: unknown) => ({
  entityType: 'dataset',
  entityUrn: urn,
  changeType: 'UPSERT' as const,
  aspectName,
  aspect,
});
const ownership = {
  owners: [{ owner: 'urn:li:corpuser:jdoe', type: 'DATAOWNER' }],
  lastModified: { time: 0, actor: 'urn:li:corpuser:jdoe' },
};

/** Spellings of one protected path: each letter percent-encoded (both hex cases), double encoding, dot and
 * empty segments, absolute-form, case, matrix params, trailing dots, backslashes and encoded slashes. */
function spellings(pathname: string): string[] {
  const out = new Set<string>();
  for (let i = 1; i < pathname.length; i++) {
    const c = pathname[i]!;
    if (!/[a-z]/i.test(c)) continue;
    const hex = c.charCodeAt(0).toString(16);
    for (const code of [hex.toUpperCase(), hex.toLowerCase()]) {
      out.add(`${pathname.slice(0, i)}%${code}${pathname.slice(i + 1)}`);
    }
    out.add(`${pathname.slice(0, i)}%25${hex}${pathname.slice(i + 1)}`);
  }
  const [, first, ...rest] = pathname.split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  out.add(`/${pathname}`);
  out.add(`//${first}/${tail}`);
  out.add(`/./${first}${tail}`);
  out.add(`/health/../${first}${tail}`);
  out.add(`/health/%2e%2e/${first}${tail}`);
  out.add(`/health/%252e%252e/${first}${tail}`);
  out.add(`/assets/../${first}${tail}`);
  out.add(`/${first!.toUpperCase()}${tail}`);
  out.add(`/${first};x=1${tail}`);
  out.add(`/${first}.${tail}`);
  out.add(`/${first}%2F${rest.join('%2F')}`);
  out.add(`\\${first}${tail.replace(/\//g, '\\')}`);
  out.add(`/\\${first}${tail}`);
  out.add(`http://x${pathname}`);
  out.add(`HTTP://x:4000${pathname}`);
  out.add(`http://x/health/..${pathname}`);
  return [...out];
}

describe('security: the front door', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-security-'));
  let stack: EmbeddedStack;
  let app: FastifyInstance;
  const keys: Partial<Record<Group, string>> = {};

  const latest = async (urn: string) => (await stack.hub.getLatestAspects([urn])).get(urn);

  beforeAll(async () => {
    stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_DEMO: 'false' }));
    const service = new ApiKeyService(stack.store);
    for (const group of ['de', 'da', 'dg', 'admin'] as const) {
      keys[group] = (await service.create(`${group} key`, [group])).key;
    }
    await stack.hub.ingest([
      stored(DATASET, 'datasetProperties', { name: 'orders', customProperties: {} }),
      stored(DATASET, 'ownership', ownership),
    ]);
    app = await buildServer(stack, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('no spelling of a hub write reaches the hub without a key', async () => {
    const targets = spellings('/gms/aspects').map((p) => `${p}?action=ingestProposal`);
    expect(targets.length).toBeGreaterThan(30);
    for (const url of targets) {
      for (const proposal of [
        upsert(PLANTED, 'status', { removed: false }),
        { entityType: 'dataset', entityUrn: DATASET, changeType: 'DELETE', aspectName: 'ownership' },
      ]) {
        const res = await app.inject({ method: 'POST', url, payload: { proposal } });
        // Never 403: that is the hub's rights refusing a caller authentication let through without a key.
        expect([400, 401, 404], `${url} answered ${res.statusCode}`).toContain(res.statusCode);
      }
    }
    expect(await latest(PLANTED)).toBeUndefined();
    expect((await latest(DATASET))?.get('ownership')?.value).toEqual(ownership);
  });

  it('no spelling of a hub read, the hub GraphQL or the federated GraphQL answers without a key', async () => {
    const reads = [
      ...spellings(`/gms/entitiesV2/${enc(DATASET)}`),
      ...spellings(`/gms/aspects/${enc(DATASET)}`).map((p) => `${p}?aspect=ownership`),
      ...spellings('/gms/api/graphql').map((p) => `${p}?query=${enc('{ dataset(urn: "x") { urn } }')}`),
      ...spellings('/graphql').map((p) => `${p}?query=${enc('{ __schema { types { name } } }')}`),
      ...spellings('/api/v1/identity'),
    ];
    for (const url of reads) {
      const res = await app.inject({ method: 'GET', url });
      // A path that names no API route may be a client route of the UI: its shell, never data.
      const uiShell = res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html');
      if (!uiShell) {
        expect([400, 401, 404], `${url} answered ${res.statusCode}: ${res.body.slice(0, 80)}`).toContain(
          res.statusCode,
        );
      }
      // Error bodies may echo the path; none holds what the hub stores.
      expect(res.body).not.toContain('DATAOWNER');
      expect(res.body).not.toContain('datasetProperties');
      expect(res.body).not.toContain('__Schema');
    }
  });

  it('the same spellings with a key reach the route they name', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/%67ms/entitiesV2/${enc(DATASET)}`,
      headers: { authorization: `Bearer ${keys.da}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ urn: DATASET });
    const bad = await app.inject({ method: 'GET', url: '/gms/entitiesV2/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error_code: 'INVALID_REQUEST_TARGET' });
  });

  it('an absolute-form target on a real socket is authenticated like its path', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (target: string, authorization?: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString('latin1')));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
        socket.write(
          `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
            (authorization ? `Authorization: ${authorization}\r\n` : '') +
            '\r\n',
        );
      });
    for (const target of [
      `http://x/gms/entitiesV2/${enc(DATASET)}`,
      `http://x/%67ms/entitiesV2/${enc(DATASET)}`,
      `http://x//gms/./entitiesV2/${enc(DATASET)}`,
    ]) {
      const anonymous = await raw(target);
      expect(anonymous.split('\r\n')[0], target).toMatch(/^HTTP\/1\.1 (401|404|400)/);
      expect(anonymous).not.toContain('shop.public.orders');
    }
    const withKey = await raw(`http://x/gms/entitiesV2/${enc(DATASET)}`, `Bearer ${keys.de}`);
    expect(withKey.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(withKey).toContain('shop.public.orders');
  });

  describe('rights by group (docs/security.md)', () => {
    type Who = Group | 'none';
    const WHO: Who[] = ['none', 'da', 'de', 'dg', 'admin'];
    const RIGHTS = {
      read: ['da', 'de', 'dg', 'admin'],
      write: ['de', 'dg', 'admin'],
      delete: ['admin'],
    } as const;

    interface Case {
      name: string;
      right: keyof typeof RIGHTS | 'de' | 'da' | 'dg' | 'any';
      request: () => { method: 'GET' | 'POST'; url: string; payload?: object };
      /** What must not have changed when refused. */
      unchanged?: () => Promise<void>;
    }
    let n = 0;
    const fresh = () => `urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.t${++n},PROD)`;
    const cases: Case[] = [
      {
        name: 'GET /gms/aspects/:urn',
        right: 'read',
        request: () => ({ method: 'GET', url: `/gms/aspects/${enc(DATASET)}?aspect=ownership` }),
      },
      {
        name: 'GET /gms/entitiesV2/:urn',
        right: 'read',
        request: () => ({ method: 'GET', url: `/gms/entitiesV2/${enc(DATASET)}` }),
      },
      {
        name: 'POST getTimeseriesAspectValues',
        right: 'read',
        request: () => ({
          method: 'POST',
          url: '/gms/aspects?action=getTimeseriesAspectValues',
          payload: { urn: DATASET, entity: 'dataset', aspect: 'datasetProfile' },
        }),
      },
      {
        name: 'POST /gms/api/graphql',
        right: 'read',
        request: () => ({
          method: 'POST',
          url: '/gms/api/graphql',
          payload: { query: `{ dataset(urn: "${DATASET}") { urn } }` },
        }),
      },
      {
        name: 'ingestProposal UPSERT',
        right: 'write',
        request: () => ({
          method: 'POST',
          url: '/gms/aspects?action=ingestProposal',
          payload: { proposal: upsert(fresh(), 'status', { removed: false }) },
        }),
      },
      {
        name: 'ingestProposal PATCH',
        right: 'write',
        request: () => ({
          method: 'POST',
          url: '/gms/aspects?action=ingestProposal',
          payload: {
            proposal: {
              entityType: 'dataset',
              entityUrn: fresh(),
              changeType: 'PATCH',
              aspectName: 'globalTags',
              aspect: {
                contentType: 'application/json-patch+json',
                value: JSON.stringify([
                  { op: 'add', path: '/tags/urn:li:tag:pii', value: { tag: 'urn:li:tag:pii' } },
                ]),
              },
            },
          },
        }),
      },
      {
        name: 'POST /gms/entities?action=ingest',
        right: 'write',
        request: () => ({
          method: 'POST',
          url: '/gms/entities?action=ingest',
          payload: {
            entity: {
              value: {
                'com.linkedin.metadata.snapshot.DatasetSnapshot': {
                  urn: fresh(),
                  aspects: [{ 'com.linkedin.common.Status': { removed: false } }],
                },
              },
            },
          },
        }),
      },
      {
        name: 'ingestProposal DELETE',
        right: 'delete',
        request: () => ({
          method: 'POST',
          url: '/gms/aspects?action=ingestProposal',
          payload: {
            proposal: {
              entityType: 'dataset',
              entityUrn: VICTIM,
              changeType: 'DELETE',
              aspectName: 'ownership',
            },
          },
        }),
        unchanged: async () => expect((await latest(VICTIM))?.get('ownership')?.value).toEqual(ownership),
      },
      {
        name: 'ingestProposalBatch with one DELETE',
        right: 'delete',
        request: () => ({
          method: 'POST',
          url: '/gms/aspects?action=ingestProposalBatch',
          payload: {
            proposals: [
              upsert(fresh(), 'status', { removed: false }),
              { entityType: 'dataset', entityUrn: VICTIM, changeType: 'DELETE', aspectName: 'ownership' },
            ],
          },
        }),
        unchanged: async () => expect((await latest(VICTIM))?.get('ownership')?.value).toEqual(ownership),
      },
      {
        name: 'POST /graphql',
        right: 'any',
        request: () => ({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } }),
      },
      {
        name: 'GET de/validations',
        right: 'de',
        request: () => ({ method: 'GET', url: '/api/v1/spoke/de/validations' }),
      },
      {
        name: 'GET da/search',
        right: 'da',
        request: () => ({ method: 'GET', url: '/api/v1/spoke/da/search?q=orders' }),
      },
      {
        name: 'GET dg/summary',
        right: 'dg',
        request: () => ({ method: 'GET', url: '/api/v1/spoke/dg/summary' }),
      },
    ];

    const allowed = (who: Who, right: Case['right']): boolean => {
      if (who === 'none') return false;
      if (right === 'any') return true;
      if (right in RIGHTS) return (RIGHTS[right as keyof typeof RIGHTS] as readonly string[]).includes(who);
      return who === right || who === 'admin';
    };

    for (const c of cases) {
      it(`${c.name}: ${WHO.map((w) => `${w} ${allowed(w, c.right) ? 'yes' : 'no'}`).join(', ')}`, async () => {
        // Refusals first, so a delete that is allowed (admin) runs after every refused attempt was checked.
        const order = [...WHO].sort((a, b) => Number(allowed(a, c.right)) - Number(allowed(b, c.right)));
        for (const who of order) {
          if (c.unchanged && who === 'admin') {
            await c.unchanged();
          }
          const request = c.request();
          const res = await app.inject({
            ...request,
            headers: who === 'none' ? {} : { authorization: `Bearer ${keys[who]}` },
          });
          if (allowed(who, c.right)) {
            expect([401, 403], `${who}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
            expect(res.statusCode, `${who}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          } else {
            expect(res.statusCode, `${who}: ${res.body.slice(0, 200)}`).toBe(who === 'none' ? 401 : 403);
            expect(res.body).toMatch(who === 'none' ? /credentials|identity/i : /group/);
          }
        }
      });
    }

    // Each case starts with the victim's ownership in place (an allowed delete removes it).
    beforeEach(async () => {
      await stack.hub.ingest([stored(VICTIM, 'ownership', ownership)]);
    });
  });
});
