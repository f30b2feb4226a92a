import { sql } from 'drizzle-orm';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import type { EmbeddedStack } from '../embedded-stack.js';
import type { Dependency } from './readiness.js';

/**
 * What a process of this stack depends on, as configured: the operational store always; DataHub's GMS when
 * the hub is a real DataHub (the embedded hub lives in the store); Kafka, Redis and Temporal when set. Each
 * process kind passes the parts it uses: a subgraph has no workflow engine, the worker has no web traffic.
 */
export function stackDependencies(
  stack: EmbeddedStack,
  options: { engine?: WorkflowEngine } = {},
): Dependency[] {
  const { config } = stack;
  const dependencies: Dependency[] = [
    { name: 'store', check: async () => void (await stack.store.query(sql`select 1`)) },
  ];
  const gmsUrl = config.hub.kind === 'gms' ? config.hub.gmsUrl : undefined;
  if (gmsUrl)
    dependencies.push({
      name: 'hub',
      // GMS's own health route: it answers without a token.
      check: async () => {
        const response = await fetch(new URL('health', gmsUrl.endsWith('/') ? gmsUrl : `${gmsUrl}/`), {
          signal: AbortSignal.timeout(config.hub.gmsTimeoutMs),
        });
        if (!response.ok) throw new Error(`GMS /health answered ${response.status}`);
      },
    });
  if (stack.kafka) dependencies.push({ name: 'kafka', check: () => stack.kafka!.ping() });
  if (stack.redis) dependencies.push({ name: 'redis', check: async () => void (await stack.redis!.ping()) });
  if (options.engine?.kind === 'temporal')
    dependencies.push({ name: 'temporal', check: () => options.engine!.ping() });
  return dependencies;
}
