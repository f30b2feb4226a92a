/**
 * The write half of the embedded hub's aspect store: a batch of proposals checked and turned into aspect
 * states (GMS's versioning: version 0 the latest, earlier values numbered upwards), change logs, and the bulk
 * statements that write them. EmbeddedHub.ingest drives it inside one transaction per chunk.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@dataspoke/platform/store/db';
import { metadataAspect, timeseriesAspect } from '@dataspoke/platform/store/schema';
import { entitySpec, isKnownAspect, isTimeseriesAspect } from './aspect-registry.js';
import { checkUrnKey, keyAspectFor } from './entity-key.js';
import { ProposalError, type IngestOutcome } from './ingest-result.js';
import { IntegerInputError, MILLIS_RANGE, readInteger } from './integer-input.js';
import {
  CHANGE_TYPES,
  type JsonObject,
  type MetadataChangeLog,
  type MetadataChangeProposal,
  type SystemMetadata,
} from './model.js';
import { InvalidUrnError, parseEntityUrn, parseUrn } from './urn.js';

const DEFAULT_RUN_ID = 'no-run-id-provided';

export interface AspectState {
  urn: string;
  aspectName: string;
  /** Latest value; undefined when the aspect does not exist (never did, or deleted in this batch). */
  current: JsonObject | undefined;
  currentSystemMetadata: SystemMetadata | null;
  currentCreatedOn: Date | undefined;
  currentCreatedBy: string | undefined;
  maxVersion: number;
  /** True when version 0 must be (re)written. */
  dirty: boolean;
  /** All stored versions must be dropped before writing (the aspect was deleted in this batch). */
  purge: boolean;
  history: (typeof metadataAspect.$inferInsert)[];
}

export const keyOf = (urn: string, aspect: string) => `${urn}\u0000${aspect}`;

export const INSERT_ROWS = 1000;

export function validateProposal(p: MetadataChangeProposal): void {
  if (typeof p !== 'object' || p === null)
    throw new ProposalError('INVALID_PROPOSAL', 'a proposal must be an object');
  if (typeof p.entityUrn !== 'string') throw new ProposalError('INVALID_URN', 'entityUrn is missing');
  if (typeof p.aspectName !== 'string' || p.aspectName === '')
    throw new ProposalError('UNKNOWN_ASPECT', 'aspectName is missing');
  if (!(CHANGE_TYPES as readonly string[]).includes(p.changeType)) {
    throw new ProposalError(
      'INVALID_CHANGE_TYPE',
      `changeType must be one of ${CHANGE_TYPES.join(', ')}; got ${JSON.stringify(p.changeType)}`,
    );
  }
  // DataHub's rules for an entity's own urn, its length included (UrnValidationUtil.validateUrn).
  const parsed = parseEntityUrn(p.entityUrn);
  const entityType = p.entityType ?? parsed.entityType;
  if (entityType !== parsed.entityType) {
    throw new ProposalError(
      'ENTITY_TYPE_MISMATCH',
      `entityType "${entityType}" does not match the urn's entity type "${parsed.entityType}"`,
    );
  }
  if (!entitySpec(entityType))
    throw new ProposalError('UNKNOWN_ENTITY_TYPE', `unknown entity type "${entityType}"`);
  // GMS's order (ValidationApiUtils.validateMCP): entity type, then the urn's key, then the aspect.
  checkUrnKey(p.entityUrn);
  if (!isKnownAspect(entityType, p.aspectName)) {
    throw new ProposalError(
      'UNKNOWN_ASPECT',
      `aspect "${p.aspectName}" is not an aspect of entity type "${entityType}"`,
    );
  }
  if (isTimeseriesAspect(p.aspectName) && p.changeType !== 'UPSERT' && p.changeType !== 'CREATE') {
    throw new ProposalError('INVALID_CHANGE_TYPE', `timeseries aspect ${p.aspectName} accepts only UPSERT`);
  }
}

export function aspectObject(p: MetadataChangeProposal): JsonObject {
  if (typeof p.aspect !== 'object' || p.aspect === null || Array.isArray(p.aspect)) {
    throw new ProposalError(
      'INVALID_ASPECT',
      `${p.changeType} of ${p.aspectName} needs the aspect as a JSON object`,
    );
  }
  return p.aspect as JsonObject;
}

