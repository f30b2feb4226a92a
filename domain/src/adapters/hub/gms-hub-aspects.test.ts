import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowEveryAccess } from '@dataspoke/hub/access';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { HubConditionFailedError } from '../../ports/hub-aspects.js';
import { HubPortError } from '../../ports/hub-port.js';
import { createEmbeddedHubAspects } from './embedded-hub-aspects.js';
import { createGmsHubAspects } from './gms-hub-aspects.js';

/**
 * The GMS aspect reader and writer (DataHub GMS cannot run here) against the embedded hub's GMS-compatible
 * Rest.li routes, the ones DataHub's Python SDK is tested against: a PATCH written over HTTP reads back the
 * same through both adapters.
 */
describe('GMS aspect reader and writer, against the embedded hub served over GMS routes', () => {
  let store: Store;
  let hub: EmbeddedHub;
  let app: FastifyInstance;
  let url: string;
  const URN = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';

  beforeAll(async () => {
    store = await openMemoryStore();
    hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
    app = Fastify();
    await app.register(registerGmsRoutes, { hub, maxBodyBytes: 1_000_000, authorize: allowEveryAccess });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('writes PATCH proposals with ingestProposalBatch and reads the latest aspects back', async () => {
    const gms = createGmsHubAspects({ url });
    await gms.write(
      [
        {
          entityType: 'dataset',
          entityUrn: URN,
          changeType: 'PATCH',
          aspectName: 'editableDatasetProperties',
          aspect: [{ op: 'add', path: '/description', value: 'Orders, one row per order.' }],
        },
        {
          entityType: 'dataset',
          entityUrn: URN,
          changeType: 'PATCH',
          aspectName: 'domains',
          aspect: [{ op: 'add', path: '/domains/urn:li:domain:sales', value: 'urn:li:domain:sales' }],
        },
      ],
      'urn:li:corpuser:dataspoke',
    );
    const names = ['editableDatasetProperties', 'domains', 'viewProperties'];
    const overHttp = (await gms.getAspects([URN], names)).get(URN)!;
    expect(overHttp.get('editableDatasetProperties')?.value.description).toBe('Orders, one row per order.');
    expect(overHttp.get('domains')?.value.domains).toEqual(['urn:li:domain:sales']);
    expect(overHttp.has('viewProperties')).toBe(false);
    const inProcess = (await createEmbeddedHubAspects(hub).getAspects([URN], names)).get(URN)!;
    expect([...overHttp.keys()].sort()).toEqual([...inProcess.keys()].sort());
    for (const [name, a] of inProcess) expect(overHttp.get(name)?.value).toEqual(a.value);
  });

  it('leaves an unknown entity out, and reports a refused write as a hub error', async () => {
    const gms = createGmsHubAspects({ url });
    const missing = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.nothing,PROD)';
    expect((await gms.getAspects([missing], ['domains'])).has(missing)).toBe(false);
    await expect(
      gms.write(
        [
          {
            entityType: 'dataset',
            entityUrn: URN,
            changeType: 'PATCH',
            aspectName: 'noSuchAspect',
            aspect: [],
          },
        ],
        'urn:li:corpuser:dataspoke',
      ),
    ).rejects.toBeInstanceOf(HubPortError);
    await expect(
      createGmsHubAspects({ url: 'http://127.0.0.1:9' }).getAspects([URN], ['domains']),
    ).rejects.toMatchObject({
      code: 'DATAHUB_UNAVAILABLE',
    });
  });

  it('sends If-Version-Match with the proposal: a write against a version that moved on is refused', async () => {
    const gms = createGmsHubAspects({ url });
    const describe = (text: string, headers?: Record<string, string>) => ({
      entityType: 'dataset',
      entityUrn: URN,
      changeType: 'PATCH' as const,
      aspectName: 'editableDatasetProperties',
      aspect: [{ op: 'add', path: '/description', value: text }],
      ...(headers && { headers }),
    });
    const read = (await gms.getAspects([URN], ['editableDatasetProperties'])).get(URN)!;
    const version = read.get('editableDatasetProperties')!.version!;
    expect(version).toMatch(/^\d+$/);
    // Someone else writes first; the write conditioned on what was read is refused and changes nothing.
    await gms.write([describe("A person's text.")], 'urn:li:corpuser:carol');
    await expect(
      gms.write([describe('Stale text.', { 'If-Version-Match': version })], 'urn:li:corpuser:dataspoke'),
    ).rejects.toBeInstanceOf(HubConditionFailedError);
    const after = (await gms.getAspects([URN], ['editableDatasetProperties'])).get(URN)!;
    expect(after.get('editableDatasetProperties')?.value.description).toBe("A person's text.");
    // Conditioned on the current version, it is written; -1 means "only if it does not exist".
    await gms.write(
      [describe('Fresh text.', { 'If-Version-Match': after.get('editableDatasetProperties')!.version! })],
      'urn:li:corpuser:dataspoke',
    );
    expect((await hub.getAspect(URN, 'editableDatasetProperties'))?.value.description).toBe('Fresh text.');
    await expect(
      gms.write([describe('Create only.', { 'If-Version-Match': '-1' })], 'urn:li:corpuser:dataspoke'),
    ).rejects.toBeInstanceOf(HubConditionFailedError);
  });

  it("writes as DataHub's system client naming the DataSpoke actor (X-DataHub-Actor), reads with the token", async () => {
    const sent: { method: string; headers: Record<string, string> }[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push({ method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } });
      return fetch(input, init);
    };
    const gms = createGmsHubAspects({
      url,
      token: 'personal-token',
      systemClient: { id: '__datahub_system', secret: 's3cret' },
      fetch: recording,
    });
    const proposal = {
      entityType: 'dataset',
      entityUrn: URN,
      changeType: 'PATCH' as const,
      aspectName: 'domains',
      aspect: [{ op: 'add', path: '/domains/urn:li:domain:finance', value: 'urn:li:domain:finance' }],
    };
    await gms.write([proposal], 'urn:li:corpuser:dataspoke');
    await gms.getAspects([URN], ['domains']);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('__datahub_system:s3cret').toString('base64')}`,
        'X-DataHub-Actor': 'urn:li:corpuser:dataspoke',
      },
    });
    expect(sent[1]!.headers.authorization).toBe('Bearer personal-token');
    expect(sent[1]!.headers).not.toHaveProperty('X-DataHub-Actor');
    // With a token alone, GMS attributes the write to the token's user: no actor header is sent.
    sent.length = 0;
    await createGmsHubAspects({ url, token: 'personal-token', fetch: recording }).write(
      [proposal],
      'urn:li:corpuser:dataspoke',
    );
    expect(sent[0]!.headers.authorization).toBe('Bearer personal-token');
    expect(sent[0]!.headers).not.toHaveProperty('X-DataHub-Actor');
  });
});
