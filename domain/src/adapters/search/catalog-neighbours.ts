import type { BoundedCache, CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import { lruCaches } from '@dataspoke/platform/cache/bounded-cache';
import { dot, type Embedder } from '../../ports/embedder.js';
import { identifierWords } from '../../shared/identifier-words.js';
import { singular } from './word-net.js';

/**
 * Query expansion from the catalog's own vocabulary: the words of its table and column names, each embedded
 * once by the search's sentence model, and for a question's word the catalog words nearest to it by cosine.
 * A user asks for "vouchers", "depots" or "usernames" while the catalog says coupon, warehouse and username;
 * WordNet (word-net.ts) knows general English but not how this catalog spells things, nor words it lacks.
 *
 * The vocabulary follows the search documents (put/remove by urn). Its words are embedded when `prepare`
 * runs (a server's start) or, for the few a recent write added, by the next question; a large batch of new
 * words (a bulk load under way) is embedded in the background while questions use the words already known.
 */

/** New catalog words a question waits for; more are embedded in the background. */
const WAIT_FOR_NEW = 32;
/** Question words whose embedding and nearest catalog words are kept. */
const KEPT_WORDS = 4096;
/** Nearest catalog words kept per question word, of which the meaning check keeps the first k. */
const WIDER = 3;
/** Catalog words embedded per call (bulk priority: questions go first). */
const EMBED_BATCH = 256;

export interface Neighbour {
  word: string;
  similarity: number;
}

export class CatalogNeighbours {
  /** Datasets using each word. */
  private readonly uses = new Map<string, number>();
  private readonly wordsOf = new Map<string, readonly string[]>();
  /** Embedded catalog words (by word; the model is fixed for an instance). */
  private readonly vectors = new Map<string, Float32Array>();
  /** The vocabulary's vectors packed row by row, rebuilt when a word comes or goes. */
  private packed: { words: string[]; data: Float32Array } | null = null;
  private version = 0;
  private embedding: Promise<void> | null = null;
  private readonly questionWords: BoundedCache<
    string,
    { vector: Float32Array; version: number; near: Neighbour[] | null; k: number; min: number }
  >;

  constructor(
    private readonly embedder: Embedder,
    caches: CacheFactory = lruCaches,
  ) {
    this.questionWords = caches('search documents: question word neighbours', { max: KEPT_WORDS });
  }

  /** The words of a dataset's name and column paths (replacing what it had). */
  put(urn: string, name: string, columns: readonly string[]): void {
    const words = [
      ...new Set(
        [name.split(/[./]/).pop() ?? name, ...columns]
          .flatMap((t) => identifierWords(t).split(' '))
          .filter((w) => /^[a-z]{3,24}$/.test(w)),
      ),
    ];
    this.remove(urn);
    this.wordsOf.set(urn, words);
    for (const w of words) {
      const n = this.uses.get(w) ?? 0;
      this.uses.set(w, n + 1);
      if (n === 0) this.changed();
    }
  }

  remove(urn: string): void {
    const words = this.wordsOf.get(urn);
    if (!words) return;
    this.wordsOf.delete(urn);
    for (const w of words) {
      const n = (this.uses.get(w) ?? 1) - 1;
      if (n > 0) this.uses.set(w, n);
      else {
        this.uses.delete(w);
        this.changed();
      }
    }
  }

  clear(): void {
    this.uses.clear();
    this.wordsOf.clear();
    this.changed();
  }

  /** Words in the vocabulary. */
  get size(): number {
    return this.uses.size;
  }

  /** Embeds every catalog word not embedded yet. */
  async prepare(): Promise<void> {
    while (this.missing().length > 0) await this.embedMissing();
  }

  /**
   * For each word, the catalog words at least `min` similar to it, the `k` nearest, most similar first (the
   * word itself left out); with a `context` (the question's embedding), only those at least `context.min`
   * similar to it too. Catalog words not embedded yet are embedded first when they are few.
   */
  async nearest(
    words: readonly string[],
    k: number,
    min: number,
    context?: { vector: Float32Array; min: number } | null,
  ): Promise<Map<string, Neighbour[]>> {
    const out = new Map<string, Neighbour[]>();
    if (words.length === 0 || this.uses.size === 0) return out;
    const missing = this.missing();
    if (missing.length > 0) {
      const done = this.embedMissing();
      if (missing.length <= WAIT_FOR_NEW) await done;
      else done.catch(() => undefined);
    }
    // A catalog word's vector is known; only the others cost a forward pass of the model.
    const kept = new Map(words.map((w) => [w, this.questionWords.get(w)]));
    for (const [w, known] of kept) {
      // A plural's neighbours are its singular's (a catalog names a column `singer`, a question asks for singers).
      const vector = known ? null : (this.vectors.get(w) ?? this.vectors.get(singular(w)));
      if (vector) kept.set(w, { vector, version: -1, near: null, k, min });
    }
    const unknown = words.filter((w) => !kept.get(w));
    if (unknown.length > 0) {
      const vectors = await this.embedder.embed(unknown, { priority: 'query' });
      unknown.forEach((w, i) => kept.set(w, { vector: vectors[i]!, version: -1, near: null, k, min }));
    }
    const packed = this.pack();
    for (const w of words) {
      const word = kept.get(w)!;
      if (word.near === null || word.version !== this.version || word.k !== k || word.min !== min) {
        word.near = nearestRows(packed, word.vector, w, k * WIDER, min);
        word.version = this.version;
        word.k = k;
        word.min = min;
        this.questionWords.set(w, word);
      }
      const near = context
        ? word.near.filter((n) => dot(this.vectors.get(n.word)!, context.vector) >= context.min)
        : word.near;
      out.set(w, near.slice(0, k));
    }
    return out;
  }

  private changed(): void {
    this.version++;
    this.packed = null;
  }

  private missing(): string[] {
    return [...this.uses.keys()].filter((w) => !this.vectors.has(w));
  }

  /** Embeds the words missing now (one run at a time; a caller may wait for it). */
  private embedMissing(): Promise<void> {
    this.embedding ??= (async () => {
      const words = this.missing();
      for (let i = 0; i < words.length; i += EMBED_BATCH) {
        const batch = words.slice(i, i + EMBED_BATCH);
        const vectors = await this.embedder.embed(batch, { priority: 'bulk' });
        batch.forEach((w, j) => this.vectors.set(w, vectors[j]!));
      }
      this.changed();
    })().finally(() => {
      this.embedding = null;
    });
    return this.embedding;
  }

  private pack(): { words: string[]; data: Float32Array } {
    if (this.packed) return this.packed;
    const words = [...this.uses.keys()].filter((w) => this.vectors.has(w));
    const dims = this.embedder.dimensions;
    const data = new Float32Array(words.length * dims);
    words.forEach((w, i) => data.set(this.vectors.get(w)!, i * dims));
    this.packed = { words, data };
    return this.packed;
  }
}

/** The k rows of `packed` nearest to `vector` with at least `min` cosine, `self` left out. */
function nearestRows(
  packed: { words: string[]; data: Float32Array },
  vector: Float32Array,
  self: string,
  k: number,
  min: number,
): Neighbour[] {
  const dims = vector.length;
  const best: Neighbour[] = [];
  const { words, data } = packed;
  const one = singular(self);
  for (let row = 0; row < words.length; row++) {
    let s = 0;
    const base = row * dims;
    for (let i = 0; i < dims; i++) s += data[base + i]! * vector[i]!;
    if (s < min || words[row] === self || words[row] === one) continue;
    if (best.length === k && s <= best[k - 1]!.similarity) continue;
    best.push({ word: words[row]!, similarity: s });
    best.sort((a, b) => b.similarity - a.similarity);
    if (best.length > k) best.pop();
  }
  return best;
}
