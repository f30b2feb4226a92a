import { type CatalogView, type DatasetView } from './catalog-view.js';
import { analysisOf } from './column-docs.js';
import type { Evidence, Proposal } from './types.js';

/**
 * A table description for an undocumented dataset: from its SQL, its grain (GROUP BY), filters and sources;
 * without SQL, from its upstream: a copy of one documented table (same name, same columns) gets that
 * table's description, anything else the list of what it is built from.
 */

const list = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

function sameColumns(a: DatasetView, b: DatasetView): boolean {
  const names = (d: DatasetView) => new Set(d.fields.map((f) => f.fieldPath.toLowerCase()));
  const x = names(a);
  const y = names(b);
  return x.size > 0 && x.size === y.size && [...x].every((n) => y.has(n));
}

export function tableProposal(dataset: DatasetView, catalog: CatalogView): Proposal | null {
  if (dataset.description) return null;
  const evidence: Evidence[] = [];
  const analysis = analysisOf(dataset);
  let text: string | null = null;
  let confidence = 0.5;
  const upstreams = dataset.upstreams
    .map((u) => catalog.datasets.get(u))
    .filter((d): d is DatasetView => d !== undefined);
  const copyOf = upstreams.find(
    (u) => u.description && u.name.toLowerCase() === dataset.name.toLowerCase() && sameColumns(u, dataset),
  );
  if (copyOf) {
    text = copyOf.description!.trim();
    confidence = 0.8;
    evidence.push({
      kind: 'lineage',
      detail: `a copy of ${copyOf.name} (${copyOf.platform}): same name and columns`,
      urn: copyOf.urn,
    });
  } else if (analysis && !('error' in analysis)) {
    const sources = analysis.sources.map((s) => `\`${s}\``);
    const grain =
      analysis.grain.length > 0
        ? `One row per ${analysis.grain.join(', ')}`
        : analysis.starTables.length === 1 && analysis.columns.length === 0
          ? `All rows and columns of \`${analysis.starTables[0]}\``
          : 'One row per source row';
    text = `${grain}${sources.length > 0 ? ` from ${list(sources)}` : ''}${
      analysis.filters.length > 0 ? `, where ${analysis.filters.join(' and ')}` : ''
    }.`;
    const aggregates = analysis.columns.filter((c) => c.aggregate).map((c) => c.name);
    if (aggregates.length > 0) text += ` Measures: ${list(aggregates)}.`;
    confidence = 0.65;
    evidence.push({ kind: 'sql', detail: `${dataset.sql!.origin} (${analysis.dialect})`, urn: dataset.urn });
  } else if (upstreams.length > 0) {
    text = `Built from ${list(upstreams.map((u) => `\`${u.name}\` (${u.platform})`))}.`;
    confidence = 0.4;
    evidence.push({ kind: 'lineage', detail: `${upstreams.length} upstream dataset(s)`, urn: dataset.urn });
  }
  if (!text) return null;
  for (const u of upstreams)
    if (u.description && u !== copyOf)
      evidence.push({ kind: 'upstream_doc', detail: u.description.slice(0, 300), urn: u.urn });
  return {
    datasetUrn: dataset.urn,
    fieldPath: null,
    kind: 'table_description',
    value: { kind: 'table_description', text },
    baseline: dataset.editableDescription,
    evidence,
    confidence,
    phrasedBy: 'deterministic',
  };
}
