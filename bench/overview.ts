/**
 * bench:overview — the DG overview's layer inference and its speed.
 *
 * 1. Accuracy of the inferred medallion layers with every declared layer hidden (the `layer` property and
 *    layer tags of datasets and containers are removed before loading), against the known layers:
 *    - TUNING set: the demo catalog (its generator's `layer` property is the truth). The rules were looked
 *      at and adjusted on this set only.
 *    - REPORTING set: DataHub's showcase-ecommerce pack (../shared/datahub/showcase-ecommerce, read in
 *      place), against bench/overview-showcase-layers.json (labelled from the pack's own documents before the
 *      inference ran on it). Never used to choose rules or weights.
 *    Each prints accuracy (unknown counts as wrong), coverage, and a confusion matrix (truth → inferred).
 * 2. Query.overview latency at scale: the demo catalog at --datasets (default 10,000), each answer executed
 *    through the dg subgraph's schema (resolvers and serialization included): cold (the catalog read from
 *    the embedded hub and analysed; the cache dropped before each run) and cached, p50/p95 against the
 *    300 ms target.
 *
 * Flags: --datasets N (scale, default 10000; 0 skips it), --demo-datasets N (tuning set, default 320),
 * --cold-runs N (default 3), --cached-runs N (default 50). Progress on stderr, one JSON document on stdout.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { graphql } from 'graphql';
import { generateDemoCatalog } from '@dataspoke/demo/generator';
import { loadDemoCatalog } from '@dataspoke/demo/load';
import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';
import { LAYERS } from '@dataspoke/domain/dg/overview/catalog-model';
import { readOverviewCatalog } from '@dataspoke/domain/dg/overview/catalog-reader';
import { declaredLayer, inferLayers } from '@dataspoke/domain/dg/overview/layer-inference';
import { OverviewService } from '@dataspoke/domain/dg/overview/overview-service';
import { declaredLayersOf } from '@dataspoke/domain/dg/overview/testing-catalog';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { readMetadataFile } from '@dataspoke/hub/formats/index';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { urnDisplayId } from '@dataspoke/hub/urn';
import { openMemoryStore, type Store } from '@dataspoke/platform/store/db';
import { buildSubgraphSchemas, createSubgraphContext } from '@dataspoke/subgraphs/index';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    'demo-datasets': { type: 'string', default: '320' },
    'cold-runs': { type: 'string', default: '3' },
    'cached-runs': { type: 'string', default: '50' },
  },
});
const SHOWCASE = fileURLToPath(new URL('../../shared/datahub/showcase-ecommerce/', import.meta.url));
const TRUTH = fileURLToPath(new URL('./overview-showcase-layers.json', import.meta.url));
const TARGET_MS = 300;
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The proposal without any layer it declares: `layer` properties and layer tags are dropped. */
export function hideDeclaredLayers(p: MetadataChangeProposal): MetadataChangeProposal {
  const aspect = p.aspect as Record<string, unknown> | undefined;
  if (!aspect) return p;
  if (p.aspectName === 'datasetProperties' || p.aspectName === 'containerProperties') {
    const custom = { ...((aspect.customProperties as Record<string, string> | undefined) ?? {}) };
    for (const [key, value] of Object.entries(custom))
      if (declaredLayer({ properties: { [key]: value }, tags: [], terms: [] })) delete custom[key];
    return { ...p, aspect: { ...aspect, customProperties: custom } };
  }
  if (p.aspectName === 'globalTags') {
    const tags = ((aspect.tags as { tag: string }[] | undefined) ?? []).filter(
      (t) => !declaredLayer({ properties: {}, tags: [{ urn: t.tag, name: urnDisplayId(t.tag) }], terms: [] }),
    );
    return { ...p, aspect: { ...aspect, tags } };
  }
  return p;
}

async function openHub(): Promise<{ store: Store; hub: EmbeddedHub; port: HubPort }> {
  const store = await openMemoryStore();
  const hub = new EmbeddedHub({ store, events: new InProcessEventBus(), indexer: new HubSearchIndexer() });
  return { store, hub, port: createEmbeddedHubPort(hub, store) };
}

/** Accuracy, coverage and the confusion matrix of inferred layers against the truth. */
async function accuracy(port: HubPort, truth: ReadonlyMap<string, string>) {
  const catalog = await readOverviewCatalog(port);
  const layers = inferLayers(catalog.datasets, new Map(catalog.terms.map((t) => [t.urn, t.name])));
  const columns = [...LAYERS, 'unknown'];
  const confusion: Record<string, Record<string, number>> = Object.fromEntries(
    LAYERS.map((l) => [l, Object.fromEntries(columns.map((c) => [c, 0]))]),
  );
  let right = 0;
  let known = 0;
  let covered = 0;
  for (const [urn, layer] of truth) {
    const judged = layers.get(urn);
    if (!judged || !(layer in confusion)) continue;
    known += 1;
    const inferred = judged.layer ?? 'unknown';
    confusion[layer]![inferred]! += 1;
    if (judged.layer) covered += 1;
    if (inferred === layer) right += 1;
  }
  return {
    datasets: known,
    accuracy: round(right / known, 3),
    coverage: round(covered / known, 3),
    accuracy_where_inferred: round(right / Math.max(1, covered), 3),
    confusion_truth_to_inferred: confusion,
  };
}

