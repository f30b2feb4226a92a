import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDiskFullError } from '@dataspoke/platform/store/store-space';
import type { HubAccess, HubAuthorizer } from './access.js';
import { isKnownAspect, isTimeseriesAspect } from './aspect-registry.js';
import { failure, validateProposal } from './aspect-writes.js';
import { BatchRefusedError, type EmbeddedHub } from './embedded-hub.js';
import { UrnKeyError } from './entity-key.js';
import { decodeProposal, decodeSnapshot, FormatError, recordNameForAspect } from './formats/index.js';
import type { IngestOutcome } from './ingest-result.js';
import {
  IntegerInputError,
  MILLIS_RANGE,
  NON_NEGATIVE,
  POSITIVE,
  readInteger,
  type IntegerRange,
} from './integer-input.js';
import { isUnstorableText, JsonInputError, parseJsonInput } from './json-input.js';
import type { MetadataChangeProposal, StoredAspect } from './model.js';
import { InvalidUrnError, parseEntityUrn, parseUrn } from './urn.js';

/**
 * The subset of DataHub GMS's Rest.li API that DataHub's own clients (the acryl-datahub Python SDK's
 * DatahubRestEmitter and DataHubGraph, the `datahub` CLI) use to write and read aspects. The caller
 * mounts it under a prefix (`/gms`), which clients take as their GMS server URL.
 *
 * Errors answer like Rest.li does (`message`, `status`, `exceptionClass`, header
 * `X-RestLi-Error-Response`), which is what the SDK reads, plus DataSpoke's `error_code`/`trace_id`.
 */

export interface GmsRoutesOptions {
  hub: EmbeddedHub;
  /** Largest request body accepted; larger ones get 413. */
  maxBodyBytes: number;
  /** Server version reported by /config; see GMS_COMPATIBLE_VERSION. */
  version?: string;
  /** Decides whether a request may read, write or delete metadata (403 FORBIDDEN when not). */
  authorize: HubAuthorizer;
}

/**
 * The GMS version /config reports. The SDK (1.7) switches its emitter to the OpenAPI v3 entity endpoints
 * for servers at or above 1.0.1 (ServiceFeature.OPEN_API_SDK) and to async trace polling; the embedded hub
 * serves the Rest.li ingest API, so it reports the last core version before that switch.
 */
export const GMS_COMPATIBLE_VERSION = 'v1.0.0';

const RESTLI_PROTOCOL_VERSION = '2.0.0';
const RESTLI_EXCEPTION_CLASS = 'com.linkedin.restli.server.RestLiServiceException';

/** HTTP status for each refusal code of the decoders and the hub. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  INVALID_ENTRY: 400,
  INVALID_PROPOSAL: 400,
  INVALID_CHANGE_TYPE: 400,
  INVALID_URN: 400,
  UNKNOWN_ACTION: 400,
  INVALID_PARAMETER: 400,
  RESERVED_KEY: 400,
  INVALID_TEXT: 400,
  JSON_TOO_DEEP: 400,
  UNSUPPORTED_CONTENT_TYPE: 422,
  INVALID_ASPECT: 422,
  UNKNOWN_ASPECT: 422,
  UNKNOWN_ENTITY_TYPE: 422,
  ENTITY_TYPE_MISMATCH: 422,
  PATCH_FAILED: 422,
  BATCH_REFUSED: 422,
  ASPECT_ALREADY_EXISTS: 409,
  ENTITY_ALREADY_EXISTS: 409,
  PRECONDITION_FAILED: 412,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

function statusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** A refused request: becomes a 4xx Rest.li-style error body. */
export class GmsRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly status: number = statusFor(code),
  ) {
    super(message);
    this.name = 'GmsRequestError';
  }
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: GmsRequestError): FastifyReply {
  return reply
    .status(error.status)
    .header('X-RestLi-Error-Response', 'true')
    .send({
      error_code: error.code,
      message: error.message,
      status: error.status,
      exceptionClass: RESTLI_EXCEPTION_CLASS,
      trace_id: request.id,
      ...error.details,
    });
}

