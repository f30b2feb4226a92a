import { aspectNameForRecord, entityTypeForSnapshot } from '../aspect-registry.js';
import { CHANGE_TYPES, type ChangeType, type MetadataChangeProposal, type SystemMetadata } from '../model.js';
import { JsonInputError, parseJsonInput } from '../json-input.js';
import { avroJsonToPegasus } from './avro-json.js';
import { aspectNameForRecordName } from './record-names.js';

/**
 * Decoders from DataHub's wire and file forms of a change to the hub's decoded MetadataChangeProposal.
 * They check structure only (fields present, aspect payload parseable); whether the urn, entity type and
 * aspect are acceptable is the hub's call, so a file import and an HTTP ingest refuse the same things.
 */

export type FormatFailureCode =
  | 'MALFORMED_JSON'
  | 'INVALID_ENTRY'
  | 'INVALID_PROPOSAL'
  | 'INVALID_CHANGE_TYPE'
  | 'INVALID_ASPECT'
  | 'UNSUPPORTED_CONTENT_TYPE'
  | 'UNKNOWN_ENTITY_TYPE'
  | 'RESERVED_KEY'
  | 'INVALID_TEXT'
  | 'JSON_TOO_DEEP';

export class FormatError extends Error {
  constructor(
    readonly code: FormatFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

export const JSON_CONTENT_TYPE = 'application/json';
export const JSON_PATCH_CONTENT_TYPE = 'application/json-patch+json';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function requireString(entry: Record<string, unknown>, field: string): string {
  const value = entry[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new FormatError(
      'INVALID_PROPOSAL',
      `"${field}" must be a non-empty string, got ${describe(value)}`,
    );
  }
  return value;
}

/** Entity type from the urn's third segment; the hub validates the urn properly. */
function entityTypeFromUrn(urn: string): string | undefined {
  const match = /^urn:li:([^:]+):/.exec(urn);
  return match?.[1];
}

/** Drops nulls (Avro writers emit absent optionals as null) and unwraps Avro-JSON unions. */
function decodeSystemMetadata(raw: unknown): SystemMetadata | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!isObject(raw))
    throw new FormatError('INVALID_PROPOSAL', `"systemMetadata" must be an object, got ${describe(raw)}`);
  return avroJsonToPegasus(raw) as SystemMetadata;
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return parseJsonInput(text, what);
  } catch (error) {
    if (!(error instanceof JsonInputError)) throw error;
    throw new FormatError(error.code === 'MALFORMED_JSON' ? 'INVALID_ASPECT' : error.code, error.message);
  }
}

/**
 * Decodes an MCP's `aspect` field in any of DataHub's forms: `{"json": value}` (file sink), or a
 * GenericAspect `{"value": "<serialized JSON>", "contentType": …}` (GMS wire and older files).
 */
function decodeAspectPayload(raw: unknown, changeType: ChangeType): unknown {
  if (!isObject(raw)) {
    throw new FormatError('INVALID_ASPECT', `"aspect" must be an object, got ${describe(raw)}`);
  }
  if ('json' in raw) return raw.json;
  const contentType = raw.contentType ?? JSON_CONTENT_TYPE;
  if (typeof contentType !== 'string') {
    throw new FormatError(
      'INVALID_ASPECT',
      `"aspect.contentType" must be a string, got ${describe(contentType)}`,
    );
  }
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== JSON_CONTENT_TYPE && mediaType !== JSON_PATCH_CONTENT_TYPE) {
    throw new FormatError(
      'UNSUPPORTED_CONTENT_TYPE',
      `aspect contentType "${contentType}" is not supported (use ${JSON_CONTENT_TYPE} or ${JSON_PATCH_CONTENT_TYPE})`,
    );
  }
  if (mediaType === JSON_PATCH_CONTENT_TYPE && changeType !== 'PATCH') {
    throw new FormatError(
      'INVALID_ASPECT',
      `contentType ${JSON_PATCH_CONTENT_TYPE} is only valid with changeType PATCH`,
    );
  }
  const value = raw.value;
  if (typeof value === 'string') return parseJsonText(value, '"aspect.value"');
  // Some writers inline the value instead of serializing it; accept that too.
  if (isObject(value) || Array.isArray(value)) return value;
  throw new FormatError('INVALID_ASPECT', `"aspect.value" must be a JSON string, got ${describe(value)}`);
}

function decodeChangeType(raw: unknown): ChangeType {
  const value = raw ?? 'UPSERT';
  if (typeof value !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(value)) {
    throw new FormatError(
      'INVALID_CHANGE_TYPE',
      `changeType ${JSON.stringify(value)} is not one of ${CHANGE_TYPES.join(', ')}`,
    );
  }
  return value as ChangeType;
}

/**
 * Decodes one MetadataChangeProposal as DataHub serializes it: in MCP JSON files, in GMS's
 * `ingestProposal`/`ingestProposalBatch` bodies, and in the OpenAPI forms that nest the same fields.
 * Throws FormatError with a reason fit for a user.
 */
