import { urnDisplayId } from '@dataspoke/hub/urn';
import type { HubDatasetSummary, HubEntity, HubPort } from '../ports/hub-port.js';
import { declaredLayer, type LayerJudgement } from './overview/layer-inference.js';

/**
 * Counts of the catalog's datasets by platform, domain and layer. The layer is the one the overview infers
 * (dg/overview/layer-inference.ts) when its judgements are given, else the one the dataset declares; a dataset
 * of unknown layer counts under a null key.
 */

export interface KeyCount {
  /** Platform or domain urn, or layer name; null when the dataset has none. */
  key: string | null;
  /**
   * What to show for the key: a domain's name, a platform's display name (as DataHub shows them: the domain's
   * id, the platform's name when it has none), the layer itself; null for the null key.
   */
  name: string | null;
  count: number;
}

export interface CatalogSummary {
  datasets: number;
  byPlatform: KeyCount[];
  byDomain: KeyCount[];
  byLayer: KeyCount[];
}

const PAGE = 1000;

/**
 * The layer a dataset declares (its `layer` property, else a layer tag): the declared part of the overview's
 * layer inference, for when the inferred layers are not at hand.
 */
export function layerOf(dataset: HubDatasetSummary): string | null {
  const declared = declaredLayer({
    properties: Object.fromEntries(
      (dataset.properties?.customProperties ?? []).map((p) => [p.key, p.value ?? '']),
    ),
    tags: (dataset.tags?.tags ?? []).map((t) => ({ urn: t.tag.urn, name: urnDisplayId(t.tag.urn) })),
    terms: [],
  });
  return declared?.layer ?? null;
}

function counts(values: Iterable<string | null>, nameOf: (key: string) => string): KeyCount[] {
  const map = new Map<string | null, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return [...map]
    .map(([key, count]) => ({ key, name: key === null ? null : nameOf(key), count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));
}

/**
 * Counts the datasets; `names` holds the display names of domains and platforms read from the hub (see
 * catalogSummary), and keys without one get DataHub's fallback.
 */
export function summarizeDatasets(
  datasets: readonly HubDatasetSummary[],
  names: ReadonlyMap<string, string> = new Map(),
  layers?: ReadonlyMap<string, LayerJudgement>,
): CatalogSummary {
  const platformNames = new Map(datasets.map((d) => [d.platform.urn, d.platform.name]));
  return {
    datasets: datasets.length,
    byPlatform: counts(
      datasets.map((d) => d.platform.urn),
      (urn) => names.get(urn) ?? platformNames.get(urn) ?? urnDisplayId(urn),
    ),
    byDomain: counts(
      datasets.map((d) => d.domain?.domain.urn ?? null),
      (urn) => names.get(urn) ?? urnDisplayId(urn),
    ),
    byLayer: counts(
      datasets.map((d) => (layers ? (layers.get(d.urn)?.layer ?? null) : layerOf(d))),
      (layer) => layer,
    ),
  };
}

/** A domain's name or a platform's display name, when the hub has a non-empty one (DataHub's UI: `name || id`). */
function displayName(entity: HubEntity): string | undefined {
  const properties = entity.properties as { name?: unknown; displayName?: unknown } | null | undefined;
  const name = entity.type === 'DATA_PLATFORM' ? properties?.displayName : properties?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * Reads every dataset page by page (one hub call per 1,000 datasets), counts them, and names the domains and
 * platforms counted (one more hub call). `layers`: the overview's inferred layers, by urn.
 */
export async function catalogSummary(
  hub: HubPort,
  layers?: ReadonlyMap<string, LayerJudgement>,
): Promise<CatalogSummary> {
  const all: HubDatasetSummary[] = [];
  let scrollId: string | null = null;
  do {
    const page = await hub.scrollDatasets({ scrollId, count: PAGE });
    all.push(...page.datasets);
    scrollId = page.datasets.length > 0 ? page.nextScrollId : null;
  } while (scrollId);
  const named = new Set<string>();
  for (const d of all) {
    named.add(d.platform.urn);
    if (d.domain) named.add(d.domain.domain.urn);
  }
  const names = new Map<string, string>();
  if (named.size > 0) {
    for (const [urn, entity] of await hub.getEntities([...named])) {
      const name = displayName(entity);
      if (name) names.set(urn, name);
    }
  }
  return summarizeDatasets(all, names, layers);
}
