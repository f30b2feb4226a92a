/**
 * Two small ports beside the hub port, for what DataHub's GraphQL does not serve the way DataSpoke needs it:
 * reading entities' latest aspects as stored (SQL in viewProperties, fineGrainedLineages, the editable aspects
 * a write-back must check first), and writing MetadataChangeProposals (PATCH to editable aspects).
 */

/** A latest (version 0) aspect as GMS stores it. */
export interface HubStoredAspect {
  value: Record<string, unknown>;
  /** When and by whom it was last written. */
  createdOn: number;
  createdBy: string;
}

export interface HubAspectReader {
  /** The latest of the named aspects of each entity; an entity or aspect that does not exist is absent. */
  getAspects(
    urns: readonly string[],
    aspectNames: readonly string[],
  ): Promise<Map<string, Map<string, HubStoredAspect>>>;
}

/** A MetadataChangeProposal as GMS's ingestProposal takes it, the aspect decoded (a JSON Patch array for PATCH). */
export interface HubChangeProposal {
  entityType: string;
  entityUrn: string;
  changeType: 'PATCH' | 'UPSERT';
  aspectName: string;
  aspect: unknown;
}

export interface HubWriter {
  /**
   * Applies the proposals in order as `actor`, all or nothing. Throws HubPortError when the hub refuses or
   * cannot be reached.
   */
  write(proposals: readonly HubChangeProposal[], actor: string): Promise<void>;
}
