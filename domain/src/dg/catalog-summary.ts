import type { HubDatasetSummary, HubPort } from '../ports/hub-port.js';

/**
 * Counts of the catalog's datasets by platform, domain and layer. The layer is the dataset's `layer` custom
 * property, else its Bronze, Silver or Gold tag; a dataset with none counts under a null key.
 */

export interface KeyCount {
  /** Platform or domain urn, or layer name; null when the dataset has none. */
  key: string | null;
  count: number;
}

export interface CatalogSummary {
  datasets: number;
  byPlatform: KeyCount[];
  byDomain: KeyCount[];
  byLayer: KeyCount[];
}

const LAYER_TAGS = new Map([
  ['urn:li:tag:bronze', 'bronze'],
  ['urn:li:tag:silver', 'silver'],
  ['urn:li:tag:gold', 'gold'],
]);
const PAGE = 1000;

export function layerOf(dataset: HubDatasetSummary): string | null {
  const property = dataset.properties?.customProperties?.find((p) => p.key === 'layer')?.value?.trim();
  if (property) return property.toLowerCase();
  for (const t of dataset.tags?.tags ?? []) {
    const layer = LAYER_TAGS.get(t.tag.urn.toLowerCase());
    if (layer) return layer;
  }
  return null;
}

function counts(values: Iterable<string | null>): KeyCount[] {
  const map = new Map<string | null, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));
}

export function summarizeDatasets(datasets: readonly HubDatasetSummary[]): CatalogSummary {
  return {
    datasets: datasets.length,
    byPlatform: counts(datasets.map((d) => d.platform.urn)),
    byDomain: counts(datasets.map((d) => d.domain?.domain.urn ?? null)),
    byLayer: counts(datasets.map(layerOf)),
  };
}

/** Reads every dataset page by page (one hub call per 1,000 datasets) and counts them. */
export async function catalogSummary(hub: HubPort): Promise<CatalogSummary> {
  const all: HubDatasetSummary[] = [];
  let scrollId: string | null = null;
  do {
    const page = await hub.scrollDatasets({ scrollId, count: PAGE });
    all.push(...page.datasets);
    scrollId = page.datasets.length > 0 ? page.nextScrollId : null;
  } while (scrollId);
  return summarizeDatasets(all);
}
