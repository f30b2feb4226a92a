/**
 * The demo catalog loading loop tests and benchmarks share: the generator's proposals ingested into an
 * embedded hub in batches, with progress after each batch.
 */
import type { DemoCatalog } from './generator.js';
import type { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';

export interface LoadOptions {
  /** Proposals per `ingest` call (one transaction each); default 1000. */
  batch?: number;
  /** After each batch, with the proposals loaded so far. */
  onProgress?: (done: number) => void;
}

/** Ingests every proposal of the catalog; answers how many were loaded and in how many milliseconds. */
export async function loadDemoCatalog(
  hub: EmbeddedHub,
  catalog: Pick<DemoCatalog, 'proposals'>,
  options: LoadOptions = {},
): Promise<{ proposals: number; ms: number }> {
  const size = options.batch ?? 1000;
  const started = performance.now();
  let done = 0;
  let batch: MetadataChangeProposal[] = [];
  const flush = async () => {
    await hub.ingest(batch);
    done += batch.length;
    batch = [];
    options.onProgress?.(done);
  };
  for (const proposal of catalog.proposals()) {
    batch.push(proposal);
    if (batch.length >= size) await flush();
  }
  if (batch.length > 0) await flush();
  return { proposals: done, ms: performance.now() - started };
}
