import type { Command } from 'commander';
import { loadConfig } from '@dataspoke/platform/config/config';
import type { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { entitySpec, isKnownAspect } from '@dataspoke/hub/aspect-registry';
import { expandMetadataSources, readMetadataFile, type DecodedEntry } from '@dataspoke/hub/formats/index';
import { openEmbeddedStack } from '../embedded-stack.js';
import { progressReporter } from './progress.js';

/**
 * `dataspoke hub import FILE...`: loads DataHub metadata files (MCP JSON as the `file` sink writes it,
 * MCE snapshot files, datapack manifests) into the embedded hub, in batches, and reports per aspect what
 * was imported, skipped as unchanged, dropped from a datapack, or refused, with every refusal's reason.
 *
 * A datapack's files are loaded as `datahub datapack load` loads them (datahub/cli/datapack/loader.py,
 * `_apply_schema_filter`): a proposal of an aspect the server's registry does not give its entity type is
 * dropped before sending and counted, not refused. Packs exported from DataHub Cloud carry Cloud-only aspects
 * (`lineageFeatures`, `entityInferenceMetadata`, …) that an open-source GMS, and so this hub, does not have.
 * An entity type the registry does not know is sent, as DataHub's loader leaves it to the server.
 */

export const DEFAULT_BATCH_SIZE = 500;

export interface AspectCounts {
  imported: number;
  unchanged: number;
  /** Left out of a datapack's load: not an aspect of its entity type in DataHub's registry. */
  dropped: number;
  failed: number;
}

export interface ImportFailure {
  file: string;
  /** Entry position in the file; -1 when the whole file could not be read. */
  index: number;
  aspectIndex?: number;
  urn?: string;
  aspectName?: string;
  code: string;
  reason: string;
}

export interface ImportSummary {
  files: number;
  entries: number;
  proposals: number;
  imported: number;
  unchanged: number;
  dropped: number;
  failed: number;
  byAspect: Map<string, AspectCounts>;
  /** What was dropped from datapacks, by `entityType/aspectName`, as DataHub's loader lists it. */
  droppedByType: Map<string, number>;
  failures: ImportFailure[];
}

export interface ImportOptions {
  batchSize?: number;
  /** systemMetadata.runId for proposals that carry none. */
  runId?: string;
  onProgress?: (done: number, total: number) => void;
}

function countsFor(summary: ImportSummary, aspectName: string): AspectCounts {
  let counts = summary.byAspect.get(aspectName);
  if (!counts) {
    counts = { imported: 0, unchanged: 0, dropped: 0, failed: 0 };
    summary.byAspect.set(aspectName, counts);
  }
  return counts;
}

/** Reads every file first (so progress has a total), then ingests in batches; never stops at a bad entry. */
export async function importMetadataFiles(
  hub: EmbeddedHub,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const files = await expandMetadataSources(paths);
  const summary: ImportSummary = {
    files: files.length,
    entries: 0,
    proposals: 0,
    imported: 0,
    unchanged: 0,
    dropped: 0,
    failed: 0,
    byAspect: new Map(),
    droppedByType: new Map(),
    failures: [],
  };
  const documents = [];
  for (const { file, datapack } of files) {
    const document = await readMetadataFile(file);
    if (datapack !== null) {
      document.proposals = document.proposals.filter(({ proposal: { entityType, aspectName } }) => {
        if (!entitySpec(entityType) || isKnownAspect(entityType, aspectName)) return true;
        const key = `${entityType}/${aspectName}`;
        summary.droppedByType.set(key, (summary.droppedByType.get(key) ?? 0) + 1);
        countsFor(summary, aspectName).dropped++;
        summary.dropped++;
        return false;
      });
    }
    documents.push(document);
    summary.entries += document.entries;
    summary.proposals += document.proposals.length;
    for (const failure of document.failures) {
      summary.failures.push({ file, ...failure });
      summary.failed++;
      countsFor(summary, failure.aspectName ?? '(unreadable entry)').failed++;
    }
  }

  let done = 0;
  options.onProgress?.(done, summary.proposals);
  for (const document of documents) {
    for (let start = 0; start < document.proposals.length; start += batchSize) {
      const batch: DecodedEntry[] = document.proposals.slice(start, start + batchSize);
      const result = await hub.ingest(
        batch.map((entry) => entry.proposal),
        options.runId ? { runId: options.runId } : {},
      );
      for (const outcome of result.outcomes) {
        const entry = batch[outcome.index];
        const counts = countsFor(summary, outcome.aspectName);
        if (outcome.status === 'applied') {
          counts.imported++;
          summary.imported++;
        } else if (outcome.status === 'unchanged') {
          counts.unchanged++;
          summary.unchanged++;
        } else {
          counts.failed++;
          summary.failed++;
          summary.failures.push({
            file: document.source,
            index: entry?.index ?? -1,
            ...(entry?.aspectIndex !== undefined ? { aspectIndex: entry.aspectIndex } : {}),
            urn: outcome.urn,
            aspectName: outcome.aspectName,
            code: outcome.code,
            reason: outcome.reason,
          });
        }
      }
      done += batch.length;
      options.onProgress?.(done, summary.proposals);
    }
  }
  return summary;
}

/** The summary as the CLI prints it: a per-aspect table, then every failure with where it came from. */
export function formatImportSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  lines.push(
    `Imported ${summary.files} file(s): ${summary.entries} entries, ${summary.proposals} proposals — ` +
      `${summary.imported} imported, ${summary.unchanged} unchanged (skipped), ${summary.failed} failed` +
      (summary.dropped > 0
        ? `; ${summary.dropped} dropped from datapacks as \`datahub datapack load\` drops them` +
          ` (aspects DataHub's registry does not give their entity type: ` +
          [...summary.droppedByType].map(([key, n]) => `${key} ${n}`).join(', ') +
          ')'
        : ''),
  );
  const rows = [...summary.byAspect.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (rows.length > 0) {
    const width = Math.max('aspect'.length, ...rows.map(([name]) => name.length));
    const num = (n: number | string) => String(n).padStart(9);
    lines.push(
      '',
      `${'aspect'.padEnd(width)} ${num('imported')} ${num('unchanged')} ${num('failed')} ${num('dropped')}`,
    );
    for (const [name, c] of rows) {
      lines.push(
        `${name.padEnd(width)} ${num(c.imported)} ${num(c.unchanged)} ${num(c.failed)} ${num(c.dropped)}`,
      );
    }
  }
  if (summary.failures.length > 0) {
    lines.push('', `Failures (${summary.failures.length}):`);
    for (const f of summary.failures) {
      const where =
        f.index < 0
          ? f.file
          : `${f.file} entry ${f.index}${f.aspectIndex !== undefined ? ` aspect ${f.aspectIndex}` : ''}`;
      lines.push(
        `  ${where}: ${f.urn ?? '(no urn)'} ${f.aspectName ?? '(no aspect)'} [${f.code}] ${f.reason}`,
      );
    }
  }
  return lines.join('\n');
}

export function registerHubCommands(program: Command): void {
  const hub = program.command('hub').description("The embedded DataHub-compatible hub's operator tasks");
  hub
    .command('import')
    .description(
      'Import DataHub metadata files (MCP JSON, MCE snapshots, datapack index.json) into the embedded hub',
    )
    .argument('<files...>', 'files to import, in order')
    .option('-b, --batch-size <n>', 'proposals per ingest batch', String(DEFAULT_BATCH_SIZE))
    .action(async (files: string[], options: { batchSize: string }) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new Error(`--batch-size must be a positive integer, got ${JSON.stringify(options.batchSize)}`);
      }
      const stack = await openEmbeddedStack(loadConfig(), { prepareSearch: false });
      const progress = progressReporter(process.stderr, 'importing', 'proposals');
      try {
        const summary = await importMetadataFiles(stack.hub, files, {
          batchSize,
          runId: `dataspoke-hub-import-${Date.now()}`,
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        process.stdout.write(`${formatImportSummary(summary)}\n`);
        if (summary.failed > 0) process.exitCode = 1;
      } finally {
        progress.stop();
        await stack.close();
      }
    });
}
