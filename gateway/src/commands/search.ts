import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import type { IndexReport } from '@dataspoke/domain/shared/dataset-search-index';
import { openEmbeddedStack } from '../embedded-stack.js';
import { progressReporter } from './progress.js';

export function formatIndexReport(report: IndexReport, ms: number, vectors: string | null): string {
  const lines = [
    `Search index rebuilt in ${(ms / 1000).toFixed(1)} s: ${report.seen} datasets read from the hub, ` +
      `${report.indexed} (re)indexed, ${report.unchanged} unchanged, ${report.embedded} embedded, ${report.removed} removed.`,
    `Vector index: ${vectors ?? 'none (lexical search only)'}.`,
  ];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

export function registerSearchCommands(program: Command): void {
  const search = program.command('search').description('The DA natural-language search index');
  search
    .command('reindex')
    .description('Rebuild the search index from the hub: re-read every dataset, re-embed what changed')
    .option('--force', 'drop the index first and re-embed every dataset')
    .action(async (options: { force?: boolean }) => {
      const stack = await openEmbeddedStack(loadConfig());
      const bar = progressReporter(process.stderr, 'indexing', 'datasets');
      const started = performance.now();
      try {
        const report = await stack.search.indexer.reindexAll({
          force: options.force === true,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        process.stdout.write(
          `${formatIndexReport(report, performance.now() - started, stack.search.adapters.vectors?.kind ?? null)}\n`,
        );
        if (report.warnings.length > 0) process.exitCode = 2;
      } finally {
        bar.stop();
        await stack.close();
      }
    });
}
