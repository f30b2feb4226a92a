import { dot, normalize } from '../../ports/embedder.js';
import { identifierWords } from '../../shared/identifier-words.js';
import { hash32, mulberry32 } from '../../shared/prng.js';
import type { CatalogDataset } from './catalog-model.js';

/**
 * Suggested groupings for datasets that carry no glossary term: spherical k-means over one vector per
 * dataset (sentence embeddings when the caller has them, else hashed TF-IDF vectors of the words of its
 * name, description and columns), each cluster named by the words most telling of it: frequent in the
 * cluster, rare in the catalog (TF-IDF of the cluster against the whole catalog).
 */

export interface TopicCluster {
  /** Stable for the same members: `topic:` and a hash of the member urns. */
  id: string;
  /** The telling words joined, e.g. `orders · payment · refund`. */
  name: string;
  words: string[];
  members: string[];
}

const STOP = new Set(
  'a an and are as at by for from in is it of on or the to with id ids key table tables data dataset view value values type name date time ts at created updated column row rows'.split(
    ' ',
  ),
);
const HASHED_DIMENSIONS = 512;
const ITERATIONS = 12;
const RESTARTS = 5;
const WORDS_PER_NAME = 3;

/** Datasets without terms embedded with the search's embedder at most; beyond, hashed vectors (cold reads stay short). */
export const EMBEDDED_MAX = 2000;

/** What a dataset's embedding is made of: its name, description and column names. */
export function embeddingTextOf(d: CatalogDataset): string {
  const columns = d.columns.slice(0, 40).map((c) => identifierWords(c.path));
  return [identifierWords(d.name), d.description ?? '', columns.join(', ')].filter(Boolean).join('. ');
}

/** Datasets that carry no glossary term, on the table or any column: those topic clusters group. */
export function untermedDatasets(catalog: readonly CatalogDataset[]): CatalogDataset[] {
  return catalog.filter((d) => d.terms.length === 0 && d.columns.every((c) => c.terms.length === 0));
}

/** The words a dataset is known by (name counts twice: it is what people call it). */
export function datasetWords(d: CatalogDataset): string[] {
  const text = [d.name, d.name, d.description ?? '', ...d.columns.map((c) => c.path)].join(' ');
  return identifierWords(text)
    .split(' ')
    .filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w))
    .map(singular);
}

/** `payments` and `payment` are one word for naming a topic (a plain English plural only). */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Hashed TF-IDF vectors (unit length), for when no sentence embeddings are at hand. */
export function hashedVectors(
  docs: ReadonlyMap<string, string[]>,
  documentFrequency: ReadonlyMap<string, number>,
  total: number,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [urn, words] of docs) {
    const v = new Float32Array(HASHED_DIMENSIONS);
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const [w, n] of tf) {
      const idf = Math.log((1 + total) / (1 + (documentFrequency.get(w) ?? 0)));
      v[hash32(w) % HASHED_DIMENSIONS]! += (1 + Math.log(n)) * idf;
    }
    out.set(urn, normalize(v));
  }
  return out;
}

function documentFrequencies(docs: Iterable<string[]>): Map<string, number> {
  const df = new Map<string, number>();
  for (const words of docs) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** k-means on unit vectors (cosine), seeded k-means++ so the same catalog gives the same clusters. */
function kMeans(
  urns: string[],
  vectors: ReadonlyMap<string, Float32Array>,
  k: number,
  seed: number,
): { assign: number[]; cohesion: number } {
  const random = mulberry32(hash32(urns.join('|'), seed));
  const points = urns.map((u) => vectors.get(u)!);
  const centroids: Float32Array[] = [points[Math.floor(random() * points.length)]!];
  const nearest = points.map((p) => 1 - dot(p, centroids[0]!));
  while (centroids.length < k) {
    const sum = nearest.reduce((s, d) => s + Math.max(0, d), 0);
    if (sum <= 0) break;
    let r = random() * sum;
    let pick = 0;
    for (; pick < points.length - 1; pick++) if ((r -= Math.max(0, nearest[pick]!)) <= 0) break;
    centroids.push(points[pick]!);
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, 1 - dot(p, centroids.at(-1)!))));
  }
  const assign = new Array<number>(points.length).fill(0);
  for (let it = 0; it < ITERATIONS; it++) {
    let moved = false;
    points.forEach((p, i) => {
      let best = 0;
      let bestScore = -Infinity;
      centroids.forEach((c, j) => {
        const s = dot(p, c);
        if (s > bestScore) [best, bestScore] = [j, s];
      });
      if (assign[i] !== best) [assign[i], moved] = [best, true];
    });
    if (!moved && it > 0) break;
    centroids.forEach((c, j) => {
      const sum = new Float32Array(c.length);
      points.forEach((p, i) => {
        if (assign[i] === j) for (let x = 0; x < p.length; x++) sum[x]! += p[x]!;
      });
      centroids[j] = normalize(sum);
    });
  }
  // How close the points sit to their centroids: the better of several seeded runs is kept.
  const cohesion = points.reduce((sum, p, i) => sum + dot(p, centroids[assign[i]!]!), 0);
  return { assign, cohesion };
}