/** fastify's own request errors (parsing, size, media type) in the same shape. */
function fromFastifyError(error: FastifyError): GmsRequestError | undefined {
  if (error instanceof GmsRequestError) return error;
  if (!error.statusCode || error.statusCode >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GmsRequestError(
        'PAYLOAD_TOO_LARGE',
        `Request body is larger than the server accepts: ${error.message}`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GmsRequestError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${error.message}; send Content-Type: application/json`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GmsRequestError('MALFORMED_JSON', 'Request body is empty; expected a JSON object');
    default:
      if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return new GmsRequestError('MALFORMED_JSON', `Request body is not valid JSON: ${error.message}`);
      }
      return new GmsRequestError(error.code ?? 'BAD_REQUEST', error.message, {}, error.statusCode);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireBodyObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new GmsRequestError('INVALID_PROPOSAL', 'Request body must be a JSON object');
  return body;
}

/**
 * The urn of `/aspects/{urn}` and `/entitiesV2/{urn}` is the rest of the path, a wildcard: fastify's router
 * would refuse a named parameter longer than the instance's maxParamLength (100 characters unless its owner set
 * more), and these routes must read every urn DataHub allows (URN_NUM_BYTES_LIMIT) on any instance they are
 * registered on. Longer urns get INVALID_URN from validUrn.
 */
const URN_PARAMETER = '*';
type UrnParams = { Params: { [URN_PARAMETER]: string } };

function validUrn(urn: string): string {
  if (isUnstorableText(urn)) {
    throw new GmsRequestError('INVALID_URN', 'The urn has a NUL character or an unpaired surrogate');
  }
  try {
    parseEntityUrn(urn);
    return urn;
  } catch (error) {
    if (error instanceof InvalidUrnError) throw new GmsRequestError('INVALID_URN', error.message);
    throw error;
  }
}

interface ProposalFailure {
  index: number;
  urn?: string;
  aspectName?: string;
  code: string;
  reason: string;
}

interface BatchSummary {
  applied: number;
  unchanged: number;
  /** Refusals: when there are any, nothing of the batch was applied. */
  failures: ProposalFailure[];
  /** Proposals whose urn does not fit their entity type's key: left out, the rest applied. */
  skipped: ProposalFailure[];
}

/**
 * Decodes and applies proposals as GMS's Rest.li ingest does (AspectResource.ingestProposals, see the README):
 * a proposal whose urn does not fit its entity type's key is skipped and the rest applied; any other refusal
 * refuses the whole batch, and nothing of it is applied.
 */
async function ingestRawProposals(hub: EmbeddedHub, raws: readonly unknown[]): Promise<BatchSummary> {
  const failures: ProposalFailure[] = [];
  const decoded: MetadataChangeProposal[] = [];
  const positions: number[] = [];
  raws.forEach((raw, index) => {
    try {
      decoded.push(decodeProposal(raw));
      positions.push(index);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const urn = isObject(raw) && typeof raw.entityUrn === 'string' ? raw.entityUrn : undefined;
      const aspectName = isObject(raw) && typeof raw.aspectName === 'string' ? raw.aspectName : undefined;
      failures.push({
        index,
        ...(urn ? { urn } : {}),
        ...(aspectName ? { aspectName } : {}),
        code: error.code,
        reason: error.message,
      });
    }
  });
  const kept: MetadataChangeProposal[] = [];
  const keptPositions: number[] = [];
  const skipped: ProposalFailure[] = [];
  decoded.forEach((proposal, i) => {
    try {
      validateProposal(proposal);
    } catch (error) {
      const refusal = outcomeFailure(failure(positions[i]!, proposal, error), []);
      if (error instanceof UrnKeyError) {
        skipped.push(...refusal);
        return;
      }
      failures.push(...refusal);
    }
    kept.push(proposal);
    keptPositions.push(positions[i]!);
  });
  if (failures.length > 0) {
    return { applied: 0, unchanged: 0, failures: failures.sort((a, b) => a.index - b.index), skipped };
  }
  return { ...(await applyAllOrNothing(hub, kept, keptPositions)), skipped };
}

/** Applies proposals in one transaction; when the hub refuses any, none is applied and the refusals are listed. */
async function applyAllOrNothing(
  hub: EmbeddedHub,
  proposals: readonly MetadataChangeProposal[],
  positions: readonly number[],
): Promise<Omit<BatchSummary, 'skipped'>> {
  if (proposals.length === 0) return { applied: 0, unchanged: 0, failures: [] };
  try {
    const result = await hub.ingest(proposals, { allOrNothing: true });
    return { applied: result.applied, unchanged: result.unchanged, failures: [] };
  } catch (error) {
    if (!(error instanceof BatchRefusedError)) throw error;
    const failures = error.refusals.flatMap((outcome) => outcomeFailure(outcome, positions));
    return { applied: 0, unchanged: 0, failures: failures.sort((a, b) => a.index - b.index) };
  }
}

function outcomeFailure(outcome: IngestOutcome, positions: readonly number[]): ProposalFailure[] {
  if (outcome.status !== 'failed') return [];
  return [
    {
      index: positions[outcome.index] ?? outcome.index,
      urn: outcome.urn,
      aspectName: outcome.aspectName,
      code: outcome.code,
      reason: outcome.reason,
    },
  ];
}

/** A batch that deletes anything needs the delete right; any other proposal is a write. */
function accessOfProposals(raws: readonly unknown[]): HubAccess {
  const deletes = raws.some(
    (raw) => isObject(raw) && typeof raw.changeType === 'string' && raw.changeType.toUpperCase() === 'DELETE',
  );
  return deletes ? 'delete' : 'write';
}

/**
 * 200 with Rest.li's action result when the batch was applied (naming the proposals skipped, which GMS only
 * logs); otherwise the refusals, as one 4xx, and nothing of the batch was applied.
 */
function batchResponse(
  request: FastifyRequest,
  summary: BatchSummary,
  total: number,
): { value: string; skipped?: ProposalFailure[] } {
  const { failures, skipped } = summary;
  if (failures.length === 0) {
    if (skipped.length === 0) return { value: 'success' };
    request.log.warn({ skipped, trace_id: request.id }, 'GMS ingest skipped proposals, as GMS does');
    return { value: 'success', skipped };
  }
  const first = failures[0]!;
  const sameCode = failures.every((f) => f.code === first.code);
  const code = total === 1 || sameCode ? first.code : 'BATCH_REFUSED';
  const listed = failures
    .slice(0, 10)
    .map(
      (f) => `#${f.index}${f.urn ? ` ${f.urn}` : ''}${f.aspectName ? ` ${f.aspectName}` : ''}: ${f.reason}`,
    )
    .join('; ');
  const message =
    total === 1
      ? first.reason
      : `${failures.length} of ${total} proposals were refused, so none of the batch was applied: ${listed}${failures.length > 10 ? '; …' : ''}`;
  throw new GmsRequestError(code, message, {
    failures,
    applied: 0,
    unchanged: 0,
    failed: failures.length,
    ...(skipped.length > 0 && { skipped }),
  });
}

/** Rest.li 2.0 array query parameter: `List(a,b)`; also accepts repeated or comma-separated values. */
function parseListParam(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value : [value];
  const names = raw.flatMap((v) => {
    const inner = /^List\((.*)\)$/.exec(v)?.[1] ?? v;
    return inner.split(',');
  });
  return names.map((n) => n.trim()).filter((n) => n.length > 0);
}

/** The refusal for the first path or query parameter holding text no PostgreSQL text value can hold. */
function unstorableParameter(parameters: unknown): GmsRequestError | undefined {
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  for (const [name, value] of Object.entries(parameters)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && isUnstorableText(v))) {
      return name === URN_PARAMETER
        ? new GmsRequestError('INVALID_URN', 'The urn has a NUL character or an unpaired surrogate')
        : new GmsRequestError(
            'INVALID_TEXT',
            `Parameter "${name}" has a NUL character or an unpaired surrogate`,
          );
    }
  }
  return undefined;
}

