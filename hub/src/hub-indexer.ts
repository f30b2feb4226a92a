import type { Db } from '@dataspoke/platform/store/db';

/**
 * Derived indexes the embedded hub keeps in step with its aspects, inside the same transaction as the
 * write: the search documents (GMS's search index) and the relationship edges (GMS's graph).
 */
export interface HubIndexer {
  /** Recomputes the derived rows of these entities from their latest aspects (as of `tx`). */
  reindex(tx: Db, urns: readonly string[]): Promise<void>;
  /** Drops every derived row of these entities (their key aspect was deleted). */
  remove(tx: Db, urns: readonly string[]): Promise<void>;
}

export const noopIndexer: HubIndexer = {
  reindex: () => Promise.resolve(),
  remove: () => Promise.resolve(),
};
