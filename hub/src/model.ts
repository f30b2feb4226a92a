/** DataHub's metadata change wire model, decoded (aspect values as JSON objects, not serialized strings). */

export const CHANGE_TYPES = ['UPSERT', 'CREATE', 'CREATE_ENTITY', 'DELETE', 'PATCH', 'RESTATE'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export type JsonObject = { [key: string]: unknown };

export interface SystemMetadata {
  lastObserved?: number;
  runId?: string;
  lastRunId?: string;
  registryName?: string;
  registryVersion?: string;
  version?: string;
  properties?: Record<string, string>;
  [key: string]: unknown;
}

export interface AuditStamp {
  time: number;
  actor: string;
}

/** One proposed change to one aspect of one entity (DataHub's MetadataChangeProposal). */
export interface MetadataChangeProposal {
  entityType: string;
  entityUrn: string;
  changeType: ChangeType;
  aspectName: string;
  /** The aspect value for UPSERT/CREATE; the JSON Patch operations (array) for PATCH; absent for DELETE. */
  aspect?: unknown;
  systemMetadata?: SystemMetadata;
  headers?: Record<string, string>;
}

/** What GMS emits after a change is applied (DataHub's MetadataChangeLog), decoded. */
export interface MetadataChangeLog {
  entityType: string;
  entityUrn: string;
  changeType: ChangeType;
  aspectName: string;
  aspect?: JsonObject;
  previousAspectValue?: JsonObject;
  systemMetadata?: SystemMetadata;
  previousSystemMetadata?: SystemMetadata;
  created: AuditStamp;
  /** True for timeseries aspects, which DataHub publishes on MetadataChangeLog_Timeseries_v1. */
  timeseries: boolean;
}

/** A stored versioned aspect, as GMS keeps it in metadata_aspect_v2. */
export interface StoredAspect {
  urn: string;
  aspectName: string;
  version: number;
  value: JsonObject;
  systemMetadata: SystemMetadata | null;
  createdOn: Date;
  createdBy: string;
}

export const SYSTEM_ACTOR = 'urn:li:corpuser:__datahub_system';