export function timeseriesEvent(p: MetadataChangeProposal): JsonObject {
  const event = aspectObject(p);
  try {
    // Stored in a bigint column: a fraction or a value beyond it must be refused here, not by SQL.
    readInteger(
      typeof event.timestampMillis === 'number' ? event.timestampMillis : undefined,
      'timestampMillis',
      MILLIS_RANGE,
    );
  } catch (error) {
    if (!(error instanceof IntegerInputError)) throw error;
    throw new ProposalError('INVALID_ASPECT', `timeseries aspect ${p.aspectName}: ${error.message}`);
  }
  return event;
}

export function partitionOf(event: JsonObject): string {
  const spec = event.partitionSpec as { partition?: unknown } | undefined;
  return typeof spec?.partition === 'string' ? spec.partition : '';
}

export function stampSystemMetadata(
  given: SystemMetadata | undefined,
  runId: string | undefined,
  now: number,
): SystemMetadata {
  return {
    ...given,
    lastObserved: given?.lastObserved ?? now,
    runId: given?.runId ?? runId ?? DEFAULT_RUN_ID,
  };
}

/** The outcome of a proposal that was accepted (applied, or unchanged because the value was the same). */
export function settled(
  index: number,
  proposal: MetadataChangeProposal,
  status: 'applied' | 'unchanged',
  previousVersion?: number,
): IngestOutcome {
  const base = {
    index,
    urn: proposal.entityUrn,
    aspectName: proposal.aspectName,
    changeType: proposal.changeType,
  };
  return status === 'unchanged'
    ? { ...base, status }
    : { ...base, status, ...(previousVersion !== undefined && { previousVersion }) };
}

export function failure(index: number, proposal: MetadataChangeProposal, error: unknown): IngestOutcome {
  const urn = typeof proposal?.entityUrn === 'string' ? proposal.entityUrn : '';
  const aspectName = typeof proposal?.aspectName === 'string' ? proposal.aspectName : '';
  const changeType = typeof proposal?.changeType === 'string' ? proposal.changeType : '';
  if (error instanceof ProposalError)
    return { index, urn, aspectName, changeType, status: 'failed', code: error.code, reason: error.message };
  if (error instanceof InvalidUrnError)
    return {
      index,
      urn,
      aspectName,
      changeType,
      status: 'failed',
      code: 'INVALID_URN',
      reason: error.message,
    };
  throw error;
}

export function changeLog(
  p: MetadataChangeProposal,
  aspect: JsonObject | undefined,
  previous: JsonObject | undefined,
  systemMetadata: SystemMetadata | undefined,
  now: number,
  actor: string,
  timeseries: boolean,
  previousSystemMetadata?: SystemMetadata | null,
): MetadataChangeLog {
  return {
    entityType: p.entityType ?? parseUrn(p.entityUrn).entityType,
    entityUrn: p.entityUrn,
    changeType:
      p.changeType === 'PATCH' || p.changeType === 'CREATE' || p.changeType === 'CREATE_ENTITY'
        ? 'UPSERT'
        : p.changeType,
    aspectName: p.aspectName,
    ...(aspect && { aspect }),
    ...(previous && { previousAspectValue: previous }),
    ...(systemMetadata && { systemMetadata }),
    ...(previousSystemMetadata && { previousSystemMetadata }),
    created: { time: now, actor },
    timeseries,
  };
}

export function resetState(state: AspectState): void {
  state.current = undefined;
  state.currentSystemMetadata = null;
  state.maxVersion = 0;
  state.history = [];
  state.dirty = false;
  state.purge = true;
}

export function ensureKeyAspect(
  states: Map<string, AspectState>,
  urn: string,
  systemMetadata: SystemMetadata,
  now: number,
  actor: string,
): void {
  const key = keyAspectFor(urn);
  if (!key) return;
  const state = states.get(keyOf(urn, key.aspectName));
  if (!state || state.current) return;
  state.current = key.value;
  state.currentSystemMetadata = systemMetadata;
  state.currentCreatedOn = new Date(now);
  state.currentCreatedBy = actor;
  state.dirty = true;
}

/** Loads the latest value and highest version of every (urn, aspect) the batch touches, plus key aspects. */
/**
 * DataHub's conditional write header: the aspect's `systemMetadata.version` the writer read, `-1` for an aspect
 * that does not exist. GMS refuses a proposal whose aspect is at another version.
 */
