import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack } from '../embedded-stack.js';
import { openWorkflowEngine } from '../workflow-engine.js';
import { serveProbes } from '../probes/probe-server.js';
import { stackDependencies } from '../probes/stack-dependencies.js';
import { closeOnSignals } from './signals.js';

/**
 * `dataspoke worker`: runs the scheduled workflows and nothing else: a Temporal worker on the task queue
 * (TEMPORAL_ADDRESS), or the in-process engine's ticks over a PostgreSQL store shared with the servers.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run the scheduled workflows: a Temporal worker (TEMPORAL_ADDRESS) or the in-process engine')
    .action(async () => {
      const config = loadConfig();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const stack = await openEmbeddedStack(config, { log });
      const engine = await openWorkflowEngine(stack, { runWork: true, log });
      await engine.start();
      let draining = false;
      const probes = await serveProbes(
        {
          dependencies: stackDependencies(stack, { engine }),
          draining: () => draining,
          health: () => ({ role: 'worker', engine: engine.kind }),
        },
        { host: config.server.host, port: config.server.port },
      );
      log(`dataspoke worker: running the ${engine.kind} workflow engine`);
      process.stdout.write(
        `DataSpoke worker is running the ${engine.kind} workflow engine; probes at ${probes.url}\n`,
      );
      closeOnSignals(
        [
          { name: 'answer not ready', run: () => Promise.resolve(void (draining = true)) },
          {
            name: 'stop the workflow engine (running activities finish or are handed back)',
            run: () => engine.stop(),
          },
          { name: 'stop the probes', run: () => probes.close() },
          { name: 'close the store', run: () => stack.close() },
        ],
        { timeoutMs: config.server.shutdownTimeoutMs, log },
      );
    });
}
