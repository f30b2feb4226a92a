import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import { serveMetrics } from '@dataspoke/hub/events/event-metrics';
import { ensureAdminKeyOnFirstStart } from '../admin-key.js';
import { openEmbeddedStack } from '../embedded-stack.js';
import { closeOnSignals } from './signals.js';
import { buildServer } from '../server.js';
import { openWorkflowEngine } from '../workflow-engine.js';
import { stackDependencies } from '../probes/stack-dependencies.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Start the embedded stack on one port: /graphql, the DataHub-compatible hub under /gms, and /health',
    )
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('--open', 'serve without authentication: every request is an anonymous administrator')
    .action(async (options: { port?: string; open?: boolean }) => {
      const open = options.open ?? false;
      const env = { ...process.env, ...(options.port !== undefined && { PORT: options.port }) };
      const config = loadConfig(env);
      const stack = await openEmbeddedStack(config);
      const admin = await ensureAdminKeyOnFirstStart(stack, open);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      // Scheduled work: in this process unless DATASPOKE_WORKER=off leaves it to `dataspoke worker`.
      const inline = config.workflows.worker === 'inline';
      const engine = await openWorkflowEngine(stack, { runWork: inline, log });
      let draining = false;
      const app = await buildServer(stack, {
        open,
        probes: { dependencies: stackDependencies(stack, { engine }), draining: () => draining },
        workflows: engine,
      });
      const address = await app.listen({ port: config.server.port, host: config.server.host });
      // Webhooks due from before a restart (and every new one) are sent from here on.
      stack.notifications.webhooks?.start();
      const base = address.replace('127.0.0.1', 'localhost');
      process.stdout.write(
        [
          '',
          'DataSpoke is running (embedded default).',
          `  web UI:                 ${base}/`,
          `  health:                 ${base}/health`,
          `  federated GraphQL:      ${base}/graphql   (DataHub entities + de, da and dg spokes)`,
          `  REST facade:            ${base}/api/v1/spoke/{de,da,dg}/…   (OpenAPI: api/openapi.yaml)`,
          ...(config.hub.kind === 'embedded'
            ? [
                `  DataHub-compatible hub: ${base}/gms   (server URL for DataHub clients, e.g. DatahubRestEmitter)`,
                `  hub GraphQL:            ${base}/gms/api/graphql`,
              ]
            : [`  DataHub (GMS):          ${config.hub.gmsUrl}`]),
          `  store:                  ${stack.store.kind}${stack.store.kind === 'pglite' ? ` (${config.store.dataDir})` : ''}`,
          ...(open
            ? ['', '  AUTHENTICATION IS OFF (--open): every request is an anonymous administrator.']
            : admin.created
              ? [
                  '',
                  // Captured output (a log collector, CI) would keep the key: print it only to a person.
                  ...(process.stdout.isTTY
                    ? [`  admin API key (first start; also in ${admin.file}):`, `    ${admin.key}`]
                    : [
                        `  admin API key (first start) written to ${admin.file} (readable by its owner only)`,
                      ]),
                  '  send it as: Authorization: Bearer <key>; more keys: dataspoke keys create <name> --groups de,da',
                ]
              : [
                  '',
                  `  auth: API keys${config.auth.jwtIssuer ? ' and JWTs' : ''}${admin.file ? `; the first admin key is in ${admin.file}` : ''}`,
                ]),
          '',
        ].join('\n') + '\n',
      );
      if (inline) await engine.start();
      else await engine.ensureSchedules();
      // The inline Kafka consumer's lag and throughput, when an operator asks for them (DATASPOKE_METRICS_PORT).
      const metrics =
        stack.kafka && config.kafka.metricsPort !== undefined
          ? await serveMetrics(
              [stack.kafka.metrics.registry],
              config.kafka.metricsPort,
              config.kafka.metricsHost,
            )
          : undefined;
      if (metrics) log(`kafka consumer metrics at ${metrics.url}`);
      closeOnSignals(
        [
          { name: 'answer not ready', run: () => Promise.resolve(void (draining = true)) },
          // Stops accepting connections and waits for the requests under way (their writes are acknowledged).
          { name: 'drain in-flight HTTP requests', run: () => app.close() },
          ...(metrics ? [{ name: 'stop the metrics endpoint', run: () => metrics.close() }] : []),
          {
            name: 'flush pending search-index updates',
            run: () => stack.drainSearch(),
            pending: () =>
              `${stack.search.indexer.pendingCount()} queued; the next start indexes them from the store`,
          },
          { name: 'stop scheduled work (running runs finish)', run: () => engine.stop() },
          { name: 'close the store', run: () => stack.close() },
        ],
        { timeoutMs: config.server.shutdownTimeoutMs, log },
      );
      // In the background, one after the other (both read the whole catalog): the search index catches up,
      // then a first start proposes documentation, so the review queue is filled without anyone asking.
      void stack
        .catchUpSearch(log)
        .catch((error: unknown) => {
          log(`search index: catching up failed (the next start retries): ${(error as Error).message}`);
        })
        .then(() => stack.proposeDocsOnFirstStart(log))
        .catch((error: unknown) => {
          log(
            `doc suggestions: the first proposals failed (the next start retries): ${(error as Error).message}`,
          );
        });
    });
}
