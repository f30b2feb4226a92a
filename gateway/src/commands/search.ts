import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/domain/config/config';
import type { IndexReport } from '@dataspoke/domain/features/search-index';
import { openEmbeddedStack } from '../embedded-stack.js';

/**
 * `dataspoke search reindex`: rebuilds the DA search index from the hub (every dataset read again, compared
 * by content hash, re-embedded only where its text changed; `--force` re-embeds everything), removes
 * datasets the hub no longer has, and reports what it did. A progress bar on a terminal, plain lines in logs.
 */

function progress(stream: NodeJS.WriteStream): { update(done: number, total: number): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'indexing [{bar}] {percentage}% | {value}/{total} datasets | {duration_formatted}' },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`indexing: ${done}/${total} datasets (${decile * 10}%)\n`);
      }
    },
    stop: () => undefined,
  };
}

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
      const bar = progress(process.stderr);
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
