import type { CopyCandidate, IndexedDataset } from '../ports/search-documents.js';

/**
 * Copies of a table: the same table on several platforms or layers (a source table, its raw landing copy,
 * its cleaned model), told apart from same-named tables that are not copies, and the curated one among them.
 */

/** A dataset's own copy-telling facts, in the shape the light read of its same-named datasets has. */
export function copyCandidateOf(d: IndexedDataset): CopyCandidate {
  return {
    urn: d.urn,
    copyKey: d.copyKey,
    platform: d.platform,
    layer: d.layer,
    curated: d.curated,
    deprecated: d.deprecation !== null,
    documentation: d.documentation,
    usage: d.usage,
    upstreams: d.upstreams.map((u) => u.urn),
    downstreams: d.downstreams.map((u) => u.urn),
    columns: d.fields.map((f) => f.path.toLowerCase()),
  };
}

/**
 * Copies of a dataset among same-named ones: those linked to it by lineage through same-named datasets (a
 * source table, its raw landing copy, its cleaned model), and same-named tables on another platform with
 * nearly the same columns. Same-named tables of other regions or schemas without such a link are not copies.
 */
export function copyGroup(
  d: CopyCandidate,
  sameName: readonly CopyCandidate[],
  byUrn: ReadonlyMap<string, CopyCandidate> = candidatesByUrn(sameName),
): CopyCandidate[] {
  const get = (urn: string) => (urn === d.urn ? d : byUrn.get(urn));
  const group = new Set([d.urn]);
  const queue = [d];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (const n of [...x.upstreams, ...x.downstreams]) {
      const c = get(n);
      if (c && !group.has(c.urn)) {
        group.add(c.urn);
        queue.push(c);
      }
    }
  }
  const cols = new Set(d.columns);
  // Same-named tables often share one column list (copies do): each list is compared once.
  const sharedOf = new Map<readonly string[], number>();
  for (const c of sameName) {
    if (group.has(c.urn) || c.platform.urn === d.platform.urn || cols.size === 0) continue;
    let shared = sharedOf.get(c.columns);
    if (shared === undefined) sharedOf.set(c.columns, (shared = c.columns.filter((p) => cols.has(p)).length));
    if (shared / Math.max(cols.size, c.columns.length) >= 0.8) group.add(c.urn);
  }
  return [...group].map((u) => get(u)!);
}

/** Same-named candidates by urn (the hits of one page that share a copy key share it). */
export function candidatesByUrn(sameName: readonly CopyCandidate[]): Map<string, CopyCandidate> {
  return new Map(sameName.map((c) => [c.urn, c]));
}

const LAYER_ORDER: Record<string, number> = { gold: 3, silver: 2, bronze: 0, source: 1 };

/** Among copies of a table: the curated one, else the highest layer, best documented, most used, not deprecated. */
export function curatedSource(copies: readonly CopyCandidate[]): string | null {
  const score = (d: CopyCandidate) =>
    (d.deprecated ? -100 : 0) +
    (d.curated ? 10 : 0) +
    (LAYER_ORDER[d.layer ?? ''] ?? 1) +
    d.documentation +
    d.usage;
  // The first of them sorted by score, then urn: found in one pass (a copy group can be hundreds of tables),
  // the earliest of equals kept as a stable sort would.
  let best: CopyCandidate | undefined;
  let bestScore = 0;
  for (const c of copies) {
    const cs = score(c);
    if (
      best === undefined ||
      cs - bestScore > 0 ||
      (cs - bestScore === 0 && c.urn.localeCompare(best.urn) < 0)
    ) {
      best = c;
      bestScore = cs;
    }
  }
  return best?.urn ?? null;
}

/** A further copy of a table ranks as if it scored this share of its own score. */
const COPY_SHARE = 0.5;

/**
 * The head of a ranking with copies of one table folded: the best ranked copy keeps its place and the others
 * rank as if they scored half as much (each hit lists its copies, so none is lost), so that one table copied
 * to four platforms does not take four of the first places from distinct tables nearly as good, while it still
 * ranks above weak ones.
 */
export function foldCopies<R extends { urn: string; score: number }>(
  ranked: readonly R[],
  docs: ReadonlyMap<string, IndexedDataset>,
  head: number,
): R[] {
  const top = ranked.slice(0, head);
  const byKey = new Map<string, CopyCandidate[]>();
  for (const r of top) {
    const d = docs.get(r.urn);
    if (d) byKey.set(d.copyKey, [...(byKey.get(d.copyKey) ?? []), copyCandidateOf(d)]);
  }
  const folded = new Set<string>();
  for (const r of top) {
    const d = docs.get(r.urn);
    if (!d || folded.has(r.urn)) continue;
    const sameName = byKey.get(d.copyKey)!;
    if (sameName.length < 2) continue;
    for (const c of copyGroup(copyCandidateOf(d), sameName)) if (c.urn !== r.urn) folded.add(c.urn);
  }
  if (folded.size === 0) return [...ranked];
  const rankOf = (r: R) => (folded.has(r.urn) ? COPY_SHARE * r.score : r.score);
  // Stable: equal ranks keep their order.
  return [
    ...top
      .map((r, i) => ({ r, i }))
      .sort((a, b) => rankOf(b.r) - rankOf(a.r) || a.i - b.i)
      .map((x) => x.r),
    ...ranked.slice(head),
  ];
}
