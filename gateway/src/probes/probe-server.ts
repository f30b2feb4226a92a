import Fastify from 'fastify';
import { registerReadinessRoute, type Probes } from './probe-routes.js';

export interface ProbeServer {
  url: string;
  close(): Promise<void>;
}

/**
 * /health and /ready for a process that serves no HTTP of its own (the Kafka consumer, the workflow worker),
 * on PORT, so Kubernetes probes every DataSpoke process the same way.
 */
export async function serveProbes(
  probes: Probes & { health: () => Record<string, unknown> },
  listen: { host: string; port: number },
): Promise<ProbeServer> {
  const app = Fastify();
  app.get('/health', () => ({ status: 'ok', ...probes.health() }));
  registerReadinessRoute(app, probes);
  const url = await app.listen(listen);
  return { url, close: () => app.close() };
}
