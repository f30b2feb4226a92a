/**
 * An in-memory inverted index of the search documents' PostgreSQL full-text vectors: for each lexeme, the
 * documents holding it and the best field weight it has there (A name, B fields, C descriptions and labels,
 * D context). PostgreSQL still parses, stems and stores every document (`to_tsvector('english', …)` in
 * spoke_da.dataset_doc.tsv); this copy only scores. Scoring in SQL evaluated up to four weighted `@@` tests
 * per query term on each of thousands of candidate rows (on PGlite all of it on the event loop); summing
 * posting lists here is an order of magnitude cheaper (bench:search measures it).
 */

export type WeightClass = 'A' | 'B' | 'C' | 'D';

/** What a term found in a document weighs, by the best class it has there. */
export const WEIGHTS: Readonly<Record<WeightClass, number>> = { A: 3, B: 1.6, C: 1, D: 0.5 };

export interface ScoredTerm {
  lexeme: string;
  /** Multiplies the term's weight in each document that holds it. */
  idf: number;
  /** A word the question did not use (a synonym of one it did): scored, not counted in coordination. */
  expansion?: boolean;
}

export interface PostingHit {
  urn: string;
  score: number;
}

interface PostingList {
  slots: number[];
  weights: number[];
}

/**
 * Description matches are discounted in documents whose descriptions and labels (class C) hold more distinct
 * words than the catalog's average, the way BM25 normalises by length (its b = 0.75 and k1 = 1.2, for a
 * word found once). A table described at length matches a question's stray words ("how many", "each") by
 * chance; one with a name and columns only cannot, so without this a verbose catalog's tables crowd out
 * terse ones that answer better. Never raised above 1: a short description earns nothing extra.
 */
const LENGTH_B = 0.75;
const LENGTH_K1 = 1.2;

/**
 * Coordination: a document's sum is multiplied by COORD_FLOOR + (1 − COORD_FLOOR) × the share of the
 * question's idf it holds, so a table matching most of a question's words can outrank one matching a single
 * word in its name. Chosen on Spider's tuning split and the showcase tuning sets (bench:search).
 */
const COORD_FLOOR = 0.5;

/** Share of dead slots above which the index is rebuilt from its live documents. */
const COMPACT_AT = 0.25;

export class LexicalPostings {
  /** The document in each slot; '' once the slot is dead (its document changed or was removed). */
  private urns: string[] = [];
  private hashes: string[] = [];
  /** Each slot's lexemes (to keep the document frequencies right when it dies). */
  private lexemesOf: (string[] | null)[] = [];
  /** Each slot's count of class-C lexemes (descriptions and labels). */
  private describedBy: number[] = [];
  /** Sum of describedBy over live documents that have any, and how many those are. */
  private describedSum = 0;
  private described = 0;
  private readonly slotOf = new Map<string, number>();
  private postings = new Map<string, PostingList>();
  /** Live documents per lexeme. */
  private readonly df = new Map<string, number>();
  private dead = 0;

  /** Live documents. */
  get size(): number {
    return this.slotOf.size;
  }

  hashOf(urn: string): string | undefined {
    const slot = this.slotOf.get(urn);
    return slot === undefined ? undefined : this.hashes[slot];
  }

  urnList(): string[] {
    return [...this.slotOf.keys()];
  }

  docFrequency(lexeme: string): number {
    return this.df.get(lexeme) ?? 0;
  }

  /** Adds a document or replaces its previous version. */
  put(urn: string, hash: string, lexemes: Record<string, WeightClass>): void {
    if (this.hashOf(urn) === hash) return;
    this.remove(urn);
    const slot = this.urns.length;
    this.urns.push(urn);
    this.hashes.push(hash);
    const entries = Object.entries(lexemes);
    this.lexemesOf.push(entries.map(([lexeme]) => lexeme));
    const c = entries.filter(([, weight]) => weight === 'C').length;
    this.describedBy.push(c);
    if (c > 0) {
      this.describedSum += c;
      this.described++;
    }
    this.slotOf.set(urn, slot);
    for (const [lexeme, weight] of entries) {
      let list = this.postings.get(lexeme);
      if (!list) this.postings.set(lexeme, (list = { slots: [], weights: [] }));
      list.slots.push(slot);
      list.weights.push(WEIGHTS[weight] ?? WEIGHTS.D);
      this.df.set(lexeme, (this.df.get(lexeme) ?? 0) + 1);
    }
  }

  remove(urn: string): void {
    const slot = this.slotOf.get(urn);
    if (slot === undefined) return;
    for (const lexeme of this.lexemesOf[slot] ?? []) {
      const n = (this.df.get(lexeme) ?? 1) - 1;
      if (n > 0) this.df.set(lexeme, n);
      else this.df.delete(lexeme);
    }
    this.slotOf.delete(urn);
    const c = this.describedBy[slot] ?? 0;
    if (c > 0) {
      this.describedSum -= c;
      this.described--;
    }
    this.urns[slot] = '';
    this.lexemesOf[slot] = null;
    this.dead++;
    if (this.dead > 64 && this.dead > COMPACT_AT * this.urns.length) this.compact();
  }

