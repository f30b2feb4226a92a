import type { CatalogDataset, Layer } from './catalog-model.js';
import type { LayerJudgement } from './layer-inference.js';
import { downstreamsOf } from './lineage-position.js';
import { lineageCycles } from './lineage-cycles.js';

/**
 * What a governance lead wants to see wrong in the layering: gold tables that read bronze or sources
 * directly (skipping the cleaning layer), charts and dashboards on tables that are not gold, silver tables
 * nothing reads (orphaned), and lineage cycles. Judged on the inferred layers; a dataset of unknown layer
 * raises no layer smell.
 */

export type LayerSmellKind =
  'GOLD_READS_BRONZE' | 'GOLD_READS_SOURCE' | 'DASHBOARD_ON_NON_GOLD' | 'ORPHANED_SILVER' | 'LINEAGE_CYCLE';

export interface LayerSmell {
  kind: LayerSmellKind;
  /** The dataset the smell is about (for a cycle: its first dataset by urn). */
  datasetUrn: string;
  /** The other entities involved: the upstreams read, the charts or dashboards, the cycle's datasets. */
  related: string[];
  detail: string;
  domain: string | null;
}

export function layerSmells(
  datasets: readonly CatalogDataset[],
  layers: ReadonlyMap<string, LayerJudgement>,
): LayerSmell[] {
  const byUrn = new Map(datasets.map((d) => [d.urn, d]));
  const layerOf = (urn: string): Layer | null => layers.get(urn)?.layer ?? null;
  const downstreams = downstreamsOf(datasets);
  const out: LayerSmell[] = [];
  for (const d of datasets) {
    const layer = layerOf(d.urn);
    if (layer === 'gold') {
      for (const skipped of ['bronze', 'source'] as const) {
        const read = d.upstreams.filter((u) => byUrn.has(u) && layerOf(u) === skipped);
        if (read.length > 0)
          out.push({
            kind: skipped === 'bronze' ? 'GOLD_READS_BRONZE' : 'GOLD_READS_SOURCE',
            datasetUrn: d.urn,
            related: read,
            detail: `gold ${d.name} reads ${read.length} ${skipped} dataset(s) directly`,
            domain: d.domain,
          });
      }
    }
    if (layer !== null && layer !== 'gold' && d.consumers.length > 0)
      out.push({
        kind: 'DASHBOARD_ON_NON_GOLD',
        datasetUrn: d.urn,
        related: d.consumers.map((c) => c.urn),
        detail: `${d.consumers.length} chart(s) or dashboard(s) read ${layer} ${d.name}`,
        domain: d.domain,
      });
    if (layer === 'silver' && !downstreams.has(d.urn) && d.consumers.length === 0)
      out.push({
        kind: 'ORPHANED_SILVER',
        datasetUrn: d.urn,
        related: [],
        detail: `silver ${d.name} is read by no dataset, chart or dashboard`,
        domain: d.domain,
      });
  }
  for (const cycle of lineageCycles(datasets)) {
    const first = byUrn.get(cycle[0]!)!;
    out.push({
      kind: 'LINEAGE_CYCLE',
      datasetUrn: first.urn,
      related: cycle,
      detail: `${cycle.length} dataset(s) read each other in a cycle`,
      domain: first.domain,
    });
  }
  return out;
}
