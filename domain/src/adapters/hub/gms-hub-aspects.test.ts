import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowEveryAccess } from '@dataspoke/hub/access';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
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
});