export const IF_VERSION_MATCH = 'if-version-match';

/** The header's value in a proposal (header names are case-insensitive, as in HTTP), or undefined. */
export function versionCondition(proposal: MetadataChangeProposal): string | undefined {
  for (const [name, value] of Object.entries(proposal.headers ?? {}))
    if (name.toLowerCase() === IF_VERSION_MATCH) return String(value);
  return undefined;
}

/**
 * The aspect's version as GMS reports it in systemMetadata.version: 1 for the first value, one more for each
 * change; -1 when it does not exist. Aspects stored before versions were stamped count their history rows.
 */
export function aspectVersion(state: AspectState): string {
  if (!state.current) return '-1';
  return state.currentSystemMetadata?.version ?? String(state.maxVersion + 1);
}

/**
 * Locks the latest rows of the aspects that conditional proposals name, in one order, so that the check and
 * the write are one step: a concurrent writer of one of them waits for this transaction, and this one reads
 * what the other committed.
 */
export async function lockConditionalAspects(
  tx: Db,
  proposals: readonly MetadataChangeProposal[],
): Promise<void> {
  const keys = [
    ...new Map(
      proposals
        .filter((p) => versionCondition(p) !== undefined)
        .map((p) => [keyOf(p.entityUrn, p.aspectName), { urn: p.entityUrn, aspect: p.aspectName }]),
    ).values(),
  ];
  if (keys.length === 0) return;
  await tx.execute(sql`
    select a.urn from hub.metadata_aspect_v2 a
    join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(urn text, aspect text)
      on a.urn = k.urn and a.aspect = k.aspect
    where a.version = 0
    order by a.urn, a.aspect
    for update of a`);
}

export async function loadStates(
  tx: Db,
  proposals: readonly MetadataChangeProposal[],
): Promise<Map<string, AspectState>> {
  const states = new Map<string, AspectState>();
  const add = (urn: string, aspectName: string) => {
    const k = keyOf(urn, aspectName);
    if (!states.has(k)) {
      states.set(k, {
        urn,
        aspectName,
        current: undefined,
        currentSystemMetadata: null,
        currentCreatedOn: undefined,
        currentCreatedBy: undefined,
        maxVersion: 0,
        dirty: false,
        purge: false,
        history: [],
      });
    }
  };
  for (const p of proposals) {
    add(p.entityUrn, p.aspectName);
    const key = keyAspectFor(p.entityUrn);
    if (key) add(p.entityUrn, key.aspectName);
    if (p.changeType === 'DELETE' && key?.aspectName === p.aspectName) {
      // Deleting an entity drops all of its aspects; load them so their states are known.
      add(p.entityUrn, '*');
    }
  }
  const wholeEntities = [...states.values()].filter((s) => s.aspectName === '*').map((s) => s.urn);
  for (const urn of wholeEntities) states.delete(keyOf(urn, '*'));
  if (wholeEntities.length > 0) {
    const rows = await tx
      .selectDistinct({ urn: metadataAspect.urn, aspect: metadataAspect.aspect })
      .from(metadataAspect)
      .where(inArray(metadataAspect.urn, wholeEntities));
    for (const r of rows) add(r.urn, r.aspect);
  }
  const keys = [...states.values()].map((st) => ({ urn: st.urn, aspect: st.aspectName }));
  for (let start = 0; start < keys.length; start += INSERT_ROWS) {
    // One JSON parameter for the whole key list: constant statement size, no per-value query building.
    const rows = rowsOf<{
      urn: string;
      aspect: string;
      metadata: JsonObject;
      systemmetadata: SystemMetadata | null;
      createdon: string | Date;
      createdby: string;
      max_version: number | null;
    }>(
      await tx.execute(sql`
        select a.urn, a.aspect, a.metadata, a.systemmetadata, a.createdon, a.createdby,
          (select max(h.version) from hub.metadata_aspect_v2 h where h.urn = a.urn and h.aspect = a.aspect)::int
            as max_version
        from hub.metadata_aspect_v2 a
        join jsonb_to_recordset(${JSON.stringify(keys.slice(start, start + INSERT_ROWS))}::jsonb)
          as k(urn text, aspect text) on a.urn = k.urn and a.aspect = k.aspect
        where a.version = 0`),
    );
    for (const row of rows) {
      const state = states.get(keyOf(row.urn, row.aspect))!;
      state.current = row.metadata;
      state.currentSystemMetadata = row.systemmetadata ?? null;
      state.currentCreatedOn = new Date(row.createdon);
      state.currentCreatedBy = row.createdby;
      state.maxVersion = row.max_version ?? 0;
    }
  }
  return states;
}

