import { lruCaches, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { SearchConfig } from '@dataspoke/platform/config/config';
import { vectorSupport, type Store } from '@dataspoke/platform/store/db';
import { ArrayVectorIndex } from './array-vector-index.js';
import { CatalogNeighbours } from './catalog-neighbours.js';
import type { Embedder } from '../../ports/embedder.js';
import { MiniLmEmbedder } from './minilm-embedder.js';
import { OpenAiEmbedder } from './openai-embedder.js';
import { PgSearchDocuments } from './pg-documents.js';
import { PgVectorIndex } from './pg-vector-index.js';
import { QdrantVectorIndex } from './qdrant-vector-index.js';
import type { SearchDocuments } from '../../ports/search-documents.js';
import type { VectorIndex } from '../../ports/vector-index.js';

/**
 * Picks the search adapters the configuration names (called by a composition root, never by a feature):
 * documents in the operational database, the embedder, and the vector index. With `auto`, pgvector is used
 * when the database has it, and otherwise real[] vectors scored in process, with a warning saying so.
 */
export interface SearchAdapters {
  documents: SearchDocuments;
  embedder: Embedder | null;
  vectors: VectorIndex | null;
  /** What an operator should know (a fallback taken). */
  notes: string[];
  close(): Promise<void>;
}

export async function openSearchAdapters(
  config: SearchConfig,
  store: Store,
  caches: CacheFactory = lruCaches,
): Promise<SearchAdapters> {
  const notes: string[] = [];
  const embedder: Embedder | null =
    config.embedder === 'none'
      ? null
      : config.embedder === 'openai'
        ? new OpenAiEmbedder({
            baseUrl: config.embeddingUrl!,
            model: config.embeddingModel,
            dimensions: config.embeddingDimensions,
            ...(config.embeddingApiKey && { apiKey: config.embeddingApiKey }),
          })
        : new MiniLmEmbedder({ threads: config.embedderThreads });
  if (!embedder) notes.push('DATASPOKE_EMBEDDER=none: natural-language search is lexical only');
  let vectors: VectorIndex | null = null;
  if (embedder) {
    const dims = embedder.dimensions;
    if (config.vectorIndex === 'qdrant') {
      vectors = new QdrantVectorIndex({
        url: config.qdrantUrl!,
        collection: config.qdrantCollection,
        dimensions: dims,
        ...(config.qdrantApiKey && { apiKey: config.qdrantApiKey }),
      });
    } else if (config.vectorIndex === 'array') {
      vectors = new ArrayVectorIndex(store, dims, embedder.model);
    } else {
      const support = await vectorSupport(store);
      if (support.available) vectors = new PgVectorIndex(store, dims, caches);
      else if (config.vectorIndex === 'pgvector') {
        notes.push(
          `DATASPOKE_VECTOR_INDEX=pgvector but ${support.reason} Search answers lexically with a warning.`,
        );
        vectors = new PgVectorIndex(store, dims, caches);
      } else {
        notes.push(
          `${support.reason} Vectors are stored as real[] and scored exactly in process (fine to ~100k datasets).`,
        );
        vectors = new ArrayVectorIndex(store, dims, embedder.model);
      }
    }
  }
  return {
    documents: new PgSearchDocuments(store, {
      caches,
      neighbours: embedder ? new CatalogNeighbours(embedder, caches) : null,
    }),
    embedder,
    vectors,
    notes,
    close: async () => {
      await embedder?.close();
    },
  };
}
