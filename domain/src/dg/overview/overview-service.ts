import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { Embedder } from '../../ports/embedder.js';
import type { HubPort } from '../../ports/hub-port.js';
import type { OverviewCatalog } from './catalog-model.js';
import { readOverviewCatalog } from './catalog-reader.js';
import { EMBEDDED_MAX, embeddingTextOf, untermedDatasets } from './topic-clusters.js';
import type { LayerJudgement } from './layer-inference.js';
import {
  analyzeCatalog,
  overviewOf,
  parsePerspective,
  type CatalogAnalysis,
  type Overview,
} from './overview-graph.js';

/**
 * The overview feature: reads and analyses the catalog once, keeps the analysis and the answers built from
 * it in the product's bounded caches, and drops them when the catalog changes (the composition root calls
 * invalidate() on every hub change event). A read under way when the catalog changes still answers its
 * callers but is not kept.
 */

export interface OverviewDeps {
  hub: HubPort;
  /**
   * The search's embedder: topic clusters of datasets without terms are made from sentence embeddings of
   * their names, descriptions and columns (up to EMBEDDED_MAX of them); absent or failing: from hashed
   * TF-IDF vectors of the same words.
   */
  embedder?: Embedder | null;
  /** Where an embedder failure is reported (the clusters then use hashed vectors). */
  onError?: (error: unknown) => void;
  /**
   * How long a catalog read waits for the embeddings (default 5 s): the embedder may be busy indexing the
   * whole catalog for search (a first start); past this the clusters use hashed vectors, and the next read
   * tries again.
   */
  embedTimeoutMs?: number;
  caches?: CacheFactory;
  now?: () => number;
  /** Progress of a catalog read (cold start), for the log. */
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * The longest an analysis is kept even without a change event (default 15 minutes): a process that does
   * not see every hub write (a dg subgraph server beside another process's hub, without Kafka) still
   * catches up.
   */
  maxAgeMs?: number;
}

/** Overviews kept per (perspective, domain). */
const ANSWERS_KEPT = 256;
const MAX_AGE_MS = 15 * 60_000;
const EMBED_TIMEOUT_MS = 5000;

export class OverviewService {
  private readonly analysis: BoundedCache<'catalog', { reading: Promise<CatalogAnalysis>; since: number }>;
  private readonly answers: BoundedCache<string, Overview>;
  private generation = 0;

  constructor(private readonly deps: OverviewDeps) {
    const caches = deps.caches ?? lruCaches;
    this.analysis = caches('dg overview: catalog analysis', { max: 1 });
    this.answers = caches('dg overview: answers', { max: ANSWERS_KEPT });
  }

  /** The catalog changed: what was kept is stale. */
  invalidate(): void {
    this.generation += 1;
    this.analysis.clear();
    this.answers.clear();
  }

  /** The analysis of the current catalog (read once, shared by concurrent callers). */
  analyze(): Promise<CatalogAnalysis> {
    const now = (this.deps.now ?? Date.now)();
    const kept = this.analysis.get('catalog');
    if (kept && now - kept.since <= (this.deps.maxAgeMs ?? MAX_AGE_MS)) return kept.reading;
    if (kept) this.invalidate();
    const generation = this.generation;
    const reading = readOverviewCatalog(this.deps.hub, {
      now,
      ...(this.deps.onProgress && { onProgress: this.deps.onProgress }),
    }).then(async (catalog) => analyzeCatalog(catalog, await this.embeddings(catalog)));
    this.analysis.set('catalog', { reading, since: now });
    const forget = () => {
      if (this.analysis.get('catalog')?.reading === reading) this.analysis.delete('catalog');
    };
    reading.then(() => {
      if (this.generation !== generation) forget();
    }, forget);
    return reading;
  }

  /** Sentence embeddings of the datasets without terms, by urn (empty without an embedder or beyond the bound). */
  private async embeddings(catalog: OverviewCatalog): Promise<Map<string, Float32Array>> {
    const { embedder } = this.deps;
    const untermed = untermedDatasets(catalog.datasets);
    if (!embedder || untermed.length === 0 || untermed.length > EMBEDDED_MAX) return new Map();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.deps.embedTimeoutMs ?? EMBED_TIMEOUT_MS);
    });
    try {
      const embedding = embedder.embed(untermed.map(embeddingTextOf), { priority: 'bulk' });
      embedding.catch(() => undefined);
      const vectors = await Promise.race([embedding, late]);
      return vectors ? new Map(untermed.map((d, i) => [d.urn, vectors[i]!])) : new Map();
    } catch (error) {
      this.deps.onError?.(error);
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }

  /** The overview of a perspective (TAXONOMY, MEDALLION) over the catalog or one domain. */
  async overview(perspective: string, domain?: string | null): Promise<Overview> {
    const p = parsePerspective(perspective);
    // First: an analysis past its age drops the answers built from it.
    const analysis = this.analyze();
    const key = `${p}\u0000${domain ?? ''}`;
    const kept = this.answers.get(key);
    if (kept) return kept;
    const generation = this.generation;
    const answer = overviewOf(await analysis, p, domain);
    if (this.generation === generation) this.answers.set(key, answer);
    return answer;
  }

  /** Every dataset's inferred layer, by urn. */
  async layers(): Promise<ReadonlyMap<string, LayerJudgement>> {
    return (await this.analyze()).layers;
  }
}
