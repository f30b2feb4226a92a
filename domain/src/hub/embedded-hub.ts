// IMPLEMENTATION IN PROGRESS (lead): signatures are final, bodies arrive shortly.
import type { EventBus } from '../events/event-bus.js';
import type { Store } from '../store/db.js';
import type { HubIndexer } from './hub-indexer.js';
import type { IngestResult } from './ingest-result.js';
import type { JsonObject, MetadataChangeProposal, StoredAspect, SystemMetadata } from './model.js';

export interface IngestOptions {
  /** Who made the change (auditStamp actor); defaults to the DataHub system actor. */
  actor?: string;
  /** Applied as systemMetadata.runId where a proposal carries none. */
  runId?: string;
  /** Clock for created/lastObserved; tests pin it. */
  now?: number;
}

export interface TimeseriesRow {
  urn: string;
  aspectName: string;
  timestampMillis: number;
  partition: string;
  event: JsonObject;
  systemMetadata: SystemMetadata | null;
}

export interface TimeRange {
  startTimeMillis?: number;
  endTimeMillis?: number;
  /** Newest first; default 100, at most 10,000. */
  limit?: number;
}

export interface EmbeddedHubDeps {
  store: Store;
  events: EventBus;
  indexer?: HubIndexer;
}

/** DataHub for one process: GMS's aspect store semantics over the operational store. */
export class EmbeddedHub {
  constructor(readonly deps: EmbeddedHubDeps) {}

  /** Applies a batch; every proposal gets an outcome, a refused one never stops the others. */
  ingest(_proposals: readonly MetadataChangeProposal[], _options: IngestOptions = {}): Promise<IngestResult> {
    throw new Error('not implemented yet');
  }

  getAspect(_urn: string, _aspectName: string, _version = 0): Promise<StoredAspect | undefined> {
    throw new Error('not implemented yet');
  }

  /** Latest values of the given aspects (all aspects when none named) of many entities, in one query. */
  getLatestAspects(
    _urns: readonly string[],
    _aspectNames?: readonly string[],
  ): Promise<Map<string, Map<string, StoredAspect>>> {
    throw new Error('not implemented yet');
  }

  /** Every stored version of one aspect, version 0 (latest) first, then newest history first. */
  listAspectVersions(_urn: string, _aspectName: string): Promise<StoredAspect[]> {
    throw new Error('not implemented yet');
  }

  /** Timeseries events of one aspect of one entity, newest first. */
  getTimeseries(_urn: string, _aspectName: string, _range: TimeRange = {}): Promise<TimeseriesRow[]> {
    throw new Error('not implemented yet');
  }

  /** Whether the entity has its key aspect or any other stored aspect. */
  entityExists(_urn: string): Promise<boolean> {
    throw new Error('not implemented yet');
  }
}
