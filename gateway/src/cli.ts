#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '@dataspoke/platform/config/config';
import { StoreInUseError } from '@dataspoke/platform/store/db';
import { InsufficientStorageError } from '@dataspoke/platform/store/store-space';
import { ScheduleNotFoundError } from '@dataspoke/workflows/schedules';
import { registerConsumerCommand } from './commands/consumer.js';
import { registerHubCommands } from './commands/hub-import.js';
import { registerIngestCommands } from './commands/ingest.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerStartCommand } from './commands/start.js';
import { registerSchedulesCommands } from './commands/schedules.js';
import { registerSearchCommands } from './commands/search.js';
import { registerSubgraphCommand } from './commands/subgraph.js';
import { registerWorkerCommand } from './commands/worker.js';

/**
 * The `dataspoke` operator CLI. Each command lives in its own module under commands/ and registers itself
 * here; add new commands to this list.
 */
const COMMANDS: readonly ((program: Command) => void)[] = [
  registerStartCommand,
  registerHubCommands,
  registerKeysCommands,
  registerSearchCommands,
  registerSubgraphCommand,
  registerConsumerCommand,
  registerSchedulesCommands,
  registerWorkerCommand,
  registerIngestCommands,
];

export function buildCli(): Command {
  const program = new Command('dataspoke')
    .description('DataSpoke: computation beside DataHub for data engineering, analysis and governance')
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildCli().parseAsync(process.argv);
  } catch (error) {
    // Configuration problems (listed all at once) and a busy data dir are the operator's to fix: no stack trace.
    const operators =
      error instanceof ConfigError ||
      error instanceof StoreInUseError ||
      error instanceof InsufficientStorageError ||
      error instanceof ScheduleNotFoundError;
    process.stderr.write(`dataspoke: ${operators ? `${error.code}: ${error.message}` : String(error)}\n`);
    if (!operators && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 1;
  }
}

void main();
