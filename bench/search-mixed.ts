/**
 * The search benchmark's mixed catalog and its question sets: the demo catalog, DataHub's showcase pack,
 * DataHub's bootstrap_mce.json and Spider's tables in one hub, loaded the way users load metadata (DataHub's
 * file format read and ingested by `dataspoke hub import`'s code), and the deterministic split of Spider's
 * databases and of the showcase questions into a tuning and a reporting set.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDemoCatalog } from '@dataspoke/demo/index';
import type { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { importMetadataFiles, type ImportSummary } from '@dataspoke/gateway/commands/hub-import';
import { spiderProposals, type SpiderDb } from './spider-catalog.js';

export type Split = 'tuning' | 'reporting';

/**
 * Spider's databases in two halves by a hash of their db_id: ranking is tuned while looking at the tuning
 * half's misses only, and both halves are reported.
 */
export function spiderSplit(dbId: string): Split {
  const h = createHash('sha1').update(dbId).digest();
  return h[h.length - 1]! % 2 === 0 ? 'tuning' : 'reporting';
}

/** Proposals as DataHub's `file` sink writes them: a JSON array of MCPs, each aspect as `{"json": …}`. */
async function writeMcpFile(file: string, proposals: Iterable<MetadataChangeProposal>): Promise<void> {
  const entries: unknown[] = [];
  for (const p of proposals)
    entries.push({
      entityType: p.entityType,
      entityUrn: p.entityUrn,
      changeType: p.changeType,
      aspectName: p.aspectName,
      aspect:
        p.changeType === 'PATCH'
          ? { value: JSON.stringify(p.aspect), contentType: 'application/json-patch+json' }
          : { json: p.aspect },
    });
  await writeFile(file, JSON.stringify(entries));
}

/**
 * Loads the mixed catalog into the hub: the demo catalog (its default 320 datasets, one day of history) and
 * Spider written as DataHub metadata files into `workDir`, then those and the showcase pack's manifest and
 * bootstrap_mce.json read and ingested as `dataspoke hub import` does.
 */
export async function loadMixedCatalog(
  hub: EmbeddedHub,
  shared: string,
  dbs: readonly SpiderDb[],
  workDir: string,
  log: (msg: string) => void,
): Promise<ImportSummary> {
  await mkdir(workDir, { recursive: true });
  const demo = path.join(workDir, 'demo-catalog.json');
  const spider = path.join(workDir, 'spider.json');
  await writeMcpFile(
    demo,
    generateDemoCatalog({ seed: 42, now: Date.now(), historyDays: 1, hourlyHistoryDays: 1 }).proposals(),
  );
  await writeMcpFile(spider, spiderProposals(dbs));
  let next = 0;
  return importMetadataFiles(
    hub,
    [
      demo,
      path.join(shared, 'datahub/showcase-ecommerce/index.json'),
      path.join(shared, 'datahub/bootstrap_mce.json'),
      spider,
    ],
    {
      onProgress: (done, total) => {
        if (done < next && done < total) return;
        next = done + 10_000;
        log(`mixed: imported ${done}/${total} proposals`);
      },
    },
  );
}

export interface CatalogQuestion {
  question: string;
  /** Dataset names (the urn's middle part) equal to one of these or ending with `.` + one of them. */
  acceptable: string[];
}

export function readQuestions(file: string): CatalogQuestion[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: CatalogQuestion[] }).questions;
}

/** The dataset name of a dataset urn, `/` read as `.` (an s3 path is a dotted name here). */
function datasetName(urn: string): string {
  const inner = urn.slice(urn.indexOf(',') + 1, urn.lastIndexOf(','));
  return inner.replaceAll('/', '.').toLowerCase();
}

export function isAcceptable(urn: string, acceptable: readonly string[]): boolean {
  const name = datasetName(urn);
  return acceptable.some((a) => {
    const x = a.replaceAll('/', '.').toLowerCase();
    return name === x || name.endsWith(`.${x}`);
  });
}
