import type { CatalogView, DatasetView } from './catalog-view.js';
import { analysisOf } from './column-docs.js';
import type { Proposal } from './types.js';

/**
 * Near-duplicate tables told apart: tables with the same name once layer and copy prefixes and suffixes are
 * dropped, or lineage neighbours with mostly the same columns, get a short factual account of how each differs
 * from the others (columns only in one, filters in its SQL, platform, layer, owners, freshness, deprecation),
 * proposed as an addendum to its description.
 */

const AFFIXES =
  /^(raw|stg|staging|src|int|dim|fct|fact|mart|tmp|temp|bronze|silver|gold)_|_(v\d+|copy|backup|bak|replica|snapshot|old|new|tmp|clean|cleaned|raw|latest|hist|history)$/;

export function copyKey(name: string): string {
  let key = name.toLowerCase();
  for (let i = 0; i < 3; i++) key = key.replace(AFFIXES, '');
  return key;
}

function columns(d: DatasetView): Set<string> {
  return new Set(d.fields.map((f) => f.fieldPath.toLowerCase()));
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** Groups of near-duplicates (two or more datasets each). */
export function similarGroups(catalog: CatalogView, minOverlap = 0.8): DatasetView[][] {
  const parent = new Map<string, string>();
  const find = (u: string): string => {
    let r = u;
    while (parent.get(r) !== r && parent.has(r)) r = parent.get(r)!;
    parent.set(u, r);
    return r;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const byKey = new Map<string, DatasetView[]>();
  for (const d of catalog.datasets.values()) {
    parent.set(d.urn, d.urn);
    if (d.fields.length === 0) continue;
    const k = copyKey(d.name);
    byKey.set(k, [...(byKey.get(k) ?? []), d]);
  }
  for (const group of byKey.values()) {
    for (let i = 1; i < group.length; i++)
      if (jaccard(columns(group[0]!), columns(group[i]!)) >= 0.5) union(group[0]!.urn, group[i]!.urn);
  }
  for (const d of catalog.datasets.values())
    for (const u of d.upstreams) {
      const up = catalog.datasets.get(u);
      if (up && up.fields.length >= 3 && jaccard(columns(d), columns(up)) >= minOverlap) union(d.urn, u);
    }
  const groups = new Map<string, DatasetView[]>();
  for (const d of catalog.datasets.values()) {
    const r = find(d.urn);
    groups.set(r, [...(groups.get(r) ?? []), d]);
  }
  return [...groups.values()].filter((g) => g.length >= 2 && g.length <= 12);
}

const label = (d: DatasetView) => `\`${d.name}\` (${d.platform})`;
const listOf = (xs: readonly string[], max = 6) =>
  xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', ');

/** How one member of a group differs from the others, in short factual sentences. */
export function differences(d: DatasetView, others: readonly DatasetView[]): string[] {
  const mine = columns(d);
  const theirs = new Set(others.flatMap((o) => [...columns(o)]));
  const out: string[] = [];
  const only = [...mine].filter((c) => !theirs.has(c));
  const missing = [...theirs].filter((c) => !mine.has(c) && others.every((o) => columns(o).has(c)));
  if (only.length > 0) out.push(`Only this table has ${listOf(only)}.`);
  if (missing.length > 0) out.push(`It lacks ${listOf(missing)}.`);
  const analysis = analysisOf(d);
  if (analysis && !('error' in analysis)) {
    if (analysis.filters.length > 0)
      out.push(`Its SQL keeps only rows where ${analysis.filters.join(' and ')}.`);
    if (analysis.grain.length > 0) out.push(`It has one row per ${analysis.grain.join(', ')}.`);
  }
  if (others.every((o) => o.platform !== d.platform)) out.push(`It is the ${d.platform} copy.`);
  if (d.layer && others.every((o) => o.layer !== d.layer)) out.push(`Layer: ${d.layer}.`);
  if (d.deprecated && others.some((o) => !o.deprecated)) out.push('It is deprecated.');
  if (!d.deprecated && others.some((o) => o.deprecated)) out.push('It is not deprecated.');
  const myOwners = new Set(d.ownerUrns);
  const otherOwners = new Set(others.flatMap((o) => o.ownerUrns));
  const ownOnly = d.ownerUrns
    .filter((o) => !otherOwners.has(o))
    .map((o) => o.replace(/^urn:li:corp(user|Group):/, ''));
  if (ownOnly.length > 0 && myOwners.size > 0) out.push(`Owned by ${listOf(ownOnly, 3)}.`);
  const newest = Math.max(...others.map((o) => o.lastModified ?? 0));
  if (d.lastModified && newest && d.lastModified < newest - 86_400_000)
    out.push(`Last changed ${new Date(d.lastModified).toISOString().slice(0, 10)}, before the others.`);
  if (d.upstreams.some((u) => others.some((o) => o.urn === u)))
    out.push(`It is built from ${listOf(others.filter((o) => d.upstreams.includes(o.urn)).map(label), 3)}.`);
  return out;
}

export function similarTablesProposals(catalog: CatalogView): Proposal[] {
  const out: Proposal[] = [];
  for (const group of similarGroups(catalog)) {
    for (const d of group) {
      const others = group.filter((o) => o !== d);
      const diffs = differences(d, others);
      const text = `Similar tables: ${listOf(others.map(label), 5)}. ${diffs.length > 0 ? diffs.join(' ') : 'No difference in columns, SQL, platform, layer or owners was found.'}`;
      out.push({
        datasetUrn: d.urn,
        fieldPath: null,
        kind: 'similar_tables',
        value: { kind: 'similar_tables', text },
        baseline: d.editableDescription,
        evidence: others.map((o) => ({
          kind: 'schema_overlap',
          detail: `${Math.round(jaccard(columns(d), columns(o)) * 100)}% of columns shared with ${o.name} (${o.platform})`,
          urn: o.urn,
        })),
        confidence: 0.6,
        phrasedBy: 'deterministic',
      });
    }
  }
  return out;
}
