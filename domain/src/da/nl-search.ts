import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { Embedder } from '../ports/embedder.js';
import type { IndexedDataset, SearchDocuments } from '../ports/search-documents.js';
import type { VectorIndex } from '../ports/vector-index.js';
import { InvalidInputError } from '../shared/errors.js';
import { isContainerVector } from '../shared/search-document.js';
import { candidatesByUrn, copyCandidateOf, copyGroup, curatedSource, foldCopies } from './copy-groups.js';
import { coherent } from './database-coherence.js';
import { exactMatches } from './exact-names.js';
import { evidenceOf, type Evidence } from './evidence.js';
import {
  clausesOf,
  FILTER_CAP,
  operatorsOf,
  withoutOperators,
  resolveExplicit,
  understand,
  type UnderstoodFilter,
} from './search-filters.js';
import type { SearchMemo } from './search-memo.js';
import { resolveConsumers, ViaLineage } from './used-by-lineage.js';

/**
 * Natural-language dataset search: a question in plain words ranked by three retrievers fused by reciprocal
 * rank (PostgreSQL full text, dense sentence embeddings, and the structured filters the question names:
 * tags, glossary terms, domains, owners, platforms, layers, "used by …"), then by ranking signals (usage,
 * documentation, layer, curation, deprecation) and by the coherence of a database or schema among the top
 * hits. A missing vector extension or a failing embedder degrades to lexical results with a warning.
 *
 * Here: the input, the retrievers and their fusion, and the page of hits. Beside it: the filters
 * (search-filters.ts, used-by-lineage.ts), database coherence, evidence and copies of a table.
 */

export interface NlSearchDeps {
  documents: SearchDocuments;
  embedder?: Embedder | null;
  vectors?: VectorIndex | null;
  now?: () => number;
  /** What is kept from one question to the next (the composition root makes one); absent: nothing. */
  memo?: SearchMemo | null;
  /** Where each question asked is recorded, for the search usage metrics (dg/metrics/search-usage.ts). */
  usage?: { questionAsked(question: string): void } | null;
}

export const MAX_QUESTION = 1000;
export const MAX_SEARCH_LIMIT = 100;
const MAX_OFFSET = 1000;
/** Candidates each retriever contributes to the fusion. */
const DEPTH = 100;
/** Weight of full text against dense similarity in the fused score (dense gets the rest). */
const LEXICAL_WEIGHT = 0.6;
/**
 * Hits that get ranking signals, database coherence and copy folding; the rest keep the fused order after
 * them, the same for every page (as a search engine's rescore window).
 */
const HEAD = 50;
/**
 * Dense similarities are scaled between the best and this rank's (lower ones count nothing), so that how far
 * apart the candidates are means the same whatever the list's length: the fusion weights were tuned on lists
 * pgvector cut at its default graph breadth of 40 while the real[] index returned all it was asked for. So
 * dense search asks for this many neighbours (or a page's worth), not DEPTH.
 */
const DENSE_REFERENCE = 40;
/** Extra neighbours asked of the vector index, since database vectors share it with dataset vectors. */
const CONTAINER_SLACK = 20;

export type SearchMethod = 'hybrid' | 'lexical' | 'dense';

export interface NlSearchFilters {
  platforms?: readonly string[] | null;
  domains?: readonly string[] | null;
  tags?: readonly string[] | null;
  terms?: readonly string[] | null;
  owners?: readonly string[] | null;
  layers?: readonly string[] | null;
  /** Dashboards, charts, or their owners, groups or domains. */
  usedBy?: readonly string[] | null;
  includeDeprecated?: boolean | null;
}

export interface NlSearchInput {
  query: string;
  filters?: NlSearchFilters | null;
  limit?: number | null;
  offset?: number | null;
  method?: SearchMethod | null;
}

export interface CopyInfo {
  urn: string;
  platform: string;
  layer: string | null;
  curated: boolean;
  deprecated: boolean;
}

export interface NlSearchHit {
  dataset: IndexedDataset;
  score: number;
  /** Rank in each retriever (1-based), absent where it did not retrieve the dataset. */
  ranks: { lexical?: number; dense?: number; filters?: number };
  evidence: Evidence[];
  /** Other copies of the same table (same name and columns) on other platforms or layers. */
  copies: CopyInfo[];
  /** Among the copies, the curated source (this dataset or one of `copies`). */
  curatedSource: string | null;
}

