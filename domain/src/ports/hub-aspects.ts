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
  /**
   * DataHub's aspect version (systemMetadata.version), which a conditional write sends back in If-Version-Match;
   * null when the hub does not report one.
   */
  version: string | null;
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
  /**
   * MCP headers. `If-Version-Match: <version>` (`-1`: the aspect must not exist) makes the write conditional: the
   * hub refuses it when the aspect changed since it was read, and the writer throws HubConditionFailedError.
   */
  headers?: Record<string, string>;
}

/** A conditional proposal was refused: its aspect changed since the writer read it. Nothing was written. */
export class HubConditionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubConditionFailedError';
  }
}

export interface HubWriter {
  /**
   * Applies the proposals in order as `actor`, all or nothing. Throws HubConditionFailedError when a conditional
   * proposal's aspect changed, HubPortError when the hub refuses otherwise or cannot be reached.
   */
  write(proposals: readonly HubChangeProposal[], actor: string): Promise<void>;
}
