import type { Command } from 'commander';
import { ConfigError, loadConfig } from '@dataspoke/platform/config/config';
import { serveSubgraph } from '@dataspoke/subgraphs/serve';
import { SUBGRAPH_NAMES, type SubgraphName } from '@dataspoke/subgraphs/schema-file';
import { openEmbeddedStack } from '../embedded-stack.js';
import { openWorkflowEngine } from '../workflow-engine.js';
import { registerReadinessRoute } from '../probes/probe-routes.js';
import { stackDependencies } from '../probes/stack-dependencies.js';
import { closeOnSignals } from './signals.js';

/**
 * `dataspoke subgraph <name>`: one subgraph as its own server, the distributed mode's unit (a Deployment
 * each on Kubernetes). The gateway (`dataspoke start` with DATASPOKE_SUBGRAPH_URL_<NAME>) reaches it by URL
 * and signs each call with the secret they share. Every process must see the same hub and store, so the
 * embedded hub needs PostgreSQL (DATABASE_URL); with a real DataHub (DATASPOKE_HUB=gms) any store will do.
 */
export function registerSubgraphCommand(program: Command): void {
  program
    .command('subgraph')
    .description(`Serve one subgraph on its own (the distributed mode): ${SUBGRAPH_NAMES.join(', ')}`)
    .argument('<name>', `the subgraph: ${SUBGRAPH_NAMES.join(', ')}`)
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .action(async (name: string, options: { port?: string }) => {
      const env = { ...process.env, ...(options.port !== undefined && { PORT: options.port }) };
      const config = loadConfig(env);
      const problems: string[] = [];
      if (!(SUBGRAPH_NAMES as readonly string[]).includes(name))
        problems.push(
          `subgraph: unknown subgraph ${JSON.stringify(name)}; one of ${SUBGRAPH_NAMES.join(', ')}`,
        );
      if (!config.auth.subgraphSecret)
        problems.push(
          'DATASPOKE_SUBGRAPH_SECRET: required, since a subgraph server answers only calls the gateway signed',
        );
      if (config.hub.kind === 'embedded' && !config.store.databaseUrl)
        problems.push(
          'DATABASE_URL: required with the embedded hub, which the distributed mode shares through PostgreSQL (or set DATASPOKE_HUB=gms)',
        );
      if (problems.length > 0) throw new ConfigError(problems);

      const stack = await openEmbeddedStack(config);
      // The de subgraph triggers runs (Mutation.triggerWorkflowRun): a Temporal client, or in process here.
      const engine = name === 'de' ? await openWorkflowEngine(stack, { runWork: false }) : null;
      let draining = false;
      const served = await serveSubgraph(name as SubgraphName, stack.hubPort, {
        host: config.server.host,
        port: config.server.port,
        gatewaySecret: config.auth.subgraphSecret!,
        services: {
          store: stack.store,
          events: stack.spokeEvents,
          docSuggestions: stack.docSuggestions,
          overview: stack.overview,
          metrics: stack.metrics,
          ...(engine && { workflows: engine }),
        },
        search: stack.search.deps,
        routes: (app) => {
          app.get('/health', () => ({ status: 'ok', subgraph: name }));
          registerReadinessRoute(app, {
            dependencies: stackDependencies(stack),
            draining: () => draining,
          });
        },
      });
      process.stdout.write(`DataSpoke subgraph ${name} is running at ${served.url}\n`);
      closeOnSignals(
        [
          { name: 'answer not ready', run: () => Promise.resolve(void (draining = true)) },
          { name: 'drain in-flight GraphQL requests', run: () => served.stop() },
          ...(engine
            ? [{ name: 'stop triggered runs (running ones finish)', run: () => engine.stop() }]
            : []),
          { name: 'flush pending search-index updates', run: () => stack.drainSearch() },
          { name: 'close the store', run: () => stack.close() },
        ],
        { timeoutMs: config.server.shutdownTimeoutMs },
      );
    });
}
