import type { FastifyInstance } from 'fastify';
import { checkReadiness, type Dependency } from './readiness.js';

/** How long one dependency may take to answer a readiness check before it counts as down. */
export const DEPENDENCY_TIMEOUT_MS = 2_000;

export interface Probes {
  dependencies: readonly Dependency[];
  /** True once shutdown began: /ready answers 503 so the load balancer sends nothing new. */
  draining(): boolean;
}

/**
 * GET /ready: 200 when every dependency of this process answers, else 503 with code NOT_READY and each
 * dependency's state, so an operator sees which one failed. Liveness (/health) is the process's own route:
 * a dependency being down is no reason to restart a process.
 */
export function registerReadinessRoute(app: FastifyInstance, probes: Probes): void {
  app.get('/ready', async (_request, reply) => {
    const readiness = await checkReadiness(probes.dependencies, {
      timeoutMs: DEPENDENCY_TIMEOUT_MS,
      draining: probes.draining(),
    });
    if (readiness.ready) return readiness;
    const down = Object.entries(readiness.dependencies)
      .filter(([, state]) => !state.ok)
      .map(([name, state]) => `${name}: ${state.error ?? 'down'}`);
    return reply.code(503).send({
      ...readiness,
      code: 'NOT_READY',
      reason: readiness.draining ? 'shutting down' : `not reachable: ${down.join('; ')}`,
    });
  });
}
