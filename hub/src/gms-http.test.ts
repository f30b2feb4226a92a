import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InProcessEventBus } from './events/event-bus.js';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { EmbeddedHub } from './embedded-hub.js';
import { registerGmsRoutes } from './gms-http.js';
import { allowEveryAccess } from './access.js';
import { openGmsTestApp } from './testing/gms-app.js';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,orders,PROD)';
const ENCODED = encodeURIComponent(URN);
const HEADERS = { 'content-type': 'application/json', 'x-restli-protocol-version': '2.0.0' };

function mcp(aspectName: string, value: unknown, extra: Record<string, unknown> = {}) {
  return {
    entityType: 'dataset',
    entityUrn: URN,
    changeType: 'UPSERT',
    aspectName,
    aspect: { value: JSON.stringify(value), contentType: 'application/json' },
    systemMetadata: { lastObserved: 1700000000000, runId: 'test-run' },
    ...extra,
  };
}

describe('GMS-compatible Rest.li routes', () => {
  let store: Store;
  let hub: EmbeddedHub;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, hub, app } = await openGmsTestApp(4096));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const post = (url: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/gms${url}`, headers: HEADERS, payload: JSON.stringify(payload) });

  it('GET /config answers what the SDK checks, pointing it at Rest.li', async () => {
    const response = await app.inject({ method: 'GET', url: '/gms/config' });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body.noCode).toBe('true');
    expect(body.versions).toEqual({
      'acryldata/datahub': { version: 'v1.0.0', commit: 'dataspoke-embedded-hub' },
    });
    expect(response.headers['x-restli-protocol-version']).toBe('2.0.0');
  });

  it('ingestProposal stores the aspect; GET /aspects reads it keyed by its record name', async () => {
    const response = await post('/aspects?action=ingestProposal', {
      proposal: mcp('datasetProperties', { name: 'orders', customProperties: { a: 'b' } }),
      async: 'false',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ value: 'success' });
    const read = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${ENCODED}?aspect=datasetProperties&version=0`,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      urn: URN,
      aspect: { 'com.linkedin.dataset.DatasetProperties': { name: 'orders', customProperties: { a: 'b' } } },
      version: 0,
    });
    const entity = await app.inject({
      method: 'GET',
      url: `/gms/entitiesV2/${ENCODED}?aspects=List(datasetProperties,globalTags)`,
    });
    expect(entity.statusCode).toBe(200);
    expect(entity.json()).toMatchObject({
      urn: URN,
      entityName: 'dataset',
      aspects: {
        datasetProperties: {
          name: 'datasetProperties',
          type: 'VERSIONED',
          version: 0,
          value: { name: 'orders', customProperties: { a: 'b' } },
          systemMetadata: { runId: 'test-run' },
        },
      },
    });
  });

  it('a missing aspect is a 404 the SDK reads as None', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${ENCODED}?aspect=globalTags&version=0`,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error_code: 'NOT_FOUND', status: 404 });
  });

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/gms/aspects?action=ingestProposal',
      headers: HEADERS,
      payload: '{"proposal": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error_code: 'MALFORMED_JSON', status: 400 });
    expect(response.headers['x-restli-error-response']).toBe('true');
  });

  it('unknown aspect → 422 UNKNOWN_ASPECT with the reason in message', async () => {
    const response = await post('/aspects?action=ingestProposal', { proposal: mcp('noSuchAspect', {}) });
    expect(response.statusCode).toBe(422);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ error_code: 'UNKNOWN_ASPECT', status: 422 });
    expect(body.message).toMatch(/noSuchAspect/);
  });

  it('invalid urn → 400 INVALID_URN, on write and on read', async () => {
    const write = await post('/aspects?action=ingestProposal', {
      proposal: mcp('status', { removed: false }, { entityUrn: 'orders' }),
    });
    expect(write.statusCode).toBe(400);
    expect(write.json()).toMatchObject({ error_code: 'INVALID_URN' });
    const read = await app.inject({ method: 'GET', url: '/gms/aspects/not-an-urn?aspect=status' });
    expect(read.statusCode).toBe(400);
    expect(read.json()).toMatchObject({ error_code: 'INVALID_URN' });
  });

  it("reads every urn DataHub allows on an instance with fastify's default maxParamLength; refuses longer", async () => {
    // 400 characters (420 bytes URL-encoded): four times what a named route parameter takes by default.
    const name = 'n'.repeat(400 - 'urn:li:dataset:(urn:li:dataPlatform:hive,,PROD)'.length);
    const long = `urn:li:dataset:(urn:li:dataPlatform:hive,${name},PROD)`;
    expect(long).toHaveLength(400);
    const write = await post('/aspects?action=ingestProposal', {
      proposal: mcp('datasetProperties', { name: 'long', description: '' }, { entityUrn: long }),
    });
    expect(write.statusCode).toBe(200);
    const aspect = await app.inject({
      method: 'GET',
      url: `/gms/aspects/${encodeURIComponent(long)}?aspect=datasetProperties&version=0`,
    });
    expect(aspect.statusCode).toBe(200);
    expect(aspect.json()).toMatchObject({
      urn: long,
      aspect: { 'com.linkedin.dataset.DatasetProperties': { name: 'long', description: '' } },
    });
    const entity = await app.inject({ method: 'GET', url: `/gms/entitiesV2/${encodeURIComponent(long)}` });
    expect(entity.statusCode).toBe(200);
    expect(entity.json()).toMatchObject({ urn: long, aspects: { datasetProperties: { version: 0 } } });

    // One byte past DataHub's 512: refused on write and on read, with the code and the reason.
    const over = `urn:li:dataset:(urn:li:dataPlatform:hive,${'n'.repeat(512 - 20 - 47 + 1)},PROD)`;
    const refused = await post('/aspects?action=ingestProposal', {
      proposal: mcp('status', { removed: false }, { entityUrn: over }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error_code: 'INVALID_URN' });
    expect(refused.json<{ message: string }>().message).toMatch(
      /513 bytes URL-encoded; DataHub allows at most 512/,
    );
    for (const url of [
      `/gms/aspects/${encodeURIComponent(over)}?aspect=status`,
      `/gms/entitiesV2/${encodeURIComponent(over)}`,
      `/gms/entitiesV2/${encodeURIComponent(`urn:li:corpuser:${'x'.repeat(5000)}`)}`,
    ]) {
      const read = await app.inject({ method: 'GET', url });
      expect(read.statusCode, url).toBe(400);
      expect(read.json(), url).toMatchObject({ error_code: 'INVALID_URN' });
    }
  });

  it('a PATCH that does not apply → 422 PATCH_FAILED, and the stored aspect is untouched', async () => {
    const response = await post('/aspects?action=ingestProposal', {
      proposal: {
        ...mcp('datasetProperties', {}),
        changeType: 'PATCH',
        aspect: {
          // GMS makes a remove of what is absent a no-op; a replace of it fails.
          value: JSON.stringify([{ op: 'replace', path: '/customProperties/missing', value: 'x' }]),
          contentType: 'application/json-patch+json',
        },
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error_code: 'PATCH_FAILED' });
    expect((await hub.getAspect(URN, 'datasetProperties'))?.value).toEqual({
      name: 'orders',
      customProperties: { a: 'b' },
    });
  });

  it('an oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post('/aspects?action=ingestProposal', {
      proposal: mcp('datasetProperties', { name: 'x'.repeat(8192) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('a refused proposal refuses the whole batch, as GMS does: nothing is applied, every refusal is listed', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,refused_batch,PROD)';
    const response = await post('/aspects?action=ingestProposalBatch', {
      proposals: [
        mcp('status', { removed: false }, { entityUrn: urn }),
        mcp('noSuchAspect', {}, { entityUrn: urn }),
        {
          ...mcp('globalTags', {}, { entityUrn: urn }),
          aspect: { value: '{oops', contentType: 'application/json' },
        },
        mcp('globalTags', { tags: [{ tag: 'urn:li:tag:gold' }] }, { entityUrn: urn }),
      ],
      async: 'false',
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ error_code: 'BATCH_REFUSED', applied: 0, failed: 2 });
    expect(body.message).toMatch(/2 of 4 proposals were refused, so none of the batch was applied/);
    expect(body.failures).toMatchObject([
      { index: 1, code: 'UNKNOWN_ASPECT', aspectName: 'noSuchAspect' },
      { index: 2, code: 'INVALID_ASPECT', aspectName: 'globalTags' },
    ]);
    expect(await hub.getAspect(urn, 'status')).toBeUndefined();
    expect(await hub.getAspect(urn, 'datasetKey')).toBeUndefined();
  });

  it('a refusal found while applying rolls the whole batch back', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,rolled_back,PROD)';
    expect(
      (
        await post('/aspects?action=ingestProposal', {
          proposal: mcp('status', { removed: false }, { entityUrn: urn }),
        })
      ).statusCode,
    ).toBe(200);
    const response = await post('/aspects?action=ingestProposalBatch', {
      proposals: [
        mcp('datasetProperties', { name: 'rolled_back' }, { entityUrn: urn }),
        mcp('status', { removed: true }, { entityUrn: urn, changeType: 'CREATE' }),
      ],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error_code: 'ASPECT_ALREADY_EXISTS',
      failures: [{ index: 1, aspectName: 'status' }],
    });
    expect(await hub.getAspect(urn, 'datasetProperties')).toBeUndefined();
    expect((await hub.getAspect(urn, 'status'))?.value).toEqual({ removed: false });
  });

  it("a proposal whose urn does not fit its entity's key is skipped and the rest applied, as GMS does", async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,skipped_one,PROD)';
    const batch = await post('/aspects?action=ingestProposalBatch', {
      proposals: [
        mcp('status', { removed: false }, { entityUrn: urn }),
        mcp('status', { removed: false }, { entityUrn: 'urn:li:dataset:only_one_part' }),
      ],
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toMatchObject({
      value: 'success',
      skipped: [{ index: 1, code: 'INVALID_URN', urn: 'urn:li:dataset:only_one_part' }],
    });
    expect((await hub.getAspect(urn, 'status'))?.value).toEqual({ removed: false });
    expect(await hub.getAspect('urn:li:dataset:only_one_part', 'status')).toBeUndefined();
    // Alone, it leaves an empty batch: GMS answers success and writes nothing.
    const single = await post('/aspects?action=ingestProposal', {
      proposal: mcp('status', { removed: false }, { entityType: 'chart', entityUrn: 'urn:li:chart:no_tool' }),
    });
    expect(single.statusCode).toBe(200);
    expect(single.json<{ skipped: { reason: string }[] }>().skipped[0]?.reason).toMatch(
      /chartKey of a chart has 2 \(dashboardTool, chartId\)/,
    );
    expect(await hub.getAspect('urn:li:chart:no_tool', 'status')).toBeUndefined();
  });

  it('bad requests never 500: unknown action, missing proposal, non-object body', async () => {
    expect((await post('/aspects?action=explode', {})).statusCode).toBe(400);
    expect((await post('/aspects?action=ingestProposal', {})).json()).toMatchObject({
      error_code: 'INVALID_PROPOSAL',
    });
    expect((await post('/aspects?action=ingestProposalBatch', [1, 2])).statusCode).toBe(400);
    expect((await post('/aspects?action=ingestProposalBatch', { proposals: 'x' })).statusCode).toBe(400);
  });

  it('emit_mce: /entities?action=ingest applies each snapshot aspect', async () => {
    const response = await post('/entities?action=ingest', {
      entity: {
        value: {
          'com.linkedin.metadata.snapshot.DatasetSnapshot': {
            urn: URN,
            aspects: [{ 'com.linkedin.common.Status': { removed: true } }],
          },
        },
      },
      systemMetadata: { lastObserved: 1, runId: 'mce' },
    });
    expect(response.statusCode).toBe(200);
    expect((await hub.getAspect(URN, 'status'))?.value).toEqual({ removed: true });
  });

  it('emit_mce: a snapshot with an aspect the hub refuses is refused whole, as GMS ingests it as one batch', async () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,mce_refused,PROD)';
    const response = await post('/entities?action=ingest', {
      entity: {
        value: {
          'com.linkedin.metadata.snapshot.DatasetSnapshot': {
            urn,
            aspects: [
              { 'com.linkedin.common.Status': { removed: false } },
              { 'com.linkedin.common.NoSuchAspect': {} },
            ],
          },
        },
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error_code: 'UNKNOWN_ASPECT', failures: [{ index: 1 }] });
    expect(await hub.getAspect(urn, 'status')).toBeUndefined();
  });
});

describe('GMS routes when the store runs out of space', () => {
  it('a write that hits ENOSPC is refused with 507 INSUFFICIENT_STORAGE, not a 500', async () => {
    const store = await openMemoryStore();
    const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
    const app = Fastify({ logger: false });
    await app.register(registerGmsRoutes, {
      prefix: '/gms',
      hub,
      maxBodyBytes: 4096,
      authorize: allowEveryAccess,
    });
    // The storage guard normally refuses first; this is the write that got past it as the disk filled.
    const full = vi.spyOn(hub, 'ingest').mockRejectedValue(
      Object.assign(
        new Error('could not write to file "pg_wal/000000010000000000000001": No space left on device'),
        {
          code: '53100',
        },
      ),
    );
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/gms/aspects?action=ingestProposal',
        headers: HEADERS,
        payload: JSON.stringify({ proposal: mcp('status', { removed: false }) }),
      });
      expect(response.statusCode).toBe(507);
      expect(response.json()).toMatchObject({ error_code: 'INSUFFICIENT_STORAGE', status: 507 });
    } finally {
      full.mockRestore();
      await app.close();
      await store.close();
    }
  });
});
