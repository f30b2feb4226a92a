/**
 * The vector-index port: stores one vector per dataset urn and answers nearest neighbours by cosine
 * similarity (vectors are unit length). One job only; pgvector, a plain real[] table scored in process, and
 * Qdrant implement it, and every adapter passes the same contract suite (vector-index.contract.ts).
 */
export interface VectorHit {
  id: string;
  /** Cosine similarity, higher is closer. */
  score: number;
}

export interface VectorIndex {
  /** pgvector | array | qdrant */
  readonly kind: string;
  readonly dimensions: number;
  /** Creates what the index needs (table, extension objects, collection); idempotent. */
  ensure(): Promise<void>;
  /** Inserts or replaces vectors by id. */
  upsert(items: readonly { id: string; vector: Float32Array }[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  /** The `k` nearest, best first; with `within`, only among those ids. */
  search(vector: Float32Array, k: number, within?: readonly string[]): Promise<VectorHit[]>;
  count(): Promise<number>;
  /** Removes every vector (a rebuild with another model). */
  clear(): Promise<void>;
  /** After a bulk change: fresh planner statistics, dead row versions reclaimed (optional). */
  maintain?(): Promise<void>;
}

/** The index could not answer (extension missing, server down). Callers fall back to lexical results. */
export class VectorIndexError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorIndexError';
  }
}
