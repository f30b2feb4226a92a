import { createHash } from 'node:crypto';
import { decodeProposal, FormatError } from '../formats/proposal-decoder.js';
import {
  CHANGE_TYPES,
  type ChangeType,
  type JsonObject,
  type MetadataChangeLog,
  type MetadataChangeProposal,
  type SystemMetadata,
} from '../model.js';
import { UndecodableRecordError } from './confluent-avro.js';

/**
 * Between the hub's decoded MetadataChangeLog / MetadataChangeProposal and the Avro records of DataHub's
 * Kafka topics (MetadataChangeLog.avsc, MetadataChangeProposal.avsc): aspects travel as a GenericAspect, the
 * aspect's JSON serialised into bytes with its content type, as GMS writes them.
 */

const JSON_CONTENT_TYPE = 'application/json';

interface GenericAspect {
  value: Buffer;
  contentType: string;
}

interface AvroSystemMetadata {
  lastObserved: number | null;
  runId: string | null;
  lastRunId: string | null;
  pipelineName: string | null;
  registryName: string | null;
  registryVersion: string | null;
  properties: Record<string, string> | null;
  version: string | null;
}

interface AvroChangeLog {
  auditHeader: null;
  entityType: string;
  entityUrn: string | null;
  entityKeyAspect: GenericAspect | null;
  changeType: string;
  aspectName: string | null;
  aspect: GenericAspect | null;
  systemMetadata: AvroSystemMetadata | null;
  headers: Record<string, string> | null;
  previousAspectValue: GenericAspect | null;
  previousSystemMetadata: AvroSystemMetadata | null;
  created: { time: number; actor: string; impersonator: string | null; message: string | null } | null;
}

function genericAspect(value: unknown): GenericAspect | null {
  if (value === undefined) return null;
  return { value: Buffer.from(JSON.stringify(value)), contentType: JSON_CONTENT_TYPE };
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function avroSystemMetadata(meta: SystemMetadata | undefined): AvroSystemMetadata | null {
  if (!meta) return null;
  const properties =
    meta.properties && typeof meta.properties === 'object'
      ? Object.fromEntries(Object.entries(meta.properties).filter(([, v]) => typeof v === 'string'))
      : null;
  return {
    lastObserved: typeof meta.lastObserved === 'number' ? meta.lastObserved : null,
    runId: optionalString(meta.runId),
    lastRunId: optionalString(meta.lastRunId),
    pipelineName: optionalString(meta.pipelineName),
    registryName: optionalString(meta.registryName),
    registryVersion: optionalString(meta.registryVersion),
    properties,
    version: optionalString(meta.version),
  };
}

/** The Avro record of one change, as GMS publishes it on MetadataChangeLog_{Versioned,Timeseries}_v1. */
export function changeLogToAvro(event: MetadataChangeLog): AvroChangeLog {
  return {
    auditHeader: null,
    entityType: event.entityType,
    entityUrn: event.entityUrn,
    entityKeyAspect: null,
    changeType: event.changeType,
    aspectName: event.aspectName,
    aspect: genericAspect(event.aspect),
    systemMetadata: avroSystemMetadata(event.systemMetadata),
    headers: null,
    previousAspectValue: genericAspect(event.previousAspectValue),
    previousSystemMetadata: avroSystemMetadata(event.previousSystemMetadata),
    created: { time: event.created.time, actor: event.created.actor, impersonator: null, message: null },
  };
}

function withoutNulls<T extends object>(record: T): JsonObject {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined));
}

function parseAspect(aspect: GenericAspect | null, field: string): JsonObject | undefined {
  if (!aspect) return undefined;
  const mediaType = aspect.contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== JSON_CONTENT_TYPE)
    throw new UndecodableRecordError(
      'NOT_A_CHANGE',
      `${field} has content type ${aspect.contentType}, not JSON`,
    );
  let value: unknown;
  try {
    value = JSON.parse(aspect.value.toString('utf8'));
  } catch (error) {
    throw new UndecodableRecordError('NOT_A_CHANGE', `${field} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UndecodableRecordError('NOT_A_CHANGE', `${field} is not a JSON object`);
  return value as JsonObject;
}

/** DataHub's UPDATE (an older name of an upsert) has no change type of its own in the hub's model. */
function changeType(value: string): ChangeType {
  if (value === 'UPDATE') return 'UPSERT';
  if ((CHANGE_TYPES as readonly string[]).includes(value)) return value as ChangeType;
  throw new UndecodableRecordError('NOT_A_CHANGE', `changeType ${value} is not one the hub knows`);
}

/** The hub's MetadataChangeLog from a decoded Avro record; `timeseries` is which topic it came from. */
export function changeLogFromAvro(record: unknown, timeseries: boolean): MetadataChangeLog {
  const mcl = record as AvroChangeLog;
  if (!mcl.entityUrn) throw new UndecodableRecordError('NOT_A_CHANGE', 'the change names no entityUrn');
  if (!mcl.aspectName) throw new UndecodableRecordError('NOT_A_CHANGE', 'the change names no aspectName');
  const event: MetadataChangeLog = {
    entityType: mcl.entityType,
    entityUrn: mcl.entityUrn,
    changeType: changeType(mcl.changeType),
    aspectName: mcl.aspectName,
    created: mcl.created ? { time: mcl.created.time, actor: mcl.created.actor } : { time: 0, actor: '' },
    timeseries,
  };
  const aspect = parseAspect(mcl.aspect, 'aspect');
  if (aspect) event.aspect = aspect;
  const previous = parseAspect(mcl.previousAspectValue, 'previousAspectValue');
  if (previous) event.previousAspectValue = previous;
  if (mcl.systemMetadata) event.systemMetadata = withoutNulls(mcl.systemMetadata);
  if (mcl.previousSystemMetadata) event.previousSystemMetadata = withoutNulls(mcl.previousSystemMetadata);
  return event;
}

/**
 * What makes a change the same change when it is delivered again: its entity, aspect and kind, when and by
 * whom it was made, the aspect version GMS gave it, and its value. A redelivered or replayed record has the
 * same identity; two writes of one aspect differ at least in time or version.
 */
export function changeIdentity(event: MetadataChangeLog): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        event.entityUrn,
        event.aspectName,
        event.changeType,
        event.created.time,
        event.created.actor,
        event.systemMetadata?.version ?? null,
        event.systemMetadata?.runId ?? null,
        event.aspect === undefined ? null : JSON.stringify(event.aspect),
      ]),
    )
    .digest('hex');
}

/** The hub's MetadataChangeProposal from a decoded Avro record of MetadataChangeProposal_v1. */
export function proposalFromAvro(record: unknown): MetadataChangeProposal {
  const mcp = record as Omit<AvroChangeLog, 'previousAspectValue' | 'previousSystemMetadata' | 'created'>;
  try {
    return decodeProposal({
      entityType: mcp.entityType,
      entityUrn: mcp.entityUrn,
      changeType: mcp.changeType === 'UPDATE' ? 'UPSERT' : mcp.changeType,
      aspectName: mcp.aspectName,
      aspect: mcp.aspect && { value: mcp.aspect.value.toString('utf8'), contentType: mcp.aspect.contentType },
      systemMetadata: mcp.systemMetadata && withoutNulls(mcp.systemMetadata),
      headers: mcp.headers,
    });
  } catch (error) {
    if (error instanceof FormatError)
      throw new UndecodableRecordError('NOT_A_CHANGE', `${error.code}: ${error.message}`);
    throw error;
  }
}