export function decodeProposal(raw: unknown): MetadataChangeProposal {
  if (!isObject(raw))
    throw new FormatError('INVALID_PROPOSAL', `a proposal must be an object, got ${describe(raw)}`);
  const entityUrn = requireString(raw, 'entityUrn');
  const aspectName = requireString(raw, 'aspectName');
  const changeType = decodeChangeType(raw.changeType);
  const entityType =
    typeof raw.entityType === 'string' && raw.entityType.length > 0
      ? raw.entityType
      : entityTypeFromUrn(entityUrn);
  if (!entityType)
    throw new FormatError(
      'INVALID_PROPOSAL',
      `"entityType" is missing and urn ${JSON.stringify(entityUrn)} names none`,
    );

  const proposal: MetadataChangeProposal = { entityType, entityUrn, changeType, aspectName };
  if (raw.aspect !== undefined && raw.aspect !== null) {
    proposal.aspect = decodeAspectPayload(raw.aspect, changeType);
  } else if (changeType !== 'DELETE') {
    throw new FormatError('INVALID_ASPECT', `changeType ${changeType} needs an "aspect"`);
  }
  const systemMetadata = decodeSystemMetadata(raw.systemMetadata);
  if (systemMetadata) proposal.systemMetadata = systemMetadata;
  if (isObject(raw.headers)) {
    const headers = Object.fromEntries(
      Object.entries(raw.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if (Object.keys(headers).length > 0) proposal.headers = headers;
  }
  return proposal;
}

/** One aspect of a snapshot, decoded; `failure` when that aspect alone cannot be read. */
export type SnapshotAspect =
  | { aspectIndex: number; proposal: MetadataChangeProposal }
  | { aspectIndex: number; urn: string; aspectName?: string; failure: FormatError };

/**
 * Decodes an MCE's `proposedSnapshot` (`{"com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot":
 * {urn, aspects: [{"<record name>": value}, …]}}`, Avro or pegasus names) into one UPSERT per aspect,
 * as GMS does when it ingests an MCE. A bad aspect fails alone; a bad snapshot throws.
 */
export function decodeSnapshot(rawSnapshot: unknown, rawSystemMetadata?: unknown): SnapshotAspect[] {
  if (!isObject(rawSnapshot)) {
    throw new FormatError(
      'INVALID_ENTRY',
      `"proposedSnapshot" must be an object, got ${describe(rawSnapshot)}`,
    );
  }
  const keys = Object.keys(rawSnapshot);
  if (keys.length !== 1) {
    throw new FormatError(
      'INVALID_ENTRY',
      `"proposedSnapshot" must have exactly one snapshot type key, got ${keys.length}`,
    );
  }
  const snapshotName = keys[0]!;
  const body = rawSnapshot[snapshotName];
  const entityType = entityTypeForSnapshot(snapshotName);
  if (!entityType) throw new FormatError('UNKNOWN_ENTITY_TYPE', `"${snapshotName}" is not a snapshot type`);
  if (!isObject(body)) throw new FormatError('INVALID_ENTRY', `snapshot ${snapshotName} must be an object`);
  const urn = requireString(body, 'urn');
  if (!Array.isArray(body.aspects))
    throw new FormatError('INVALID_ENTRY', `snapshot of ${urn} has no "aspects" array`);
  const systemMetadata = decodeSystemMetadata(rawSystemMetadata);

  return body.aspects.map((rawAspect: unknown, aspectIndex): SnapshotAspect => {
    if (!isObject(rawAspect) || Object.keys(rawAspect).length !== 1) {
      return {
        aspectIndex,
        urn,
        failure: new FormatError(
          'INVALID_ASPECT',
          `snapshot aspect #${aspectIndex} must be an object with one record-name key`,
        ),
      };
    }
    const recordName = Object.keys(rawAspect)[0]!;
    const aspectName = aspectNameForRecordName(recordName) ?? aspectNameForRecord(recordName);
    const value = avroJsonToPegasus(rawAspect[recordName], aspectName);
    if (!isObject(value)) {
      return {
        aspectIndex,
        urn,
        aspectName,
        failure: new FormatError(
          'INVALID_ASPECT',
          `aspect ${recordName} must be an object, got ${describe(value)}`,
        ),
      };
    }
    const proposal: MetadataChangeProposal = {
      entityType,
      entityUrn: urn,
      changeType: 'UPSERT',
      aspectName,
      aspect: value,
    };
    if (systemMetadata) proposal.systemMetadata = systemMetadata;
    return { aspectIndex, proposal };
  });
}

export function isSnapshotEntry(
  entry: unknown,
): entry is { proposedSnapshot: unknown; systemMetadata?: unknown } {
  return isObject(entry) && 'proposedSnapshot' in entry && entry.proposedSnapshot !== null;
}