async function demoAccuracy(datasets: number) {
  const catalog = generateDemoCatalog({ seed: 42, datasets, historyDays: 1 });
  const truth = new Map(
    [...declaredLayersOf(catalog.proposals())].flatMap(([urn, d]) =>
      d.layer ? [[urn, d.layer] as const] : [],
    ),
  );
  const { store, hub, port } = await openHub();
  await loadDemoCatalog(hub, { proposals: () => [...catalog.proposals()].map(hideDeclaredLayers) });
  log(`tuning set: demo catalog of ${truth.size} datasets loaded with its layers hidden`);
  const result = await accuracy(port, truth);
  await store.close();
  return { split: 'tuning', catalog: `demo catalog (seed 42, ${datasets} datasets)`, ...result };
}

async function showcaseAccuracy() {
  const truth = new Map(
    Object.entries((JSON.parse(await readFile(TRUTH, 'utf8')) as { layers: Record<string, string> }).layers),
  );
  const { store, hub, port } = await openHub();
  for (const file of ['01-definitions.json', '02-data.json', '03-context.json']) {
    const doc = await readMetadataFile(`${SHOWCASE}${file}`);
    await hub.ingest(doc.proposals.map((p) => hideDeclaredLayers(p.proposal)));
  }
  log(`reporting set: showcase pack loaded with any declared layer hidden (${truth.size} labelled datasets)`);
  const result = await accuracy(port, truth);
  await store.close();
  return { split: 'reporting', catalog: 'DataHub showcase-ecommerce pack', ...result };
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latency(datasets: number, coldRuns: number, cachedRuns: number) {
  const { store, hub, port } = await openHub();
  const catalog = generateDemoCatalog({ seed: 7, datasets, historyDays: 1 });
  let last = 0;
  const loaded = await loadDemoCatalog(hub, catalog, {
    onProgress: (done) => {
      if (done - last >= 50_000) log(`scale: ${(last = done)} proposals loaded`);
    },
  });
  log(`scale: ${datasets} datasets loaded (${loaded.proposals} proposals, ${round(loaded.ms / 1000)} s)`);
  const service = new OverviewService({ hub: port });
  const schema = buildSubgraphSchemas({ overview: service }).dg;
  const identity = { subject: 'bench', groups: ['dg' as const], via: 'api_key' as const };
  const ask = async (source: string) => {
    const started = performance.now();
    const result = await graphql({ schema, source, contextValue: createSubgraphContext(port, identity) });
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '));
    return performance.now() - started;
  };
  const medallion = `{ overview(perspective: MEDALLION) { datasets nodes { id kind label urn layer confidence size }
    edges { source target kind weight } groups { id label members }
    layers { datasetUrn layer confidence evidence { signal layer weight detail } }
    flows { nodes { layer count } links { from to count direction } } smells { kind datasetUrn related detail } } }`;
  const taxonomy = `{ overview(perspective: TAXONOMY) { datasets nodes { id kind label urn group size }
    edges { source target kind } groups { id kind label members suggested words } } }`;
  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    service.invalidate();
    cold.push(await ask(medallion));
    log(`scale: cold run ${i + 1}: ${round(cold.at(-1)!)} ms`);
  }
  const cached: Record<string, number[]> = { MEDALLION: [], TAXONOMY: [] };
  await ask(taxonomy);
  for (let i = 0; i < cachedRuns; i++) {
    cached.MEDALLION!.push(await ask(medallion));
    cached.TAXONOMY!.push(await ask(taxonomy));
  }
  await store.close();
  const stats = (xs: number[]) => ({ p50_ms: round(percentile(xs, 50)), p95_ms: round(percentile(xs, 95)) });
  return {
    datasets,
    target_ms: TARGET_MS,
    cold: { runs: coldRuns, ...stats(cold) },
    cached: Object.fromEntries(
      Object.entries(cached).map(([p, xs]) => [
        p,
        { runs: xs.length, ...stats(xs), meets_target: percentile(xs, 95) <= TARGET_MS },
      ]),
    ),
  };
}

async function main() {
  const started = new Date().toISOString();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  const tuning = await demoAccuracy(Number(args['demo-datasets']));
  log(`tuning accuracy ${tuning.accuracy}`);
  const reporting = await showcaseAccuracy();
  log(`reporting accuracy ${reporting.accuracy}`);
  const scale = Number(args.datasets);
  const speed =
    scale > 0
      ? await latency(scale, Number(args['cold-runs']), Number(args['cached-runs']))
      : 'skipped (--datasets 0)';
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'overview',
        started,
        machine: { cpus: os.cpus().length, load_average_at_start: loadAtStart },
        layer_accuracy: { tuning, reporting },
        query_overview: speed,
        load_average_at_end: os.loadavg().map((l) => round(l, 2)),
      },
      null,
      2,
    )}\n`,
  );
}

await main();