/** An integer query or body parameter; absent (undefined, null, '') is undefined. */
function integerParam(value: unknown, name: string, range: IntegerRange): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return readInteger(value, name, range);
  } catch (error) {
    if (error instanceof IntegerInputError) throw new GmsRequestError(error.code, error.message);
    throw error;
  }
}

/**
 * Every /gms JSON body goes through the hub's JSON input rules (no prototype keys, no NUL or unpaired
 * surrogates, bounded nesting) before any route sees it.
 */
function parseGmsJson(
  _request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) {
  if (body === '') {
    done(new GmsRequestError('MALFORMED_JSON', 'Request body is empty; expected a JSON object'));
    return;
  }
  try {
    done(null, parseJsonInput(body, 'Request body'));
  } catch (error) {
    if (error instanceof JsonInputError) done(new GmsRequestError(error.code, error.message));
    else done(error as Error);
  }
}

function auditStamp(stored: { createdOn: Date; createdBy: string }): { time: number; actor: string } {
  return { time: stored.createdOn.getTime(), actor: stored.createdBy };
}

type ActionQuery = { Querystring: { action?: string } };

export function registerGmsRoutes(app: FastifyInstance, options: GmsRoutesOptions): Promise<void> {
  const { hub, maxBodyBytes, authorize } = options;
  const version = options.version ?? GMS_COMPATIBLE_VERSION;
  const requireAccess = (request: FastifyRequest, access: HubAccess): void => {
    const refusal = authorize(request, access);
    if (refusal) throw new GmsRequestError('FORBIDDEN', refusal, {}, 403);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal = fromFastifyError(error);
    if (refusal) return sendError(request, reply, refusal);
    // Out of space past the storage guard (a write that hit ENOSPC): refused, not a bug; the client retries.
    if (isDiskFullError(error)) {
      request.log.warn({ err: error, trace_id: request.id }, 'GMS write refused: the store is out of space');
      return sendError(
        request,
        reply,
        new GmsRequestError(
          'INSUFFICIENT_STORAGE',
          'The store is out of space; writes are refused until it has room',
          {},
          507,
        ),
      );
    }
    request.log.error({ err: error, trace_id: request.id }, 'GMS request failed');
    return reply.status(500).header('X-RestLi-Error-Response', 'true').send({
      error_code: 'INTERNAL_ERROR',
      message: 'The server failed to handle the request; see its log.',
      status: 500,
      exceptionClass: RESTLI_EXCEPTION_CLASS,
      trace_id: request.id,
    });
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseGmsJson);
  // Path and query parameters too: a NUL or unpaired surrogate cannot be stored or even compared in SQL.
  app.addHook('preValidation', (request, _reply, done) => {
    done(unstorableParameter(request.params) ?? unstorableParameter(request.query) ?? undefined);
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('X-RestLi-Protocol-Version', RESTLI_PROTOCOL_VERSION);
    done();
  });

  // What DataHubRestEmitter.test_connection reads: `noCode: "true"` proves it is GMS (not the frontend);
  // the version selects the Rest.li ingest path (see GMS_COMPATIBLE_VERSION).
  app.get('/config', () => ({
    models: {},
    noCode: 'true',
    patchCapable: true,
    statefulIngestionCapable: false,
    supportsImpactAnalysis: false,
    retention: 'false',
    timeZone: 'GMT',
    datasetUrnNameCasing: false,
    versions: { 'acryldata/datahub': { version, commit: 'dataspoke-embedded-hub' } },
    managedIngestion: { enabled: false },
    telemetry: { enabledCli: false, enabledIngestion: false },
    datahub: { serverType: 'dataspoke-embedded', serverEnv: 'core' },
  }));

  app.post<ActionQuery>('/aspects', { bodyLimit: maxBodyBytes }, async (request) => {
    const body = requireBodyObject(request.body);
    switch (request.query.action) {
      case 'ingestProposal': {
        if (!('proposal' in body))
          throw new GmsRequestError('INVALID_PROPOSAL', 'Request body needs a "proposal"');
        requireAccess(request, accessOfProposals([body.proposal]));
        return batchResponse(request, await ingestRawProposals(hub, [body.proposal]), 1);
      }
      case 'ingestProposalBatch': {
        if (!Array.isArray(body.proposals)) {
          throw new GmsRequestError('INVALID_PROPOSAL', 'Request body needs a "proposals" array');
        }
        requireAccess(request, accessOfProposals(body.proposals));
        return batchResponse(request, await ingestRawProposals(hub, body.proposals), body.proposals.length);
      }
      case 'getTimeseriesAspectValues':
        requireAccess(request, 'read');
        return timeseriesValues(hub, body);
      default:
        throw new GmsRequestError(
          'UNKNOWN_ACTION',
          `Unsupported action ${JSON.stringify(request.query.action)} on /aspects`,
        );
    }
  });

  // DataHubGraph.get_aspect: the versioned aspect keyed by its pegasus record name, 404 when absent.
  app.get<UrnParams & { Querystring: { aspect?: string; version?: string } }>(
    '/aspects/*',
    async (request, reply) => {
      requireAccess(request, 'read');
      const urn = validUrn(request.params[URN_PARAMETER]);
      const aspectName = request.query.aspect;
      if (!aspectName) throw new GmsRequestError('BAD_REQUEST', 'Query parameter "aspect" is required');
      const version = integerParam(request.query.version, 'version', NON_NEGATIVE) ?? 0;
      const entityType = parseUrn(urn).entityType;
      if (!isKnownAspect(entityType, aspectName) || isTimeseriesAspect(aspectName)) {
        return sendError(
          request,
          reply,
          new GmsRequestError(
            'NOT_FOUND',
            isTimeseriesAspect(aspectName)
              ? `${aspectName} is a timeseries aspect; read it with action=getTimeseriesAspectValues`
              : `Entity type ${entityType} has no aspect ${aspectName}`,
            {},
            404,
          ),
        );
      }
      const stored = await hub.getAspect(urn, aspectName, version);
      if (!stored) {
        return sendError(
          request,
          reply,
          new GmsRequestError('NOT_FOUND', `No ${aspectName} version ${version} for ${urn}`, {}, 404),
        );
      }
      return { urn, aspect: { [recordNameForAspect(aspectName)]: stored.value }, version };
    },
  );

  // DataHubGraph.get_entity_raw / get_aspects_for_entity / get_entity_semityped: latest aspects, enveloped.
  app.get<UrnParams & { Querystring: { aspects?: string | string[] } }>('/entitiesV2/*', async (request) => {
    requireAccess(request, 'read');
    const urn = validUrn(request.params[URN_PARAMETER]);
    const entityType = parseUrn(urn).entityType;
    const requested = parseListParam(request.query.aspects);
    const names = requested?.filter((name) => !isTimeseriesAspect(name));
    const latest = await hub.getLatestAspects([urn], names);
    const aspects: Record<string, unknown> = {};
    for (const [name, stored] of latest.get(urn) ?? new Map<string, StoredAspect>()) {
      if (isTimeseriesAspect(name)) continue;
      aspects[name] = {
        name,
        type: 'VERSIONED',
        version: 0,
        value: stored.value,
        created: auditStamp(stored),
        ...(stored.systemMetadata ? { systemMetadata: stored.systemMetadata } : {}),
      };
    }
    return { urn, entityName: entityType, aspects };
  });

  // DatahubRestEmitter.emit_mce: a snapshot, each aspect one UPSERT, as GMS does.
  app.post<ActionQuery>('/entities', { bodyLimit: maxBodyBytes }, async (request) => {
    const body = requireBodyObject(request.body);
    if (request.query.action !== 'ingest') {
      throw new GmsRequestError(
        'UNKNOWN_ACTION',
        `Unsupported action ${JSON.stringify(request.query.action)} on /entities`,
      );
    }
    // A snapshot's aspects are UPSERTs (a `status` with removed: true is a soft delete, a write as on GMS).
    requireAccess(request, 'write');
    const entity = body.entity;
    if (!isObject(entity) || !isObject(entity.value)) {
      throw new GmsRequestError(
        'INVALID_ENTRY',
        'Request body needs "entity": {"value": {<snapshot type>: {urn, aspects}}}',
      );
    }
    let aspects;
    try {
      aspects = decodeSnapshot(entity.value, body.systemMetadata);
    } catch (error) {
      if (error instanceof FormatError) throw new GmsRequestError(error.code, error.message);
      throw error;
    }
    const failures: ProposalFailure[] = [];
    const proposals: MetadataChangeProposal[] = [];
    const positions: number[] = [];
    for (const aspect of aspects) {
      if ('proposal' in aspect) {
        proposals.push(aspect.proposal);
        positions.push(aspect.aspectIndex);
      } else {
        failures.push({
          index: aspect.aspectIndex,
          urn: aspect.urn,
          ...(aspect.aspectName ? { aspectName: aspect.aspectName } : {}),
          code: aspect.failure.code,
          reason: aspect.failure.message,
        });
      }
    }
    // One batch, as GMS's ingestSnapshotUnion: any refusal refuses the whole snapshot.
    const summary =
      failures.length > 0
        ? { applied: 0, unchanged: 0, failures }
        : await applyAllOrNothing(hub, proposals, positions);
    batchResponse(request, { ...summary, skipped: [] }, aspects.length);
    return {};
  });
  return Promise.resolve();
}

