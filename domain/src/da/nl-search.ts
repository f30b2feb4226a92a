import type { Embedder } from '../ports/embedder.js';
import type {
  CopyCandidate,
  FacetLabel,
  FilterClause,
  FilterColumn,
  IndexedDataset,
  SearchDocuments,
} from '../ports/search-documents.js';
import type { VectorIndex } from '../ports/vector-index.js';
import { InvalidInputError } from '../shared/errors.js';
import { joinable, shortName } from './joins.js';
import { identifierWords } from '../shared/identifier-words.js';
import { isContainerVector } from '../shared/search-document.js';

/**
 * Natural-language dataset search: a question in plain words ranked by three retrievers fused by reciprocal
 * rank (PostgreSQL full text, dense sentence embeddings, and the structured filters the question names:
 * tags, glossary terms, domains, owners, platforms, layers, "used by …"), then by ranking signals (usage,
 * documentation, layer, curation, deprecation) and by the coherence of a database or schema among the top
 * hits. A missing vector extension or a failing embedder degrades to lexical results with a warning.
 */

export interface NlSearchDeps {
  documents: SearchDocuments;
  embedder?: Embedder | null;
  vectors?: VectorIndex | null;
  now?: () => number;
}

export const MAX_QUESTION = 1000;
export const MAX_SEARCH_LIMIT = 100;
const MAX_OFFSET = 1000;
/** Candidates each retriever contributes to the fusion. */
const DEPTH = 100;
/** Weight of full text against dense similarity in the fused score (dense gets the rest). */
const LEXICAL_WEIGHT = 0.6;
/** Hits that get ranking signals and database coherence. */
const HEAD = 50;
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
/**
 * Dense similarities are scaled between the best and this rank's (lower ones count nothing), so that how far
 * apart the candidates are means the same whatever the list's length: the fusion weights were tuned on lists
 * pgvector cut at its default graph breadth of 40 while the real[] index returned all it was asked for. So
 * dense search asks for this many neighbours (or a page's worth), not DEPTH.
 */
const DENSE_REFERENCE = 40;
/** Extra neighbours asked of the vector index, since database vectors share it with dataset vectors. */
const CONTAINER_SLACK = 20;
const FILTER_CAP = 50_000;

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

export interface UnderstoodFilter {
  /** tag | term | domain | owner | platform | layer | usedBy */
  kind: string;
  /** The words of the question it came from. */
  phrase: string;
  values: { urn: string; name: string }[];
}

