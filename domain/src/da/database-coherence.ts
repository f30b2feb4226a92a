import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { IndexedDataset } from '../ports/search-documents.js';
import { joinable, shortName } from './joins.js';
import type { NlSearchDeps, RankedUrn } from './nl-search.js';
import { STOP, stem, tokens } from './question-words.js';

/**
 * Database coherence, the last step of ranking: the databases and schemas of the top hits weighed as a whole,
 * by their best table, by how much of the question their tables cover together and by their own embedding.
 */

/** Top hits whose databases or schemas are weighed as a whole. */
const CONTAINER_TOP = 20;
/** A database or schema with at most this many datasets is read whole when weighed. */
const SMALL_CONTAINER = 64;
/** Weight, next to a table's own (0..1) score, of its database's score and of joining its database's best tables. */
const CONTAINER_WEIGHT = 1;
const JOIN_WEIGHT = 0.3;
/** Within a database's score: its best table against how much of the question its tables cover together. */
const PEAK_SHARE = 0.5;
/** Share of a database's score that comes from its own embedding's closeness to the question (hybrid). */
const MEANING_SHARE = 0.3;

/** The stemmed words a dataset's name, description, columns and labels use (kept in `datasetWords`). */
function wordsOf(d: IndexedDataset, datasetWords?: BoundedCache<IndexedDataset, ReadonlySet<string>>) {
  const kept = datasetWords?.get(d);
  if (kept) return kept;
  const words = datasetWordsOf(d);
  datasetWords?.set(d, words);
  return words;
}

function datasetWordsOf(d: IndexedDataset): Set<string> {
  const text = [
    shortName(d),
    d.description ?? '',
    ...d.fields.flatMap((f) => [f.path, f.description ?? '']),
    ...d.tags.map((t) => t.name),
    ...d.terms.map((t) => t.name),
  ].join(' ');
  return new Set(tokens(text).map(stem));
}

/**
 * Database coherence: one question is answered inside one database or schema, often by several of its tables
 * (one matches the subject, others the conditions, others only join them). The databases of the top hits
 * are weighed as a whole, small ones read entirely: by their best table and by how much of the question
 * their tables cover together (each word weighted by how rare it is among the candidates). A table's score
 * adds its database's weight and, for a table joining one of its database's best tables by key, a share of
 * that table's score; tables of a weighed database that no retriever found join the candidates.
 */
export async function coherent(
  deps: NlSearchDeps,
  query: string,
  head: RankedUrn[],
  docs: Map<string, IndexedDataset>,
  within: string[] | null,
  queryVector: Float32Array | undefined,
): Promise<RankedUrn[]> {
  const { documents } = deps;
  if (head.length === 0) return head;
  const top = Math.max(...head.map((r) => r.score)) || 1;
  const containerOf = (urn: string) => docs.get(urn)?.container?.urn ?? urn;
  const candidates = [
    ...new Set(
      head
        .slice(0, CONTAINER_TOP)
        .map((r) => docs.get(r.urn)?.container?.urn)
        .filter((c): c is string => typeof c === 'string'),
    ),
  ];
  const pool = new Map(head.map((r) => [r.urn, r]));
  // How close each candidate database is to the question by meaning, scaled over the candidates.
  const meaning = new Map<string, number>();
  if (queryVector && deps.vectors && candidates.length > 1) {
    const hits = await deps.vectors.search(queryVector, candidates.length, candidates).catch(() => []);
    const hi = Math.max(...hits.map((h) => h.score));
    const lo = Math.min(...hits.map((h) => h.score));
    for (const h of hits) meaning.set(h.id, hi > lo ? (h.score - lo) / (hi - lo) : 1);
  }
  if (candidates.length > 0) {
    const sizes = await documents.containerSizes(candidates);
    const small = candidates.filter((c) => (sizes.get(c) ?? 0) <= SMALL_CONTAINER);
    if (small.length > 0) {
      let members = await documents.filter(
        [[{ column: 'container', values: small }]],
        SMALL_CONTAINER * small.length,
      );
      if (within) {
        // The filter's answer can be tens of thousands of urns: matched against the few members, not made a set.
        const candidates = new Set(members);
        const allowed = new Set<string>();
        for (const u of within) if (candidates.has(u)) allowed.add(u);
        members = members.filter((u) => allowed.has(u));
      }
      for (const [u, d] of await documents.get(members.filter((u) => !docs.has(u)))) docs.set(u, d);
      for (const u of members) if (!pool.has(u) && docs.has(u)) pool.set(u, { urn: u, score: 0, ranks: {} });
    }
  }
  const words = [
    ...new Set(
      tokens(query)
        .filter((w) => !STOP.has(w) && w.length > 1)
        .map(stem),
    ),
  ];
  const vocab = new Map<string, ReadonlySet<string>>();
  for (const urn of pool.keys())
    vocab.set(urn, docs.has(urn) ? wordsOf(docs.get(urn)!, deps.memo?.datasetWords) : new Set());
  const weight = new Map<string, number>();
  for (const w of words) {
    let df = 0;
    for (const v of vocab.values()) if (v.has(w)) df++;
    if (df > 0) weight.set(w, Math.log(1 + pool.size / df));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const groups = new Map<string, RankedUrn[]>();
  for (const r of pool.values()) {
    const c = containerOf(r.urn);
    groups.set(c, [...(groups.get(c) ?? []), r]);
  }
  const out: RankedUrn[] = [];
  for (const [key, members] of groups) {
    members.sort((a, b) => b.score - a.score || a.urn.localeCompare(b.urn));
    const covered = new Set<string>();
    for (const m of members) for (const w of vocab.get(m.urn)!) if (weight.has(w)) covered.add(w);
    const coverage = [...covered].reduce((s, w) => s + weight.get(w)!, 0) / total;
    const peak = members[0]!.score / top;
    const lexical = PEAK_SHARE * peak + (1 - PEAK_SHARE) * coverage;
    const container = meaning.has(key)
      ? (1 - MEANING_SHARE) * lexical + MEANING_SHARE * meaning.get(key)!
      : lexical;
    const best = members.slice(0, 3).filter((m) => m.score > 0);
    for (const m of members) {
      const d = docs.get(m.urn);
      let join = 0;
      if (d)
        for (const b of best)
          if (b !== m && docs.has(b.urn) && joinable(d, docs.get(b.urn)!, deps.memo?.joinProfiles))
            join = Math.max(join, b.score / top);
      out.push({ ...m, score: m.score / top + CONTAINER_WEIGHT * container + JOIN_WEIGHT * join });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.urn.localeCompare(b.urn));
}