/** DataHubGraph.get_latest_timeseries_value / get_timeseries_values: events as GenericAspects. */
async function timeseriesValues(hub: EmbeddedHub, body: Record<string, unknown>): Promise<unknown> {
  const urn = validUrn(typeof body.urn === 'string' ? body.urn : '');
  const aspectName = typeof body.aspect === 'string' ? body.aspect : '';
  if (!isTimeseriesAspect(aspectName)) {
    throw new GmsRequestError('UNKNOWN_ASPECT', `${JSON.stringify(aspectName)} is not a timeseries aspect`);
  }
  // The hub returns at most 10,000 events whatever the limit says.
  const limit = integerParam(body.limit, 'limit', POSITIVE) ?? 10_000;
  const startTimeMillis = integerParam(body.startTimeMillis, 'startTimeMillis', MILLIS_RANGE);
  const endTimeMillis = integerParam(body.endTimeMillis, 'endTimeMillis', MILLIS_RANGE);
  const rows = await hub.getTimeseries(urn, aspectName, {
    limit,
    ...(startTimeMillis !== undefined ? { startTimeMillis } : {}),
    ...(endTimeMillis !== undefined ? { endTimeMillis } : {}),
  });
  return {
    value: {
      entityName: typeof body.entity === 'string' ? body.entity : parseUrn(urn).entityType,
      aspectName,
      limit,
      ...(startTimeMillis !== undefined ? { startTimeMillis } : {}),
      ...(endTimeMillis !== undefined ? { endTimeMillis } : {}),
      values: rows.map((row) => ({
        aspect: { value: JSON.stringify(row.event), contentType: 'application/json' },
        ...(row.systemMetadata ? { systemMetadata: row.systemMetadata } : {}),
      })),
    },
  };
}
