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
}

export interface PostingHit {
  urn: string;
  score: number;
}

interface PostingList {
  slots: number[];
  weights: number[];
}

/** Share of dead slots above which the index is rebuilt from its live documents. */
const COMPACT_AT = 0.25;

export class LexicalPostings {
  /** The document in each slot; '' once the slot is dead (its document changed or was removed). */
  private urns: string[] = [];
  private hashes: string[] = [];
  /** Each slot's lexemes (to keep the document frequencies right when it dies). */
  private lexemesOf: (string[] | null)[] = [];
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
    this.urns[slot] = '';
    this.lexemesOf[slot] = null;
    this.dead++;
    if (this.dead > 64 && this.dead > COMPACT_AT * this.urns.length) this.compact();
  }

  clear(): void {
    this.urns = [];
    this.hashes = [];
    this.lexemesOf = [];
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
    for (const term of terms) {
      const list = this.postings.get(term.lexeme);
      if (!list) continue;
      const selects = selecting.has(term.lexeme);
      for (let i = 0; i < list.slots.length; i++) {
        const slot = list.slots[i]!;
        if (this.urns[slot] === '') continue;
        scores[slot] = scores[slot]! + term.idf * list.weights[i]!;
        if (selects && candidate[slot] === 0) {
          candidate[slot] = 1;
          touched.push(slot);
        }
      }
    }
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

  /** Drops the dead slots: live documents are renumbered in order, posting lists filtered. */
  private compact(): void {
    const renumbered = new Int32Array(this.urns.length).fill(-1);
    const urns: string[] = [];
    const hashes: string[] = [];
    const lexemesOf: (string[] | null)[] = [];
    this.urns.forEach((urn, slot) => {
      if (urn === '') return;
      renumbered[slot] = urns.length;
      this.slotOf.set(urn, urns.length);
      urns.push(urn);
      hashes.push(this.hashes[slot]!);
      lexemesOf.push(this.lexemesOf[slot]!);
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
    this.dead = 0;
  }
}