  clear(): void {
    this.urns = [];
    this.hashes = [];
    this.lexemesOf = [];
    this.describedBy = [];
    this.describedSum = 0;
    this.described = 0;
    this.slotOf.clear();
    this.postings = new Map();
    this.df.clear();
    this.dead = 0;
  }

  /**
   * The k best documents by Σ idf × weight over the terms each holds, ties by urn. Only documents holding one
   * of the `selecting` terms are candidates (the others only add to their score), and with `within` only
   * those documents.
   */
  score(
    terms: readonly ScoredTerm[],
    selecting: ReadonlySet<string>,
    k: number,
    within?: ReadonlySet<string> | readonly string[] | null,
  ): PostingHit[] {
    const scores = new Float64Array(this.urns.length);
    const candidate = new Uint8Array(this.urns.length);
    const touched: number[] = [];
    const average = this.described > 0 ? this.describedSum / this.described : 1;
    const covered = new Float64Array(this.urns.length);
    let questionIdf = 0;
    for (const term of terms) {
      const list = this.postings.get(term.lexeme);
      if (!list) continue;
      if (!term.expansion) questionIdf += term.idf;
      const selects = selecting.has(term.lexeme);
      for (let i = 0; i < list.slots.length; i++) {
        const slot = list.slots[i]!;
        if (this.urns[slot] === '') continue;
        let weight = list.weights[i]!;
        if (weight === WEIGHTS.C) weight *= this.lengthFactor(slot, average);
        scores[slot] = scores[slot]! + term.idf * weight;
        if (!term.expansion) covered[slot] = covered[slot]! + term.idf;
        if (selects && candidate[slot] === 0) {
          candidate[slot] = 1;
          touched.push(slot);
        }
      }
    }
    for (const slot of touched)
      scores[slot] =
        scores[slot]! * (COORD_FLOOR + ((1 - COORD_FLOOR) * covered[slot]!) / (questionIdf || 1));
    const hits: PostingHit[] = [];
    if (Array.isArray(within) && within.length > touched.length) {
      // A list (a filter's answer: tens of thousands of urns at 100k for "in snowflake") is matched against the
      // candidates, a few thousand at most, rather than made into a set of its own.
      const candidates = new Map<string, number>();
      for (const slot of touched) candidates.set(this.urns[slot]!, slot);
      for (const urn of within as readonly string[]) {
        const slot = candidates.get(urn);
        if (slot === undefined) continue;
        candidates.delete(urn);
        hits.push({ urn, score: scores[slot]! });
      }
    } else {
      const allowed = Array.isArray(within)
        ? new Set(within as readonly string[])
        : (within as ReadonlySet<string>);
      for (const slot of touched) {
        const urn = this.urns[slot]!;
        if (allowed && !allowed.has(urn)) continue;
        hits.push({ urn, score: scores[slot]! });
      }
    }
    hits.sort((a, b) => b.score - a.score || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return hits.slice(0, k);
  }

  /** BM25's length normalisation of a word found once in a slot's class-C text, capped at 1. */
  private lengthFactor(slot: number, average: number): number {
    const relative = this.describedBy[slot]! / average;
    return Math.min(1, (LENGTH_K1 + 1) / (LENGTH_K1 * (1 - LENGTH_B + LENGTH_B * relative) + 1));
  }

  /** Drops the dead slots: live documents are renumbered in order, posting lists filtered. */
  private compact(): void {
    const renumbered = new Int32Array(this.urns.length).fill(-1);
    const urns: string[] = [];
    const hashes: string[] = [];
    const lexemesOf: (string[] | null)[] = [];
    const describedBy: number[] = [];
    this.urns.forEach((urn, slot) => {
      if (urn === '') return;
      renumbered[slot] = urns.length;
      this.slotOf.set(urn, urns.length);
      urns.push(urn);
      hashes.push(this.hashes[slot]!);
      lexemesOf.push(this.lexemesOf[slot]!);
      describedBy.push(this.describedBy[slot]!);
    });
    for (const [lexeme, list] of this.postings) {
      const slots: number[] = [];
      const weights: number[] = [];
      list.slots.forEach((slot, i) => {
        if (renumbered[slot]! < 0) return;
        slots.push(renumbered[slot]!);
        weights.push(list.weights[i]!);
      });
      if (slots.length > 0) this.postings.set(lexeme, { slots, weights });
      else this.postings.delete(lexeme);
    }
    this.urns = urns;
    this.hashes = hashes;
    this.lexemesOf = lexemesOf;
    this.describedBy = describedBy;
    this.dead = 0;
  }
}
