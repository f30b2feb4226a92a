import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { generateDemoCatalog, type DemoCatalogOptions } from './generator.js';
import { metadataAspect, setting } from '@dataspoke/platform/store/schema';
import type { EmbeddedStack } from '@dataspoke/gateway/embedded-stack';

const DEMO_SETTING = 'demo.catalog';
const BATCH = 500;

export interface DemoLoadReport {
  loaded: boolean;
  /** Why nothing was loaded, when it was not. */
  reason?: string;
  proposals?: number;
  failed?: number;
  incidentsFile?: string;
}

/**
 * Loads the generated demo catalog into an empty embedded hub, once. A hub that already holds metadata
 * (a previous start, or the operator's own imports) is left alone.
 */
export async function loadDemoCatalogOnFirstStart(
  stack: EmbeddedStack,
  onProgress: (done: number, total: number) => void = () => undefined,
  /** Size of the catalog; the product uses the generator's defaults, tests a smaller one. */
  size: Pick<DemoCatalogOptions, 'datasets' | 'historyDays'> = {},
): Promise<DemoLoadReport> {
  const { config, store, hub } = stack;
  if (!config.demo.loadOnFirstStart) return { loaded: false, reason: 'DATASPOKE_DEMO=false' };
  if (config.hub.kind !== 'embedded') return { loaded: false, reason: 'a real DataHub is configured' };
  const marker = await store.db.select().from(setting).limit(1);
  if (marker.some((m) => m.key === DEMO_SETTING)) return { loaded: false, reason: 'already loaded' };
  const anyAspect = await store.db.select({ urn: metadataAspect.urn }).from(metadataAspect).limit(1);
  if (anyAspect.length > 0) return { loaded: false, reason: 'the hub already holds metadata' };

  const now = Date.now();
  const catalog = generateDemoCatalog({ seed: config.demo.seed, now, ...size });
  const total = catalog.summary.proposals;
  let batch = [];
  let done = 0;
  let failed = 0;
  for (const proposal of catalog.proposals()) {
    batch.push(proposal);
    if (batch.length === BATCH) {
      failed += (await hub.ingest(batch, { runId: 'dataspoke-demo' })).failed;
      done += batch.length;
      batch = [];
      onProgress(done, total);
    }
  }
  if (batch.length > 0) {
    failed += (await hub.ingest(batch, { runId: 'dataspoke-demo' })).failed;
    done += batch.length;
    onProgress(done, total);
  }
  // The planted incidents are written down so that people and tests can check what the validator finds.
  const incidentsFile = path.join(config.store.dataDir, 'demo-incidents.json');
  await mkdir(config.store.dataDir, { recursive: true });
  await writeFile(
    incidentsFile,
    JSON.stringify({ seed: config.demo.seed, now, incidents: catalog.incidents }, null, 2),
  );
  await store.db.insert(setting).values({
    key: DEMO_SETTING,
    value: { seed: config.demo.seed, now, proposals: done, failed, incidents: catalog.incidents },
    updatedAt: new Date(),
  });
  return { loaded: true, proposals: done, failed, incidentsFile };
}
