/**
 * The embedder port: turns texts into sentence embeddings. One job only; which model and where it runs
 * (a local model in worker threads, an OpenAI-compatible endpoint) is the adapter's business.
 */
export interface Embedder {
  /** Stable id of the model; vectors of different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in order. `priority: 'query'` jumps ahead of bulk indexing work so a
   * search stays fast while the index is being rebuilt.
   */
  embed(
    texts: readonly string[],
    options?: { priority?: 'query' | 'bulk'; onProgress?: (done: number, total: number) => void },
  ): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** The embedder could not answer (model failed to load, endpoint down, bad answer). */
export class EmbedderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbedderError';
  }
}

/** Scales a vector to unit length, so that a dot product is the cosine similarity. */
export function normalize(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