export async function writeStates(
  tx: Db,
  states: Map<string, AspectState>,
  deletedEntities: Set<string>,
): Promise<void> {
  if (deletedEntities.size > 0) {
    const urns = [...deletedEntities];
    await tx.delete(metadataAspect).where(inArray(metadataAspect.urn, urns));
    await tx.delete(timeseriesAspect).where(inArray(timeseriesAspect.urn, urns));
  }
  const purged = [...states.values()].filter((s) => s.purge && !deletedEntities.has(s.urn));
  for (const s of purged) {
    await tx
      .delete(metadataAspect)
      .where(and(eq(metadataAspect.urn, s.urn), eq(metadataAspect.aspect, s.aspectName)));
  }
  const history = [...states.values()].flatMap((st) => st.history);
  for (let start = 0; start < history.length; start += INSERT_ROWS) {
    await tx.execute(sql`
      insert into hub.metadata_aspect_v2 (urn, aspect, version, metadata, systemmetadata, createdon, createdby)
      select urn, aspect, version, metadata, systemmetadata, createdon, createdby
      from jsonb_to_recordset(${JSON.stringify(history.slice(start, start + INSERT_ROWS).map(aspectRecord))}::jsonb)
        as r(urn text, aspect text, version bigint, metadata jsonb, systemmetadata jsonb, createdon timestamptz,
             createdby text)`);
  }
  const latest = [...states.values()]
    .filter((st) => st.dirty && st.current)
    .map((st) =>
      aspectRecord({
        urn: st.urn,
        aspect: st.aspectName,
        version: 0,
        metadata: st.current!,
        systemMetadata: st.currentSystemMetadata,
        createdOn: st.currentCreatedOn!,
        createdBy: st.currentCreatedBy!,
      }),
    );
  for (let start = 0; start < latest.length; start += INSERT_ROWS) {
    await tx.execute(sql`
      insert into hub.metadata_aspect_v2 (urn, aspect, version, metadata, systemmetadata, createdon, createdby)
      select urn, aspect, version, metadata, systemmetadata, createdon, createdby
      from jsonb_to_recordset(${JSON.stringify(latest.slice(start, start + INSERT_ROWS))}::jsonb)
        as r(urn text, aspect text, version bigint, metadata jsonb, systemmetadata jsonb, createdon timestamptz,
             createdby text)
      on conflict (urn, aspect, version) do update set metadata = excluded.metadata,
        systemmetadata = excluded.systemmetadata, createdon = excluded.createdon, createdby = excluded.createdby`);
  }
}

/** A metadata_aspect_v2 row as the JSON record the bulk statements read with jsonb_to_recordset. */
export function aspectRecord(row: typeof metadataAspect.$inferInsert) {
  return {
    urn: row.urn,
    aspect: row.aspect,
    version: row.version,
    metadata: row.metadata,
    systemmetadata: row.systemMetadata ?? null,
    createdon: row.createdOn.toISOString(),
    createdby: row.createdBy,
  };
}

export async function writeTimeseries(tx: Db, rows: (typeof timeseriesAspect.$inferInsert)[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_ROWS) {
    const records = rows.slice(start, start + INSERT_ROWS).map((r) => ({
      urn: r.urn,
      aspect: r.aspect,
      timestamp_millis: r.timestampMillis,
      partition: r.partition ?? '',
      event: r.event,
      system_metadata: r.systemMetadata ?? null,
      created_on: r.createdOn.toISOString(),
    }));
    await tx.execute(sql`
      insert into hub.timeseries_aspect (urn, aspect, timestamp_millis, partition, event, system_metadata, created_on)
      select urn, aspect, timestamp_millis, partition, event, system_metadata, created_on
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        as r(urn text, aspect text, timestamp_millis bigint, partition text, event jsonb, system_metadata jsonb,
             created_on timestamptz)
      on conflict (urn, aspect, timestamp_millis, partition) do update set event = excluded.event,
        system_metadata = excluded.system_metadata, created_on = excluded.created_on`);
  }
}
