import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack } from '../embedded-stack.js';
import { openWorkflowEngine } from '../workflow-engine.js';
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
      log(`dataspoke worker: running the ${engine.kind} workflow engine`);
      closeOnSignals(
        [
          {
            name: 'stop the workflow engine (running activities finish or are handed back)',
            run: () => engine.stop(),
          },
          { name: 'close the store', run: () => stack.close() },
        ],
        { timeoutMs: config.server.shutdownTimeoutMs, log },
      );
    });
}