export interface Evidence {
  /** name | field | description | fieldDescription | tag | term | domain | owner | dashboard | semantic */
  kind: string;
  /** The field path, tag name, … that matched. */
  target: string;
  /** The matching words, or the similarity for a semantic match. */
  matched: string;
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

// ----------------------------------------------------------------------------------------- understanding

/** Words that never name a filter on their own, however a catalog names its tags. */
const STOP = new Set(
  'a an and are as at be by data dataset datasets do does for from has have in is it its me of on or show table tables that the their there these this to use used using what which who with find list all any get'.split(
    ' ',
  ),
);

function tokens(text: string): string[] {
  return identifierWords(text)
    .split(' ')
    .filter((t) => t.length > 0);
}

/** Light stemming for matching names (PII tables ~ PII table, customers ~ customer). */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('es') && /(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

const FILTER_KIND: Record<FacetLabel['kind'], { kind: string; column: FilterColumn }> = {
  tag: { kind: 'tag', column: 'tags' },
  term: { kind: 'term', column: 'terms' },
  domain: { kind: 'domain', column: 'domain' },
  owner: { kind: 'owner', column: 'owners' },
  platform: { kind: 'platform', column: 'platform' },
  layer: { kind: 'layer', column: 'layer' },
  dashboard: { kind: 'usedBy', column: 'consumers' },
  chart: { kind: 'usedBy', column: 'consumers' },
};

const LAYERS = ['bronze', 'silver', 'gold', 'source'];

interface Phrase {
  start: number;
  end: number;
  text: string;
}

/** Where a label's words occur, in order and adjacent, in the question's words. */
function findPhrase(words: string[], label: string): Phrase | null {
  const target = tokens(label).map(stem);
  if (target.length === 0) return null;
  if (target.length === 1 && (STOP.has(target[0]!) || target[0]!.length < 2)) return null;
  for (let i = 0; i + target.length <= words.length; i++) {
    if (target.every((t, j) => stem(words[i + j]!) === t))
      return { start: i, end: i + target.length, text: words.slice(i, i + target.length).join(' ') };
  }
  return null;
}

/** Where stemmed label words occur, in order and adjacent, in the question's stemmed words. */
function findStemmed(words: string[], stemmed: string[], target: string[]): Phrase | null {
  for (let i = 0; i + target.length <= stemmed.length; i++) {
    if (target.every((t, j) => stemmed[i + j] === t))
      return { start: i, end: i + target.length, text: words.slice(i, i + target.length).join(' ') };
  }
  return null;
}

/** The catalog's labels split into stemmed words once, indexed by their first word. */
interface LabelIndex {
  targets: (string[] | null)[];
  byFirst: Map<string, number[]>;
}

const labelIndexes = new WeakMap<readonly FacetLabel[], LabelIndex>();

function labelIndex(labels: readonly FacetLabel[]): LabelIndex {
  let index = labelIndexes.get(labels);
  if (!index) {
    const targets = labels.map((l) => {
      const target = tokens(l.label).map(stem);
      if (target.length === 0) return null;
      if (target.length === 1 && (STOP.has(target[0]!) || target[0]!.length < 2)) return null;
      return target;
    });
    const byFirst = new Map<string, number[]>();
    targets.forEach((t, i) => {
      if (t) byFirst.set(t[0]!, [...(byFirst.get(t[0]!) ?? []), i]);
    });
    index = { targets, byFirst };
    labelIndexes.set(labels, index);
  }
  return index;
}

/**
 * The structured filters a question names, from the catalog's own labels: tag, term, domain, owner,
 * platform and layer names, and "used by X" where X names a dashboard, chart, owner, group or domain that
 * reads datasets. A label only counts when all its words appear together; the longest match wins.
 */
export function understand(question: string, labels: readonly FacetLabel[]): UnderstoodFilter[] {
  const words = tokens(question);
  const stemmed = words.map(stem);
  const index = labelIndex(labels);
  const found: (UnderstoodFilter & Phrase & { column: FilterColumn })[] = [];
  const usedBy =
    /\b(?:used|read|consumed|owned)\s+by\s+(?:the\s+)?(.+?)(?:[,.;?!]|\s+(?:and|with|that|which|where|in|on|for)\s|$)/i.exec(
      question,
    );
  const usedByWords = usedBy ? tokens(usedBy[1]!) : [];
  const usedByStemmed = usedByWords.map(stem);
  const byKind = new Map<
    string,
    { phrase: Phrase; column: FilterColumn; kind: string; values: Map<string, string> }
  >();
  const add = (kind: string, column: FilterColumn, phrase: Phrase, urn: string, name: string) => {
    const key = `${kind}\u0000${phrase.text}`;
    const entry = byKind.get(key) ?? { phrase, column, kind, values: new Map() };
    entry.values.set(urn, name);
    byKind.set(key, entry);
  };
  // Only labels whose first word is in the question can match (catalogs have thousands of labels).
  const candidates = [...new Set(stemmed.flatMap((w) => index.byFirst.get(w) ?? []))].sort((a, b) => a - b);
  for (const i of candidates) {
    const l = labels[i]!;
    const target = index.targets[i]!;
    const phrase = findStemmed(words, stemmed, target);
    if (!phrase) continue;
    const inUsedBy = usedByWords.length > 0 && findStemmed(usedByWords, usedByStemmed, target) !== null;
    if (inUsedBy && ['owner', 'domain', 'dashboard', 'chart'].includes(l.kind)) {
      add('usedBy', 'consumers', phrase, l.urn, l.label);
      continue;
    }
    if (l.kind === 'dashboard' || l.kind === 'chart') continue;
    const f = FILTER_KIND[l.kind];
    add(f.kind, f.column, phrase, l.urn, l.label);
  }
  for (const layer of LAYERS) {
    const phrase = findPhrase(words, layer);
    if (phrase) add('layer', 'layer', phrase, layer, layer);
  }
  for (const e of byKind.values())
    found.push({
      kind: e.kind,
      column: e.column,
      phrase: e.phrase.text,
      start: e.phrase.start,
      end: e.phrase.end,
      text: e.phrase.text,
      values: [...e.values].map(([urn, name]) => ({ urn, name })),
    });
  // A phrase inside a longer one ("customer" inside "customer data platform") yields to it.
  return found
    .filter(
      (f) =>
        !found.some(
          (g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start,
        ),
    )
    .map(({ kind, phrase, values }) => ({ kind, phrase, values }));
}

/** Understood filters of one phrase OR together (a PII tag or a PII term); phrases AND together. */
function clausesOf(understood: readonly UnderstoodFilter[]): FilterClause[] {
  const byPhrase = new Map<string, FilterClause>();
  for (const u of understood) {
    const column = u.kind === 'usedBy' ? 'consumers' : FILTER_KIND[u.kind as FacetLabel['kind']].column;
    const clause = byPhrase.get(u.phrase) ?? [];
    clause.push({ column, values: u.values.map((v) => v.urn) });
    byPhrase.set(u.phrase, clause);
  }
  return [...byPhrase.values()];
}

/**
 * "Used by X" reaches through lineage: the datasets X's dashboards read, and every dataset upstream of them.
 * Consumer alternatives become the set of those urns; `via` records, for an upstream dataset, the dataset
 * the dashboards read (evidence of why it matched).
 */
async function resolveConsumers(
  documents: SearchDocuments,
  clauses: readonly FilterClause[],
  via: ViaLineage,
): Promise<FilterClause[]> {
  const out: FilterClause[] = [];
  for (const clause of clauses) {
    const alternatives: FilterClause = [];
    for (const alt of clause) {
      if (alt.column !== 'consumers') {
        alternatives.push(alt);
        continue;
      }
      const direct = await documents.filter([[alt]], FILTER_CAP);
      // Everything upstream of them.
      const walked = walkFilter(direct, await documents.upstreamClosure(direct, 8, FILTER_CAP));
      via.add(walked.via);
      alternatives.push({ column: 'urn', values: walked.urns });
    }
    out.push(alternatives);
  }
  return out;
}

/** For datasets matched through lineage by a "used by" filter: the dataset the consumers read. */
export class ViaLineage {
  private readonly walks: ReadonlyMap<string, string>[] = [];

  add(walk: ReadonlyMap<string, string>): void {
    this.walks.push(walk);
  }

  /** The latest walk's answer, as if each walk had been written over the one before. */
  get(urn: string): string | undefined {
    for (let i = this.walks.length - 1; i >= 0; i--) {
      const v = this.walks[i]!.get(urn);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(urn: string): boolean {
    return this.get(urn) !== undefined;
  }
}

interface WalkFilter {
  direct: readonly string[];
  /** The datasets read directly, then those upstream of them (a filter's urn alternative). */
  urns: string[];
  /** Each upstream dataset's `via`. */
  via: ReadonlyMap<string, string>;
}

/**
 * A lineage walk's answer made a filter, kept by that answer: a documents adapter that keeps its walks hands the
 * same answer back for the same roots,, and a large walk (tens of thousands of urns at 100k datasets) is
 * costly to turn into a set and a map again for every question; the urn list, the same each time, lets the filter
 * keep its work too.
 */
const walkFilters = new WeakMap<readonly { urn: string; via: string }[], WalkFilter>();

function walkFilter(direct: readonly string[], found: readonly { urn: string; via: string }[]): WalkFilter {
  const kept = walkFilters.get(found);
  if (kept && kept.direct.length === direct.length && kept.direct.every((u, i) => u === direct[i]))
    return kept;
  const seen = new Set(direct);
  const via = new Map<string, string>();
  for (const up of found) {
    if (seen.has(up.urn)) continue;
    seen.add(up.urn);
    via.set(up.urn, up.via);
  }
  const made: WalkFilter = { direct: [...direct], urns: [...seen], via };
  walkFilters.set(found, made);
  return made;
}

// ----------------------------------------------------------------------------------------- explicit filters

function resolveExplicit(filters: NlSearchFilters, labels: readonly FacetLabel[]): FilterClause[] {
  const clauses: FilterClause[] = [];
  const spec: [keyof NlSearchFilters, FacetLabel['kind'][], FilterColumn][] = [
    ['platforms', ['platform'], 'platform'],
    ['domains', ['domain'], 'domain'],
    ['tags', ['tag'], 'tags'],
    ['terms', ['term'], 'terms'],
    ['owners', ['owner'], 'owners'],
    ['usedBy', ['dashboard', 'chart', 'owner', 'domain'], 'consumers'],
  ];
  for (const [key, kinds, column] of spec) {
    const values = filters[key] as readonly string[] | null | undefined;
    if (!values || values.length === 0) continue;
    const urns: string[] = [];
    for (const raw of values) {
      const v = raw.trim().toLowerCase();
      const match = labels.filter(
        (l) =>
          kinds.includes(l.kind) &&
          (l.urn.toLowerCase() === v || l.label.toLowerCase() === v || l.urn.toLowerCase().endsWith(`:${v}`)),
      );
      if (match.length === 0)
        throw new InvalidInputError(
          'UNKNOWN_FILTER_VALUE',
          `filters.${key}: no ${kinds.join(' or ')} named "${raw}" in the indexed catalog`,
        );
      urns.push(...match.map((m) => m.urn));
    }
    clauses.push([{ column, values: [...new Set(urns)] }]);
  }
  if (filters.layers && filters.layers.length > 0) {
    const layers = filters.layers.map((l) => l.trim().toLowerCase());
    const bad = layers.find((l) => !LAYERS.includes(l));
    if (bad)
      throw new InvalidInputError(
        'UNKNOWN_FILTER_VALUE',
        `filters.layers: "${bad}" is not one of ${LAYERS.join(', ')}`,
      );
    clauses.push([{ column: 'layer', values: layers }]);
  }
  return clauses;
}

// ----------------------------------------------------------------------------------------- evidence

function evidenceOf(
  d: IndexedDataset,
  question: string,
  understood: UnderstoodFilter[],
  dense?: number,
): Evidence[] {
  const q = new Set(
    tokens(question)
      .filter((w) => !STOP.has(w) && w.length > 1)
      .map(stem),
  );
  const hits = (text: string | null | undefined) =>
    text
      ? [
          ...new Set(
            tokens(text)
              .map(stem)
              .filter((w) => q.has(w)),
          ),
        ]
      : [];
  const out: Evidence[] = [];
  const name = hits(d.name.split(/[./]/).pop() ?? d.name);
  if (name.length > 0) out.push({ kind: 'name', target: d.name, matched: name.join(' ') });
  const desc = hits(d.description);
  if (desc.length > 0) out.push({ kind: 'description', target: 'description', matched: desc.join(' ') });
  for (const f of d.fields) {
    const n = hits(f.path);
    if (n.length > 0) out.push({ kind: 'field', target: f.path, matched: n.join(' ') });
    else {
      const fd = hits(f.description);
      if (fd.length > 0) out.push({ kind: 'fieldDescription', target: f.path, matched: fd.join(' ') });
    }
  }
  const understoodUrns = new Set(understood.flatMap((u) => u.values.map((v) => v.urn)));
  for (const t of d.tags)
    if (understoodUrns.has(t.urn) || hits(t.name).length > 0)
      out.push({ kind: 'tag', target: t.name, matched: t.name });
  for (const t of d.terms)
    if (understoodUrns.has(t.urn) || hits(t.name).length > 0)
      out.push({ kind: 'term', target: t.name, matched: t.name });
  if (d.domain && (understoodUrns.has(d.domain.urn) || hits(d.domain.name).length > 0))
    out.push({ kind: 'domain', target: d.domain.name, matched: d.domain.name });
  for (const o of d.owners)
    if (understoodUrns.has(o.urn)) out.push({ kind: 'owner', target: o.name, matched: o.name });
  for (const b of d.dashboards)
    if (
      understoodUrns.has(b.urn) ||
      b.owners.some((o) => understoodUrns.has(o.urn)) ||
      hits(b.name).length > 0
    )
      out.push({ kind: 'dashboard', target: b.name, matched: b.name });
  if (dense !== undefined) out.push({ kind: 'semantic', target: 'embedding', matched: dense.toFixed(3) });
  return out.slice(0, 20);
}

// ----------------------------------------------------------------------------------------- search

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
  const embedding =
    method !== 'lexical' && deps.embedder && deps.vectors ? embedQuestion(deps.embedder, query) : null;
  embedding?.catch(() => undefined);
  const via = new ViaLineage();
  const labels = await documents.labels();
  const explicit = resolveExplicit(input.filters ?? {}, labels);
  let understood = understand(query, labels);

  // Candidates: explicit filters always; understood ones too unless they leave nothing.
  let within: string[] | null = null;
  if (explicit.length > 0 || understood.length > 0) {
    within = await documents.filter(
      await resolveConsumers(documents, [...explicit, ...clausesOf(understood)], via),
      FILTER_CAP,
    );
    if (within.length === 0 && understood.length > 0) {
      warnings.push(
        `no dataset matches every filter understood from the question (${understood.map((u) => `${u.kind} "${u.phrase}"`).join(', ')}); they were ignored`,
      );
      understood = [];
      within =
        explicit.length > 0
          ? await documents.filter(await resolveConsumers(documents, explicit, via), FILTER_CAP)
          : null;
    }
  }
  if (input.filters?.includeDeprecated === false && within === null)
    within = await documents.filter([], FILTER_CAP);

  const depth = Math.max(DEPTH, offset + limit);
  const wantLexical = method !== 'dense';
  const wantDense = method !== 'lexical';
  const queryVector: { vector?: Float32Array } = {};
  const [lexical, dense] = await Promise.all([
    wantLexical ? documents.lexical(query, depth, within) : Promise.resolve([]),
    // Dense neighbours past the reference rank would add nothing to a score (see DENSE_REFERENCE).
    wantDense
      ? denseSearch(deps, embedding, Math.max(DENSE_REFERENCE, offset + limit), within, warnings, queryVector)
      : Promise.resolve(null),
  ]);
  if (method === 'dense' && dense === null) {
    // Dense-only was asked but vectors are unavailable: answer lexically rather than not at all.
    lexical.push(...(await documents.lexical(query, depth, within)));
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
  const lexicalWeight = dense === null || dense.length === 0 ? 1 : method === 'dense' ? 0 : LEXICAL_WEIGHT;
  const best = lexical[0]?.score || 1;
  lexical.forEach((h, i) => {
    const e = entry(h.urn);
    e.score += (lexicalWeight * h.score) / best;
    e.ranks.lexical = i + 1;
  });
  if (dense && dense.length > 0) {
    const top = dense[0]!.score;
    const floor = dense[Math.min(dense.length, DENSE_REFERENCE) - 1]!.score;
    dense.forEach((h, i) => {
      const e = entry(h.id);
      e.score += ((1 - lexicalWeight) * Math.max(0, h.score - floor)) / (top - floor || 1);
      e.ranks.dense = i + 1;
      e.dense = h.score;
    });
  }
  if (understood.length > 0 && within) {
    for (const urn of within.slice(0, depth)) {
      const e = fused.get(urn);
      if (e) e.ranks.filters = 1;
    }
    // Nothing matched the words: what the question named is the answer, in the filter's order.
    if (fused.size === 0) for (const urn of within.slice(0, depth)) entry(urn).ranks.filters = 1;
  }
  let ranked = [...fused.values()].sort((a, b) => b.score - a.score || a.urn.localeCompare(b.urn));

  // Signals and database coherence need the documents of the head of the list.
  const head = ranked.slice(0, Math.max(HEAD, offset + limit));
  const docs = await documents.get(head.map((r) => r.urn));
  for (const r of head) {
    const d = docs.get(r.urn);
    if (d) r.score *= signal(d);
  }
  const pool = await coherent(deps, query, head, docs, within, queryVector.vector);
  const pooled = new Set(pool.map((r) => r.urn));
  ranked = [...pool, ...ranked.slice(head.length).filter((r) => !pooled.has(r.urn))];
  if (input.filters?.includeDeprecated === false)
    ranked = ranked.filter((r) => !docs.get(r.urn)?.deprecation);
  return { ranked, understood, warnings, method, query, limit, offset, via };
}

const datasetWords = new WeakMap<IndexedDataset, Set<string>>();

/** The stemmed words a dataset's name, description, columns and labels use. */
function wordsOf(d: IndexedDataset): Set<string> {
  let words = datasetWords.get(d);
  if (!words) datasetWords.set(d, (words = datasetWordsOf(d)));
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
async function coherent(
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
  const vocab = new Map<string, Set<string>>();
  for (const urn of pool.keys()) vocab.set(urn, docs.has(urn) ? wordsOf(docs.get(urn)!) : new Set());
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
          if (b !== m && docs.has(b.urn) && joinable(d, docs.get(b.urn)!))
            join = Math.max(join, b.score / top);
      out.push({ ...m, score: m.score / top + CONTAINER_WEIGHT * container + JOIN_WEIGHT * join });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.urn.localeCompare(b.urn));
}

/** Embeddings of recent questions per embedder (a question asked again, or paged through, is not embedded again). */
const questionCaches = new WeakMap<Embedder, Map<string, Float32Array>>();
const QUESTION_CACHE = 512;

async function embedQuestion(embedder: Embedder, query: string): Promise<Float32Array> {
  let questionVectors = questionCaches.get(embedder);
  if (!questionVectors) questionCaches.set(embedder, (questionVectors = new Map<string, Float32Array>()));
  const key = query;
  const known = questionVectors.get(key);
  if (known) {
    questionVectors.delete(key);
    questionVectors.set(key, known);
    return known;
  }
  const [vector] = await embedder.embed([query], { priority: 'query' });
  questionVectors.set(key, vector!);
  if (questionVectors.size > QUESTION_CACHE) questionVectors.delete(questionVectors.keys().next().value!);
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
  const page = ranked.slice(offset, offset + limit);
  const docs = await deps.documents.get(page.map((r) => r.urn));
  const copyKeys = [...new Set([...docs.values()].map((d) => d.copyKey))];
  const copies = await deps.documents.copies(copyKeys);
  const top = ranked[0]?.score || 1;
  const hits: NlSearchHit[] = [];
  for (const r of page) {
    const d = docs.get(r.urn);
    if (!d) continue;
    const group = copyGroup(copyCandidateOf(d), copies.get(d.copyKey) ?? []);
    const others = group.filter((c) => c.urn !== d.urn);
    hits.push({
      dataset: d,
      score: Math.round((r.score / top) * 1000) / 1000,
      ranks: r.ranks,
      evidence: [
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
export function copyGroup(d: CopyCandidate, sameName: readonly CopyCandidate[]): CopyCandidate[] {
  const byUrn = candidatesByUrn(sameName);
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

/** Same-named candidates by urn, worked out once per list (the hits of one page share their copy key's list). */
const candidateMaps = new WeakMap<readonly CopyCandidate[], Map<string, CopyCandidate>>();

function candidatesByUrn(sameName: readonly CopyCandidate[]): Map<string, CopyCandidate> {
  let byUrn = candidateMaps.get(sameName);
  if (!byUrn) candidateMaps.set(sameName, (byUrn = new Map(sameName.map((c) => [c.urn, c]))));
  return byUrn;
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
