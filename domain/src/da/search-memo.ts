import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { FacetLabel, IndexedDataset } from '../ports/search-documents.js';
import type { JoinProfile } from './joins.js';
import type { LabelIndex } from './search-filters.js';
import type { WalkFilter } from './used-by-lineage.js';

/**
 * What natural-language search keeps from one question to the next: work derived from what the search
 * adapters hand out. Each entry is keyed by the object it was derived from (a label list, a lineage walk's
 * answer, a parsed document), which the documents adapter replaces rather than changes when its data changes:
 * an entry is never stale, only left unused until its bound drops it. Question vectors are keyed by model and
 * text (same model, same text, same vector). The composition root makes one memo per search and passes it in
 * NlSearchDeps; a search without one keeps nothing.
 */

/** Label lists kept indexed (a documents adapter keeps one until it writes). */
const LABEL_LISTS = 4;
/** "Used by" walks kept made filters (as many walks as the documents adapter keeps). */
const WALKS = 8;
/** Parsed documents whose words and join profile are kept (as many as the documents adapter keeps). */
const DOCUMENTS = 16_000;
/** Question embeddings kept. */
const QUESTIONS = 512;

export class SearchMemo {
  /** The catalog's labels split into stemmed words, by the label list (question understanding). */
  readonly labelIndexes: BoundedCache<readonly FacetLabel[], LabelIndex>;
  /** A "used by" lineage walk made a filter, by the walk's answer. */
  readonly walkFilters: BoundedCache<readonly { urn: string; via: string }[], WalkFilter>;
  /** The stemmed words a parsed document uses (database coherence). */
  readonly datasetWords: BoundedCache<IndexedDataset, ReadonlySet<string>>;
  /** A parsed document's join profile (database coherence, text-to-SQL context). */
  readonly joinProfiles: BoundedCache<IndexedDataset, JoinProfile>;
  /** Question embeddings by model and question: a question asked again, or paged through, is embedded once. */
  readonly questionVectors: BoundedCache<string, Float32Array>;

  constructor(caches: CacheFactory = lruCaches) {
    this.labelIndexes = caches('search: label indexes', { max: LABEL_LISTS });
    this.walkFilters = caches('search: used-by walk filters', { max: WALKS });
    this.datasetWords = caches('search: dataset words', { max: DOCUMENTS });
    this.joinProfiles = caches('search: join profiles', { max: DOCUMENTS });
    this.questionVectors = caches('search: question vectors', { max: QUESTIONS });
  }
}
