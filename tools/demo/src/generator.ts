/**
 * A deterministic, streaming generator of the Acme Retail demo catalog: DataHub MetadataChangeProposals
 * for people, groups, domains, tags, a glossary, containers, datasets on seven platforms joined by
 * lineage (source → bronze → silver → gold), BI charts and dashboards, Airflow/dbt jobs, and
 * `historyDays` of datasetProfile and operation history with a handful of planted incidents.
 *
 * The catalog is built from regional replicas of one 160-dataset template (us, eu, uk, …); a catalog
 * of N datasets holds the first N datasets in replica order, so it scales to 100k datasets while each
 * dataset is generated on its own from (seed, replica, template) with O(1) state.
 *
 * This file is the public entry point: the catalog's options and shape, and the order in which the parts
 * (global-entities, containers, datasets with their history, jobs, dashboards) are streamed, replica by
 * replica, so that each entity's proposals stay contiguous.
 */
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import type { Emit } from './aspects.js';
import { containerOf, containerProposals, regionContainers, type ContainerDef } from './containers.js';
import { Context } from './context.js';
import { biProposals } from './dashboards.js';
import { datasetProposals } from './datasets.js';
import { globalProposals } from './global-entities.js';
import { planIncidents, type PlantedIncident } from './incidents.js';
import { jobProposals } from './jobs.js';
import { region } from './regions.js';

export interface DemoCatalogOptions {
  seed?: number;
  /** Wall clock of the catalog; history ends at `now`, anchored on its UTC day. */
  now?: number;
  /** Number of datasets (default 320: the us and eu replicas). */
  datasets?: number;
  /** Days of daily datasetProfile and operation history (default 120). */
  historyDays?: number;
  /** Days of operation history for hourly tables (default 14). */
  hourlyHistoryDays?: number;
}

export interface DemoCatalogSummary {
  proposals: number;
  /** Distinct entities per entity type. */
  entitiesByType: Record<string, number>;
  /** Proposals per aspect name. */
  proposalsByAspect: Record<string, number>;
}

export interface DemoCatalog {
  readonly seed: number;
  readonly now: number;
  /** `now` truncated to the UTC day: the history is laid out relative to it. */
  readonly anchorMillis: number;
  readonly datasets: number;
  readonly historyDays: number;
  /** A fresh stream of every proposal, entity by entity; nothing is held in memory. */
  proposals(): Iterable<MetadataChangeProposal>;
  readonly incidents: PlantedIncident[];
  /** Counts per entity type and aspect; computed on first access by streaming the proposals once. */
  readonly summary: DemoCatalogSummary;
}

function* catalogProposals(ctx: Context): Generator<Emit> {
  yield* globalProposals(ctx);
  for (let r = 0; r < ctx.replicas; r++) {
    const size = ctx.replicaSize(r);
    const rg = region(ctx.seed, r);
    const cs = regionContainers(rg);
    const used = new Set<ContainerDef>();
    for (let i = 0; i < size; i++) {
      const c = containerOf(ctx.instance(r, i), cs);
      if (c) used.add(c);
    }
    for (const c of [cs.shop, cs.shopSchema, cs.erp, cs.crm, cs.bronze, cs.silver, cs.gold]) {
      if (!c) continue;
      if (used.has(c) || [...used].some((u) => u.parent === c)) yield* containerProposals(c, ctx.now);
    }
    for (let i = 0; i < size; i++) yield* datasetProposals(ctx, ctx.instance(r, i), cs);
    yield* jobProposals(ctx, r, size);
    yield* biProposals(ctx, r, size);
  }
}

export function generateDemoCatalog(options: DemoCatalogOptions = {}): DemoCatalog {
  const seed = options.seed ?? 42;
  const now = options.now ?? Date.now();
  const datasets = options.datasets ?? 320;
  const historyDays = options.historyDays ?? 120;
  const hourlyDays = Math.min(options.hourlyHistoryDays ?? 14, historyDays);
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isFinite(now) || now < 0) throw new RangeError('now must be a time in milliseconds');
  if (!Number.isInteger(datasets) || datasets < 1)
    throw new RangeError('datasets must be a positive integer');
  if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 3650)
    throw new RangeError('historyDays must be 1..3650');
  const ctx = new Context(seed, now, datasets, historyDays, hourlyDays);
  planIncidents(ctx);
  let summary: DemoCatalogSummary | undefined;
  const catalog: DemoCatalog = {
    seed,
    now,
    anchorMillis: ctx.anchor,
    datasets,
    historyDays,
    proposals: () => catalogProposals(ctx),
    incidents: ctx.incidents,
    get summary(): DemoCatalogSummary {
      summary ??= summarize(catalog.proposals());
      return summary;
    },
  };
  return catalog;
}

/** Counts proposals per aspect and distinct entities per type (entities are emitted contiguously). */
export function summarize(proposals: Iterable<MetadataChangeProposal>): DemoCatalogSummary {
  const entities: Record<string, number> = {};
  const aspects: Record<string, number> = {};
  let count = 0;
  let previous = '';
  const seenShared = new Set<string>();
  for (const p of proposals) {
    count++;
    aspects[p.aspectName] = (aspects[p.aspectName] ?? 0) + 1;
    if (p.entityUrn !== previous) {
      previous = p.entityUrn;
      // Shared entities (global containers) can reappear; everything else is emitted in one block.
      if (p.entityType === 'container' && seenShared.has(p.entityUrn)) continue;
      if (p.entityType === 'container') seenShared.add(p.entityUrn);
      entities[p.entityType] = (entities[p.entityType] ?? 0) + 1;
    }
  }
  return { proposals: count, entitiesByType: entities, proposalsByAspect: aspects };
}