/** Seeded runs of k-means (more on small catalogs, where one unlucky start shows most). */
function bestKMeans(urns: string[], vectors: ReadonlyMap<string, Float32Array>, k: number): number[] {
  const runs = urns.length <= 2000 ? RESTARTS : 1;
  let best = kMeans(urns, vectors, k, 0);
  for (let seed = 1; seed < runs; seed++) {
    const next = kMeans(urns, vectors, k, seed);
    if (next.cohesion > best.cohesion) best = next;
  }
  return best.assign;
}

/**
 * The words most telling of a cluster: how often they occur in it (a name word counts twice, see
 * datasetWords), in how many of its datasets, and how rare they are in the catalog (inverse document
 * frequency).
 */
export function tellingWords(
  members: readonly string[][],
  documentFrequency: ReadonlyMap<string, number>,
  total: number,
  count = WORDS_PER_NAME,
): string[] {
  const inside = documentFrequencies(members);
  const occurrences = new Map<string, number>();
  for (const words of members) for (const w of words) occurrences.set(w, (occurrences.get(w) ?? 0) + 1);
  const ranked = [...inside]
    .map(([w, n]) => ({
      w,
      n,
      score:
        (n / members.length) *
        Math.log(1 + occurrences.get(w)! / members.length) *
        Math.log(total / (documentFrequency.get(w) ?? 1)),
    }))
    .sort((a, b) => b.score - a.score || a.w.localeCompare(b.w));
  // Words shared by several members first; a cluster grouped by meaning may share none, then its own.
  return [...ranked.filter((r) => r.n > 1), ...ranked.filter((r) => r.n <= 1)]
    .slice(0, count)
    .map((r) => r.w);
}

/**
 * Topic clusters of the datasets without glossary terms (dataset or column level). `vectors` are sentence
 * embeddings by urn where known; the others get hashed TF-IDF vectors.
 */
export function topicClusters(
  catalog: readonly CatalogDataset[],
  vectors: ReadonlyMap<string, Float32Array> = new Map(),
): TopicCluster[] {
  const untermed = untermedDatasets(catalog);
  if (untermed.length === 0) return [];
  const words = new Map(catalog.map((d) => [d.urn, datasetWords(d)]));
  const df = documentFrequencies(words.values());
  // Embeddings and hashed vectors are not comparable: unless every dataset has an embedding, all get hashed ones.
  const clustered = untermed.every((d) => vectors.has(d.urn))
    ? vectors
    : hashedVectors(new Map(untermed.map((d) => [d.urn, words.get(d.urn)!])), df, catalog.length);
  const urns = untermed.map((d) => d.urn).sort();
  const k = Math.max(1, Math.min(30, Math.round(Math.sqrt(urns.length / 2))));
  const assign = bestKMeans(urns, clustered, k);
  const groups = new Map<number, string[]>();
  urns.forEach((u, i) => (groups.get(assign[i]!) ?? groups.set(assign[i]!, []).get(assign[i]!)!).push(u));
  return [...groups.values()]
    .map((members) => {
      const telling = tellingWords(
        members.map((u) => words.get(u)!),
        df,
        catalog.length,
      );
      return {
        id: `topic:${(hash32(members.join('|')) >>> 0).toString(36)}`,
        name: telling.join(' · ') || 'unnamed topic',
        words: telling,
        members,
      };
    })
    .sort((a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id));
}
