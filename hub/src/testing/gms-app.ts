import Fastify, { type FastifyInstance } from 'fastify';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { allowEveryAccess } from '../access.js';
import { EmbeddedHub } from '../embedded-hub.js';
import { InProcessEventBus } from '../events/event-bus.js';
import { registerGmsRoutes } from '../gms-http.js';

/** The GMS routes alone, under /gms, over a hub on an in-memory store: what the route tests and fuzzes drive. */
export interface GmsTestApp {
  store: Store;
  hub: EmbeddedHub;
  app: FastifyInstance;
}

export async function openGmsTestApp(maxBodyBytes = 1_000_000): Promise<GmsTestApp> {
  const store = await openMemoryStore();
  const hub = new EmbeddedHub({ store, events: new InProcessEventBus() });
  const app = Fastify({ logger: false });
  await app.register(registerGmsRoutes, { prefix: '/gms', hub, maxBodyBytes, authorize: allowEveryAccess });
  await app.ready();
  return { store, hub, app };
}
