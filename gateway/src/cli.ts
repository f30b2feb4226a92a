#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '@dataspoke/domain/config/config';
import { registerHubCommands } from './commands/hub-import.js';
import { registerStartCommand } from './commands/start.js';

/**
 * The `dataspoke` operator CLI. Each command lives in its own module under commands/ and registers itself
 * here; add new commands to this list.
 */
const COMMANDS: readonly ((program: Command) => void)[] = [registerStartCommand, registerHubCommands];

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
    // Configuration problems are listed all at once, without a stack trace: they are the operator's to fix.
    process.stderr.write(`dataspoke: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    if (!(error instanceof ConfigError) && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 1;
  }
}

void main();