export interface NlSearchResult {
  query: string;
  method: SearchMethod;
  total: number;
  offset: number;
  limit: number;
  understood: UnderstoodFilter[];
  warnings: string[];
  hits: NlSearchHit[];
}

const LAYER_SIGNAL: Record<string, number> = { gold: 0.06, silver: 0.04, bronze: -0.04, source: -0.02 };

/** Multiplier from ranking signals: small, so that relevance leads and signals break near-ties. */
function signal(d: IndexedDataset): number {
  let s =
    1 + 0.06 * d.documentation + 0.08 * d.usage + (LAYER_SIGNAL[d.layer ?? ''] ?? 0) + (d.curated ? 0.05 : 0);
  if (d.deprecation) s *= 0.6;
  return s;
}

function validate(input: NlSearchInput): {
  query: string;
  limit: number;
  offset: number;
  method: SearchMethod;
} {
  const query = (input.query ?? '').trim();
  if (query === '') throw new InvalidInputError('INVALID_QUERY', 'query must not be empty');
  if (query.length > MAX_QUESTION)
    throw new InvalidInputError(
      'INVALID_QUERY',
      `query must be at most ${MAX_QUESTION} characters (got ${query.length})`,
    );
  const limit = input.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new InvalidInputError('INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  const offset = input.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    throw new InvalidInputError('INVALID_OFFSET', `offset must be an integer from 0 to ${MAX_OFFSET}`);
  const method = input.method ?? 'hybrid';
  if (!['hybrid', 'lexical', 'dense'].includes(method))
    throw new InvalidInputError('INVALID_METHOD', 'method must be hybrid, lexical or dense');
  return { query, limit, offset, method };
}

/** Ranked urns with their fused score and per-retriever ranks, before documents are read. */
export interface RankedUrn {
  urn: string;
  score: number;
  ranks: NlSearchHit['ranks'];
  dense?: number;
  /** The question is this dataset's name (or urn, or one of its columns qualified by it). */
  exact?: boolean;
}

/** At most this share of the best fused score is added for carrying the labels a question mentions. */
const EVIDENCE_SHARE = 0.1;

/** What carrying a label says of a dataset in a catalog of `catalog` datasets `carriers` of which carry it: 0..1. */
export function labelWeight(catalog: number, carriers: number): number {
  return catalog > 1 ? Math.log(catalog / Math.min(catalog, Math.max(1, carriers))) / Math.log(catalog) : 1;
}

/**
 * The label urns each mentioned phrase names (one phrase may name a tag and a term alike), each with what
 * carrying one of them says about a dataset: the labels' inverse document frequency over the catalog, 0..1
 * (labels on one dataset say all, labels on every dataset nothing). "Order" mentioned in "in order of age"
 * names a term half an e-commerce catalog carries, which should not lift all of it over a better text match.
 */
async function mentionedLabels(
  documents: SearchDocuments,
  mentioned: readonly UnderstoodFilter[],
): Promise<{ urns: ReadonlySet<string>; weight: number }[]> {
  if (mentioned.length === 0) return [];
  const byPhrase = new Map<string, UnderstoodFilter[]>();
  for (const u of mentioned) byPhrase.set(u.phrase, [...(byPhrase.get(u.phrase) ?? []), u]);
  const n = await documents.count();
  return Promise.all(
    [...byPhrase.values()].map(async (filters) => {
      const carriers = (await documents.filter(clausesOf(filters), FILTER_CAP)).length;
      return {
        urns: new Set(filters.flatMap((u) => u.values.map((v) => v.urn))),
        weight: labelWeight(n, carriers),
      };
    }),
  );
}

function carries(d: IndexedDataset, urns: ReadonlySet<string>): boolean {
  return (
    d.tags.some((t) => urns.has(t.urn)) ||
    d.terms.some((t) => urns.has(t.urn)) ||
    d.owners.some((o) => urns.has(o.urn)) ||
    (d.domain !== null && urns.has(d.domain.urn)) ||
    urns.has(d.platform.urn) ||
    (d.layer !== null && urns.has(d.layer))
  );
}

/** The filters asked for, as a warning names them. */
function describeFilters(filters: NlSearchFilters, asked: readonly UnderstoodFilter[]): string {
  const given = Object.entries(filters)
    .filter(([key, values]) => key !== 'includeDeprecated' && Array.isArray(values) && values.length > 0)
    .map(([key, values]) => `filters.${key} ${(values as string[]).join('|')}`);
  return [...given, ...asked.map((u) => `${u.kind} "${u.phrase}"`)].join(', ') || 'the filters';
}

export async function rankCatalog(
  deps: NlSearchDeps,
  input: NlSearchInput,
): Promise<{
  ranked: RankedUrn[];
  understood: UnderstoodFilter[];
  warnings: string[];
  method: SearchMethod;
  query: string;
  limit: number;
  offset: number;
  /** For datasets matched through lineage by a "used by" filter: the dataset the consumers read. */
  via: ViaLineage;
}> {
  const { query, limit, offset, method } = validate(input);
  const { documents } = deps;
  const warnings: string[] = [];
  // The question's embedding runs in a worker thread while filters and full text run here.
  const searchText = withoutOperators(query);
  const embedding =
    method !== 'lexical' && deps.embedder && deps.vectors && searchText !== ''
      ? embedQuestion(deps.embedder, searchText, deps.memo?.questionVectors)
      : null;
  embedding?.catch(() => undefined);
  const via = new ViaLineage();
  const labels = await documents.labels();
  const explicit = resolveExplicit(input.filters ?? {}, labels);
  // Deprecated datasets left out are left out of the candidates, so that every retriever fills its depth
  // with current ones: a page is full whenever enough current datasets match (when any is deprecated).
  const current =
    input.filters?.includeDeprecated === false &&
    (await documents.filter([[{ column: 'deprecated', values: ['true'] }]], 1)).length > 0;
  if (current) explicit.push([{ column: 'deprecated', values: ['false'] }]);
  // Operators (`tag:PII`) are filters, not words to rank by; the rest of the question is.
  const { text, masked, filters: operators } = operatorsOf(query, labels);
  const understood = [...operators, ...understand(masked, labels, deps.memo?.labelIndexes)];
  const asked = understood.filter((u) => u.explicit);
  const mentioned = understood.filter((u) => !u.explicit);

  // Candidates: only the filters asked for restrict them (the caller's and the question's explicit ones).
  let within: string[] | null = null;
  const empty = asked.filter((u) => u.values.length === 0);
  if (empty.length > 0) {
    warnings.push(
      ...empty.map((u) => `${u.phrase}: no ${u.kind} of that name in the catalog, so nothing matches`),
    );
    within = [];
  } else if (explicit.length > 0 || asked.length > 0) {
    within = await documents.filter(
      await resolveConsumers(documents, [...explicit, ...clausesOf(asked)], via, deps.memo?.walkFilters),
      // Current datasets alone may be most of a catalog: none is cut.
      current ? Math.max(FILTER_CAP, await documents.count()) : FILTER_CAP,
    );
    if (within.length === 0)
      warnings.push(`no dataset matches ${describeFilters(input.filters ?? {}, asked)} together`);
  }
  if (within !== null && within.length === 0)
    return { ranked: [], understood, warnings, method, query, limit, offset, via };

  const depth = Math.max(DEPTH, offset + limit);
  const wantLexical = method !== 'dense';
  const wantDense = method !== 'lexical';
  const queryVector: { vector?: Float32Array } = {};
  const [lexical, dense] = await Promise.all([
    wantLexical ? documents.lexical(text, depth, within, { meaning: embedding }) : Promise.resolve([]),
    // Dense neighbours past the reference rank would add nothing to a score (see DENSE_REFERENCE).
    wantDense
      ? denseSearch(deps, embedding, Math.max(DENSE_REFERENCE, offset + limit), within, warnings, queryVector)
      : Promise.resolve(null),
  ]);
  if (method === 'dense' && dense === null) {
    // Dense-only was asked but vectors are unavailable: answer lexically rather than not at all.
    lexical.push(...(await documents.lexical(text, depth, within)));
  }

  // Score fusion: each retriever's scores scaled to 0..1 over its own list (full text by its best score,
  // cosine between the list's worst and best), weighted. On Spider this beat reciprocal rank fusion by
  // about two points of recall@5, because it keeps how far apart the candidates are, not only their order.
  const fused = new Map<string, RankedUrn>();
  const entry = (urn: string) => {
    let e = fused.get(urn);
    if (!e) fused.set(urn, (e = { urn, score: 0, ranks: {} }));
    return e;
  };
  // Only the first DEPTH full-text and DENSE_REFERENCE dense candidates are fused, whatever page is asked, so
  // that every page reads one ranking; a page past them continues it with the further candidates by rank.
  const deeper = { lexical: lexical.slice(DEPTH), dense: dense?.slice(DENSE_REFERENCE) ?? [] };
  const lexicalHead = lexical.slice(0, DEPTH);
  const denseHead = dense?.slice(0, DENSE_REFERENCE) ?? null;
  const lexicalWeight =
    denseHead === null || denseHead.length === 0 ? 1 : method === 'dense' ? 0 : LEXICAL_WEIGHT;
  const best = lexicalHead[0]?.score || 1;
  lexicalHead.forEach((h, i) => {
    const e = entry(h.urn);
    e.score += (lexicalWeight * h.score) / best;
    e.ranks.lexical = i + 1;
  });
  if (denseHead && denseHead.length > 0) {
    const top = denseHead[0]!.score;
    const floor = denseHead[denseHead.length - 1]!.score;
    denseHead.forEach((h, i) => {
      const e = entry(h.id);
      e.score += ((1 - lexicalWeight) * Math.max(0, h.score - floor)) / (top - floor || 1);
      e.ranks.dense = i + 1;
      e.dense = h.score;
    });
  }
  // Nothing matched the words: what the question named is the answer, in the filter's order.
  if (fused.size === 0 && (asked.length > 0 || mentioned.length > 0)) {
    const named =
      mentioned.length > 0
        ? await documents.filter([...explicit, ...clausesOf(asked), ...clausesOf(mentioned)], depth)
        : (within ?? []).slice(0, depth);
    const allowed = within && mentioned.length > 0 ? new Set(within) : null;
    for (const urn of named) if (!allowed || allowed.has(urn)) entry(urn).ranks.filters = 1;
  }
  let ranked = [...fused.values()].sort((a, b) => b.score - a.score || a.urn.localeCompare(b.urn));

  // Signals and database coherence need the documents of the head of the list. The head is HEAD long
  // whatever page is asked: were it as deep as the page, a deeper page would rerank more of the list, and a
  // dataset lifted across a page boundary would show on neither page (or on both).
  const head = ranked.slice(0, HEAD);
  const docs = await documents.get(head.map((r) => r.urn));
  const bestFused = head[0]?.score || 1;
  const mentions = await mentionedLabels(documents, mentioned);
  for (const r of head) {
    const d = docs.get(r.urn);
    if (!d) continue;
    r.score *= signal(d);
    // What the question mentions and a dataset carries is evidence for it, bounded so that it reorders
    // near-equal text matches but never lifts a weak one over a strong one, and less for a common label.
    const carried = mentions.filter((m) => carries(d, m.urns));
    if (carried.length > 0) {
      const weight = carried.reduce((sum, m) => sum + m.weight, 0);
      r.score += (EVIDENCE_SHARE * bestFused * weight) / mentions.length;
      r.ranks.filters = 1;
    }
  }
  const pool = await coherent(deps, query, head, docs, within, queryVector.vector);
  const pooled = new Set(pool.map((r) => r.urn));
  ranked = foldCopies([...pool, ...ranked.slice(head.length).filter((r) => !pooled.has(r.urn))], docs, HEAD);
  ranked.push(...deeperCandidates(deeper, new Set(ranked.map((r) => r.urn))));
  // A question that is a name (`order_items`, `orders.customer_id`, a urn): the datasets it names come first.
  const exact = new Set(await exactMatches(documents, text, within));
  if (exact.size > 0) {
    const top = ranked[0]?.score ?? 1;
    const named = ranked.filter((r) => exact.has(r.urn));
    for (const urn of exact) if (!named.some((r) => r.urn === urn)) named.push({ urn, score: 0, ranks: {} });
    ranked = [
      ...named.map((r) => ({ ...r, score: Math.max(r.score, top), exact: true })),
      ...ranked.filter((r) => !exact.has(r.urn)),
    ];
  }
  return { ranked, understood, warnings, method, query, limit, offset, via };
}

/**
 * The candidates past the fused depth, for a page deeper than it: by their rank in either list (full text first
 * on a tie), so that a deeper page only adds further ranks and never reorders what a shallower one served.
 */
function deeperCandidates(
  deeper: { lexical: readonly { urn: string }[]; dense: readonly { id: string; score: number }[] },
  served: ReadonlySet<string>,
): RankedUrn[] {
  const out: RankedUrn[] = [];
  const seen = new Set(served);
  for (let i = 0; i < Math.max(deeper.lexical.length, deeper.dense.length); i++) {
    const text = deeper.lexical[i];
    if (text && !seen.has(text.urn)) {
      seen.add(text.urn);
      out.push({ urn: text.urn, score: 0, ranks: { lexical: DEPTH + i + 1 } });
    }
    const near = deeper.dense[i];
    if (near && !seen.has(near.id)) {
      seen.add(near.id);
      out.push({ urn: near.id, score: 0, ranks: { dense: DENSE_REFERENCE + i + 1 }, dense: near.score });
    }
  }
  return out;
}

/** The question's embedding, kept in `questionVectors` by model and question (a question asked again, or paged through, is embedded once). */
async function embedQuestion(
  embedder: Embedder,
  query: string,
  questionVectors?: BoundedCache<string, Float32Array>,
): Promise<Float32Array> {
  const key = `${embedder.model}\u0000${query}`;
  const known = questionVectors?.get(key);
  if (known) return known;
  const [vector] = await embedder.embed([query], { priority: 'query' });
  questionVectors?.set(key, vector!);
  return vector!;
}

async function denseSearch(
  deps: NlSearchDeps,
  embedding: Promise<Float32Array> | null,
  k: number,
  within: string[] | null,
  warnings: string[],
  queryVector: { vector?: Float32Array },
): Promise<{ id: string; score: number }[] | null> {
  if (!deps.embedder || !deps.vectors || !embedding) {
    warnings.push('semantic search is not configured: lexical results only');
    return null;
  }
  try {
    const vector = await embedding;
    queryVector.vector = vector;
    // The index also holds one vector per database or schema (nl-search weighs those separately).
    const hits = await deps.vectors.search(vector, within ? k : k + CONTAINER_SLACK, within ?? undefined);
    return hits.filter((h) => !isContainerVector(h.id)).slice(0, k);
  } catch (error) {
    warnings.push(`semantic search unavailable (${(error as Error).message}): lexical results only`);
    return null;
  }
}

export async function searchCatalog(deps: NlSearchDeps, input: NlSearchInput): Promise<NlSearchResult> {
  const { ranked, understood, warnings, method, query, limit, offset, via } = await rankCatalog(deps, input);
  // A question is asked once, by its first page; recorded in the background (the recorder logs and counts a
  // failure), so the answer does not wait for the write.
  if (offset === 0) deps.usage?.questionAsked(query);
  const page = ranked.slice(offset, offset + limit);
  const docs = await deps.documents.get(page.map((r) => r.urn));
  const copyKeys = [...new Set([...docs.values()].map((d) => d.copyKey))];
  const copies = await deps.documents.copies(copyKeys);
  // Same-named candidates by urn, once per copy key of the page (its hits may share one).
  const byUrn = new Map([...copies].map(([key, sameName]) => [key, candidatesByUrn(sameName)]));
  const top = ranked[0]?.score || 1;
  const hits: NlSearchHit[] = [];
  for (const r of page) {
    const d = docs.get(r.urn);
    if (!d) continue;
    const group = copyGroup(copyCandidateOf(d), copies.get(d.copyKey) ?? [], byUrn.get(d.copyKey));
    const others = group.filter((c) => c.urn !== d.urn);
    hits.push({
      dataset: d,
      score: Math.round((r.score / top) * 1000) / 1000,
      ranks: r.ranks,
      evidence: [
        ...(r.exact ? [{ kind: 'name', target: d.name, matched: `exact name: ${query}` }] : []),
        ...(via.has(d.urn)
          ? [{ kind: 'lineage', target: via.get(d.urn)!, matched: 'upstream of what it is used by' }]
          : []),
        ...evidenceOf(d, query, understood, r.dense),
      ],
      copies: others.map((c) => ({
        urn: c.urn,
        platform: c.platform.name,
        layer: c.layer,
        curated: c.curated,
        deprecated: c.deprecated,
      })),
      curatedSource: others.length > 0 ? curatedSource(group) : null,
    });
  }
  return { query, method, total: ranked.length, offset, limit, understood, warnings, hits };
}
