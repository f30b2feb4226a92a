import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import {
  assertValidConfig,
  IngestionConfigError,
  parseIngestionConfig,
} from '@dataspoke/domain/de/techspec/config';
import type { IngestionRunRecord } from '@dataspoke/domain/de/techspec/types';
import { techSpecSourceTypes } from '@dataspoke/domain/adapters/techspec/registry';
import { openEmbeddedStack } from '../embedded-stack.js';
import { progressReporter } from './progress.js';

/** A run as the operator reads it: the outcome, then one line per source. */
export function formatIngestionRun(run: IngestionRunRecord): string {
  const seconds = ((run.finishedAt ?? Date.now()) - run.startedAt) / 1000;
  const c = run.counts;
  const lines = [
    `Ingestion ${run.configName} ${run.status} in ${seconds.toFixed(1)} s (run ${run.id}): ${c.observed} datasets observed, ` +
      `${c.written} written to DataHub, ${c.unmatched} not in DataHub, ${c.failed} failed.`,
  ];
  for (const s of run.sources)
    lines.push(
      `  ${s.name} (${s.type}): ${s.status}` +
        (s.error
          ? ` ${s.error.code}: ${s.error.message}`
          : `: ${s.counts.observed} observed, ${s.counts.written} written`) +
        (s.durationMs === null ? '' : ` [${(s.durationMs / 1000).toFixed(1)} s]`),
    );
  return lines.join('\n');
}

async function readConfig(file: string) {
  return parseIngestionConfig(await readFile(file, 'utf8'), techSpecSourceTypes);
}

/** Exit codes: 0 every source succeeded, 2 some failed (PARTIAL), 1 all failed or the configuration is refused. */
const EXIT = { SUCCEEDED: 0, PARTIAL: 2, FAILED: 1, RUNNING: 1 } as const;

export function registerIngestCommands(program: Command): void {
  const ingest = program
    .command('ingest')
    .description('Technical specs from Kafka, PostgreSQL and data files, written to DataHub');
  ingest
    .command('run')
    .description('Run an ingestion configuration (YAML) now, with progress; each source on its own')
    .argument('<config>', 'the configuration file, e.g. specs.yml')
    .option('--save', 'also keep the configuration (and its schedule) in the operational store')
    .option('--json', 'print the run as JSON')
    .action(async (file: string, options: { save?: boolean; json?: boolean }) => {
      let config;
      try {
        config = await readConfig(file);
        if (options.save) assertValidConfig(config);
      } catch (error) {
        if (!(error instanceof IngestionConfigError)) throw error;
        process.stderr.write(`dataspoke: ${error.code}: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      const stack = await openEmbeddedStack(loadConfig(), { prepareSearch: false });
      const bar = progressReporter(process.stderr, 'ingesting', 'datasets');
      try {
        if (options.save) await stack.techSpec.repository.saveConfig(config, new Date());
        const run = await stack.techSpec.ingestion.run(config, {
          trigger: 'cli',
          onProgress: (r) => {
            if (r.progress.total > 0) bar.update(r.progress.done, r.progress.total);
          },
        });
        bar.stop();
        process.stdout.write(`${options.json ? JSON.stringify(run, null, 2) : formatIngestionRun(run)}\n`);
        process.exitCode = EXIT[run.status];
      } finally {
        bar.stop();
        await stack.close();
      }
    });
  ingest
    .command('validate')
    .description(
      'Check an ingestion configuration and list every problem at once; nothing is read or written',
    )
    .argument('<config>', 'the configuration file')
    .action(async (file: string) => {
      try {
        const config = assertValidConfig(await readConfig(file));
        process.stdout.write(
          `${config.name}: valid, ${config.sources.length} source(s): ${config.sources.map((s) => `${s.name} (${s.type})`).join(', ')}\n`,
        );
      } catch (error) {
        if (!(error instanceof IngestionConfigError)) throw error;
        process.stderr.write(`dataspoke: ${error.code}: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
