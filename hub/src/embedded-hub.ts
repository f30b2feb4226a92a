import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { EventBus } from './events/event-bus.js';
import { type Db, type Store } from '@dataspoke/platform/store/db';
import { ReadCache, type ReadCacheOptions } from '@dataspoke/platform/store/read-cache';
import type { CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import { metadataAspect, timeseriesAspect } from '@dataspoke/platform/store/schema';
import { entitySpec, isTimeseriesAspect } from './aspect-registry.js';
import { lineageHop, type LineageDirection, type LineageEdge } from './graphql/lineage.js';
import { noopIndexer, type HubIndexer } from './hub-indexer.js';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { ProposalError, type IngestOutcome, type IngestResult } from './ingest-result.js';
import {
  SYSTEM_ACTOR,
  type JsonObject,
  type MetadataChangeLog,
  type MetadataChangeProposal,
  type StoredAspect,
  type SystemMetadata,
} from './model.js';
import { applyAspectPatch, readPatchDocument } from './patch.js';
import {
  INSERT_ROWS,
  aspectObject,
  aspectVersion,
  lockConditionalAspects,
  versionCondition,
  changeLog,
  ensureKeyAspect,
  failure,
  keyOf,
  loadStates,
  partitionOf,
  resetState,
  settled,
  stampSystemMetadata,
  timeseriesEvent,
  validateProposal,
  writeStates,
  writeTimeseries,
} from './aspect-writes.js';

export interface IngestOptions {
  /** Who made the change (auditStamp actor); defaults to the DataHub system actor. */
  actor?: string;
  /** Applied as systemMetadata.runId where a proposal carries none. */
  runId?: string;
  /** Clock for created/lastObserved; tests pin it. */
  now?: number;
  /**
   * All or nothing, as GMS's Rest.li ingest: the batch is one transaction, and when any proposal is refused
   * none is applied and ingest throws BatchRefusedError. Otherwise a refused proposal never stops the others.
   */
  allOrNothing?: boolean;
}

/** An allOrNothing batch with refused proposals: nothing of it was applied. */
export class BatchRefusedError extends Error {
  constructor(readonly refusals: IngestOutcome[]) {
    super(`${refusals.length} proposal(s) refused, so none of the batch was applied`);
    this.name = 'BatchRefusedError';
  }
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
  /** How many entities' reads are kept once the hub follows writes (followWrites); default 20,000. */
  readCache?: ReadCacheOptions;
  /** Where the read caches keep their entries; default `lruCaches`. */
  caches?: CacheFactory;
}

/** The store channel on which each hub write names the entities it changed, for other hubs' read caches. */
export const HUB_CHANGES_CHANNEL = 'dataspoke_hub_changes';
/** What a hub write announces on HUB_CHANGES_CHANNEL: which hub wrote, and which entities changed. */
interface HubChangeNotice {
  origin: string;
  urns: string[] | 'all';
}

/** Beyond this many bytes a notice names no urns but 'all' (PostgreSQL caps a payload at 8000 bytes). */
const NOTIFY_PAYLOAD_MAX = 7000;

/** Proposals per transaction: large enough for bulk statements, small enough for postgres' parameter limit. */
const CHUNK = 1000;

/** How getAspectVersions keys what it found. */
export const aspectVersionKey = (urn: string, version: number) => `${version}\u0000${urn}`;

function ingestResult(outcomes: IngestOutcome[]): IngestResult {
  return {
    outcomes,
    applied: outcomes.filter((o) => o.status === 'applied').length,
    unchanged: outcomes.filter((o) => o.status === 'unchanged').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}

/** DataHub for one process: GMS's aspect store semantics over the operational store. */
export class EmbeddedHub {
  private readonly indexer: HubIndexer;
  /** Latest aspects, liveness and timeseries reads, by entity; a write to an entity drops its entries. */
  private readonly cache: ReadCache;
  /**
   * Lineage edges by entity. An edge is stored with its source entity, so a change to one entity can change
   * the lineage of others: any change to a versioned aspect drops all of them (timeseries events do not).
   */
  private readonly edges: ReadCache;
  /** Names this hub in its change notices. */
  private readonly origin = randomUUID();

  constructor(readonly deps: EmbeddedHubDeps) {
    this.indexer = deps.indexer ?? noopIndexer;
    const options = deps.readCache ?? { maxSubjects: 20_000 };
    this.cache = new ReadCache(options, deps.caches, 'hub-reads');
    this.edges = new ReadCache(options, deps.caches, 'hub-lineage-edges');
  }

  /** Drops the caches' entries a change to these entities (versioned ones among them) can have altered. */
  private dropChanged(changed: Iterable<string> | 'all', versioned: Iterable<string> | 'all'): void {
    this.cache.invalidate(changed);
    if (versioned === 'all' || [...versioned].length > 0) this.edges.invalidate('all');
  }

  /**
   * Follows the writes of every hub on this store (other processes sharing a PostgreSQL store, or other hubs
   * in this process): each names the entities it changed on HUB_CHANGES_CHANNEL. While it follows them, this
   * hub caches what it reads; before, and without it, every read goes to the store. Returns the stop.
   */
  async followWrites(): Promise<() => Promise<void>> {
    const stop = await this.deps.store.listen(
      HUB_CHANGES_CHANNEL,
      (payload) => {
        const change = JSON.parse(payload) as HubChangeNotice;
        // This hub's own writes were dropped from its caches when they committed.
        if (change.origin === this.origin) return;
        // A notice does not say which changes were versioned: take them all to be.
        this.dropChanged(change.urns, change.urns);
      },
      // (Re)connected: notifications sent while the connection was down are lost, so start from nothing.
      () => this.enableCaches(true),
    );
    return async () => {
      this.enableCaches(false);
      await stop();
    };
  }

  private enableCaches(on: boolean): void {
    for (const cache of [this.cache, this.edges]) cache.enable(on);
  }

  private get db(): Db {
    return this.deps.store.db;
  }

  /** Applies a batch; every proposal gets an outcome, a refused one never stops the others (see allOrNothing). */
  async ingest(
    proposals: readonly MetadataChangeProposal[],
    options: IngestOptions = {},
  ): Promise<IngestResult> {
    if (options.allOrNothing) return this.ingestAllOrNothing(proposals, options);
    const outcomes: IngestOutcome[] = [];
    for (let start = 0; start < proposals.length; start += CHUNK) {
      const chunk = proposals.slice(start, start + CHUNK);
      const { outcomes: chunkOutcomes, events } = await this.ingestChunk(chunk, start, options);
      outcomes.push(...chunkOutcomes);
      await this.deps.events.publish(events);
    }
    return ingestResult(outcomes);
  }

  /** One transaction for the whole batch, each chunk a savepoint in it, rolled back when any is refused. */
  private async ingestAllOrNothing(
    proposals: readonly MetadataChangeProposal[],
    options: IngestOptions,
  ): Promise<IngestResult> {
    const outcomes: IngestOutcome[] = [];
    const events: MetadataChangeLog[] = [];
    const changed = new Set<string>();
    const changedVersioned = new Set<string>();
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < proposals.length; start += CHUNK) {
        const chunk = await this.ingestChunk(proposals.slice(start, start + CHUNK), start, options, tx);
        const refused = chunk.outcomes.filter((o) => o.status === 'failed');
        if (refused.length > 0) throw new BatchRefusedError(refused);
        outcomes.push(...chunk.outcomes);
        events.push(...chunk.events);
        for (const urn of chunk.changed) changed.add(urn);
        for (const urn of chunk.changedVersioned) changedVersioned.add(urn);
      }
    });
    // Each chunk dropped its entities from the caches before the batch committed; a read in between may
    // have cached the old values, so drop them again now that it has.
    if (changed.size > 0) this.dropChanged(changed, changedVersioned);
    await this.deps.events.publish(events);
    return ingestResult(outcomes);
  }

  private async ingestChunk(
    proposals: readonly MetadataChangeProposal[],
    offset: number,
    options: IngestOptions,
    db: Db = this.db,
  ): Promise<{
    outcomes: IngestOutcome[];
    events: MetadataChangeLog[];
    changed: Set<string>;
    changedVersioned: Set<string>;
  }> {
    const now = options.now ?? Date.now();
    const actor = options.actor ?? SYSTEM_ACTOR;
    const outcomes: IngestOutcome[] = new Array<IngestOutcome>(proposals.length);
    const valid: { index: number; proposal: MetadataChangeProposal }[] = [];

    proposals.forEach((proposal, i) => {
      const index = offset + i;
      try {
        validateProposal(proposal);
        valid.push({ index, proposal });
      } catch (error) {
        outcomes[i] = failure(index, proposal, error);
      }
    });

    const events: MetadataChangeLog[] = [];
    const changed = new Set<string>();
    const changedVersioned = new Set<string>();
    await db.transaction(async (tx) => {
      const versioned = valid.filter((v) => !isTimeseriesAspect(v.proposal.aspectName));
      await lockConditionalAspects(
        tx,
        versioned.map((v) => v.proposal),
      );
      const states = await loadStates(
        tx,
        versioned.map((v) => v.proposal),
      );
      const deletedEntities = new Set<string>();
      const touched = new Set<string>();
      const timeseriesRows = new Map<string, typeof timeseriesAspect.$inferInsert>();

      for (const { index, proposal } of valid) {
        const i = index - offset;
        const systemMetadata = stampSystemMetadata(proposal.systemMetadata, options.runId, now);
        try {
          if (isTimeseriesAspect(proposal.aspectName)) {
            const event = timeseriesEvent(proposal);
            const partition = partitionOf(event);
            const ts = event.timestampMillis as number;
            timeseriesRows.set(
              `${proposal.entityUrn}\u0000${proposal.aspectName}\u0000${ts}\u0000${partition}`,
              {
                urn: proposal.entityUrn,
                aspect: proposal.aspectName,
                timestampMillis: ts,
                partition,
                event,
                systemMetadata,
                createdOn: new Date(now),
              },
            );
            outcomes[i] = settled(index, proposal, 'applied');
            events.push(changeLog(proposal, event, undefined, systemMetadata, now, actor, true));
            continue;
          }
          const state = states.get(keyOf(proposal.entityUrn, proposal.aspectName))!;
          const expected = versionCondition(proposal);
          if (expected !== undefined && expected !== aspectVersion(state))
            throw new ProposalError(
              'PRECONDITION_FAILED',
              `${proposal.aspectName} of ${proposal.entityUrn} is at version ${aspectVersion(state)}, not ${expected} (If-Version-Match)`,
            );
          const keyAspect = entitySpec(proposal.entityType)!.keyAspect;
          const previous = state.current;
          const previousSystemMetadata = state.currentSystemMetadata;
          let next: JsonObject | undefined;
          switch (proposal.changeType) {
            case 'CREATE':
              if (state.current)
                throw new ProposalError(
                  'ASPECT_ALREADY_EXISTS',
                  `${proposal.aspectName} already exists for ${proposal.entityUrn}`,
                );
              next = aspectObject(proposal);
              break;
            case 'CREATE_ENTITY': {
              const key = states.get(keyOf(proposal.entityUrn, keyAspect));
              if (key?.current)
                throw new ProposalError('ENTITY_ALREADY_EXISTS', `${proposal.entityUrn} already exists`);
              next = aspectObject(proposal);
              break;
            }
            case 'UPSERT':
              next = aspectObject(proposal);
              break;
            case 'PATCH':
              next = applyAspectPatch(
                proposal.aspectName,
                state.current,
                readPatchDocument(proposal.aspect),
                now,
              );
              break;
            case 'RESTATE':
              if (!state.current)
                throw new ProposalError(
                  'INVALID_PROPOSAL',
                  `nothing to restate: ${proposal.aspectName} does not exist for ${proposal.entityUrn}`,
                );
              outcomes[i] = settled(index, proposal, 'applied');
              events.push(
                changeLog(
                  proposal,
                  state.current,
                  state.current,
                  state.currentSystemMetadata ?? undefined,
                  now,
                  actor,
                  false,
                ),
              );
              continue;
            case 'DELETE': {
              if (proposal.aspectName === keyAspect) {
                deletedEntities.add(proposal.entityUrn);
                for (const other of states.values()) if (other.urn === proposal.entityUrn) resetState(other);
              } else {
                resetState(state);
              }
              outcomes[i] = settled(index, proposal, 'applied');
              events.push(
                changeLog(
                  proposal,
                  undefined,
                  previous,
                  systemMetadata,
                  now,
                  actor,
                  false,
                  previousSystemMetadata,
                ),
              );
              touched.add(proposal.entityUrn);
              continue;
            }
          }
          if (state.current && isDeepStrictEqual(state.current, next)) {
            outcomes[i] = settled(index, proposal, 'unchanged');
            continue;
          }
          let previousVersion: number | undefined;
          if (state.current) {
            previousVersion = state.maxVersion + 1;
            state.maxVersion = previousVersion;
            state.history.push({
              urn: state.urn,
              aspect: state.aspectName,
              version: previousVersion,
              metadata: state.current,
              systemMetadata: state.currentSystemMetadata,
              createdOn: state.currentCreatedOn ?? new Date(now),
              createdBy: state.currentCreatedBy ?? actor,
            });
          }
          state.current = next;
          // The version a conditional writer sends back (DataHub's systemMetadata.version).
          const written = { ...systemMetadata, version: String(state.maxVersion + 1) };
          state.currentSystemMetadata = written;
          state.currentCreatedOn = new Date(now);
          state.currentCreatedBy = actor;
          state.dirty = true;
          deletedEntities.delete(proposal.entityUrn);
          ensureKeyAspect(states, proposal.entityUrn, systemMetadata, now, actor);
          touched.add(proposal.entityUrn);
          outcomes[i] = settled(index, proposal, 'applied', previousVersion);
          events.push(
            changeLog(proposal, next, previous, written, now, actor, false, previousSystemMetadata),
          );
        } catch (error) {
          outcomes[i] = failure(index, proposal, error);
        }
      }

      await writeStates(tx, states, deletedEntities);
      await writeTimeseries(tx, [...timeseriesRows.values()]);
      if (deletedEntities.size > 0) await this.indexer.remove(tx, [...deletedEntities]);
      const live = [...touched].filter((u) => !deletedEntities.has(u));
      if (live.length > 0) await this.indexer.reindex(tx, live);
      for (const urn of [...touched, ...deletedEntities]) {
        changed.add(urn);
        changedVersioned.add(urn);
      }
      for (const row of timeseriesRows.values()) changed.add(row.urn);
      if (changed.size > 0) {
        let notice = JSON.stringify({ origin: this.origin, urns: [...changed] } satisfies HubChangeNotice);
        if (Buffer.byteLength(notice) > NOTIFY_PAYLOAD_MAX)
          notice = JSON.stringify({ origin: this.origin, urns: 'all' } satisfies HubChangeNotice);
        await tx.execute(sql`select pg_notify(${HUB_CHANGES_CHANNEL}, ${notice})`);
      }
    });
    if (changed.size > 0) this.dropChanged(changed, changedVersioned);
    return { outcomes, events, changed, changedVersioned };
  }

  async getAspect(urn: string, aspectName: string, version = 0): Promise<StoredAspect | undefined> {
    const rows = await this.db
      .select()
      .from(metadataAspect)
      .where(
        and(
          eq(metadataAspect.urn, urn),
          eq(metadataAspect.aspect, aspectName),
          eq(metadataAspect.version, version),
        ),
      );
    return rows[0] && toStored(rows[0]);
  }

  /**
   * Given versions of one aspect of many entities, in one query: `versions` maps each urn to the versions
   * wanted (0 is the latest). Found ones are keyed by aspectVersionKey(urn, version).
   */
  async getAspectVersions(
    aspectName: string,
    versions: ReadonlyMap<string, readonly number[]>,
  ): Promise<Map<string, StoredAspect>> {
    const found = new Map<string, StoredAspect>();
    const wanted = new Map<string, Set<number>>();
    for (const [urn, list] of versions) {
      for (const version of list) {
        const cached = this.cache.get<StoredAspect | null>(urn, `version:${aspectName}:${version}`);
        if (cached) found.set(aspectVersionKey(urn, version), cached);
        else if (cached === undefined) {
          let set = wanted.get(urn);
          if (!set) wanted.set(urn, (set = new Set()));
          set.add(version);
        }
      }
    }
    if (wanted.size === 0) return found;
    const ticket = this.cache.ticket();
    const urns = [...wanted.keys()];
    const allVersions = [...new Set([...wanted.values()].flatMap((v) => [...v]))];
    const rows = new Map<string, StoredAspect>();
    for (let start = 0; start < urns.length; start += INSERT_ROWS) {
      const page = await this.db
        .select()
        .from(metadataAspect)
        .where(
          and(
            eq(metadataAspect.aspect, aspectName),
            inArray(metadataAspect.urn, urns.slice(start, start + INSERT_ROWS)),
            inArray(metadataAspect.version, allVersions),
          ),
        );
      for (const row of page) rows.set(aspectVersionKey(row.urn, row.version), toStored(row));
    }
    for (const [urn, set] of wanted) {
      for (const version of set) {
        const row = rows.get(aspectVersionKey(urn, version)) ?? null;
        this.cache.put(ticket, urn, `version:${aspectName}:${version}`, row);
        if (row) found.set(aspectVersionKey(urn, version), row);
      }
    }
    return found;
  }

  /** Latest values of the given aspects (all aspects when none named) of many entities, in one query. */
  async getLatestAspects(
    urns: readonly string[],
    aspectNames?: readonly string[],
  ): Promise<Map<string, Map<string, StoredAspect>>> {
    const result = new Map<string, Map<string, StoredAspect>>();
    if (urns.length === 0 || aspectNames?.length === 0) return result;
    const unique = [...new Set(urns)];
    // Whole entities are cached (the common read); a read of named aspects goes to the store.
    const toRead = aspectNames ? unique : [];
    if (!aspectNames) {
      for (const urn of unique) {
        const cached = this.cache.get<Map<string, StoredAspect>>(urn, 'aspects');
        if (cached === undefined) toRead.push(urn);
        else if (cached.size > 0) result.set(urn, cached);
      }
    }
    const ticket = this.cache.ticket();
    for (let start = 0; start < toRead.length; start += INSERT_ROWS) {
      const slice = toRead.slice(start, start + INSERT_ROWS);
      const named = aspectNames ? sql`and a.aspect = any(${pgTextArray(aspectNames)}::text[])` : sql``;
      // One row per entity with its aspects as one JSON array: per-row and per-column decoding, not the
      // bytes, is most of what reading many small rows costs (about half of an entity read on PGlite).
      const rows = await this.deps.store.query<{ urn: string; aspects: AspectTuple[] }>(sql`
        select a.urn, json_agg(json_build_array(
          a.aspect, a.metadata, a.systemmetadata, (extract(epoch from a.createdon) * 1000)::bigint, a.createdby
        ) order by a.aspect) as aspects
        from hub.metadata_aspect_v2 a
        where a.urn = any(${pgTextArray(slice)}::text[]) and a.version = 0 ${named}
        group by a.urn`);
      for (const row of rows) {
        const aspects = new Map<string, StoredAspect>();
        for (const [aspectName, value, systemMetadata, createdOn, createdBy] of jsonValue(row.aspects))
          aspects.set(aspectName, {
            urn: row.urn,
            aspectName,
            version: 0,
            value,
            systemMetadata: systemMetadata ?? null,
            createdOn: new Date(Number(createdOn)),
            createdBy,
          });
        result.set(row.urn, aspects);
      }
    }
    if (!aspectNames)
      for (const urn of toRead) this.cache.put(ticket, urn, 'aspects', result.get(urn) ?? new Map());
    return result;
  }

  /** One lineage hop from each of these entities, in one query (edges of each entity, in store order). */
  async getLineageEdges(
    urns: readonly string[],
    direction: LineageDirection,
  ): Promise<Map<string, LineageEdge[]>> {
    const result = new Map<string, LineageEdge[]>();
    const toRead: string[] = [];
    for (const urn of new Set(urns)) {
      const cached = this.edges.get<LineageEdge[]>(urn, direction);
      if (cached) result.set(urn, cached);
      else toRead.push(urn);
    }
    if (toRead.length === 0) return result;
    const ticket = this.edges.ticket();
    const read = new Map<string, LineageEdge[]>(toRead.map((u) => [u, []]));
    for (const edge of await lineageHop(this.deps.store, toRead, direction)) read.get(edge.from)?.push(edge);
    for (const [urn, edges] of read) {
      this.edges.put(ticket, urn, direction, edges);
      result.set(urn, edges);
    }
    return result;
  }

  /** Which of these entities exist and are not soft-deleted (they have a live search document). */
  async getLive(urns: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    const toRead: string[] = [];
    for (const urn of new Set(urns)) {
      const cached = this.cache.get<boolean>(urn, 'live');
      if (cached === undefined) toRead.push(urn);
      else if (cached) live.add(urn);
    }
    if (toRead.length === 0) return live;
    const ticket = this.cache.ticket();
    const rows = await this.deps.store.query<{ urn: string }>(
      sql`select urn from hub.search_document where urn = any(${pgTextArray(toRead)}::text[]) and not removed`,
    );
    const found = new Set(rows.map((r) => r.urn));
    for (const urn of toRead) {
      this.cache.put(ticket, urn, 'live', found.has(urn));
      if (found.has(urn)) live.add(urn);
    }
    return live;
  }

  /** Every stored version of one aspect, version 0 (latest) first, then newest history first. */
  async listAspectVersions(urn: string, aspectName: string): Promise<StoredAspect[]> {
    const rows = await this.db
      .select()
      .from(metadataAspect)
      .where(and(eq(metadataAspect.urn, urn), eq(metadataAspect.aspect, aspectName)))
      .orderBy(sql`case when ${metadataAspect.version} = 0 then 0 else 1 end`, desc(metadataAspect.version));
    return rows.map(toStored);
  }

  /** Timeseries events of one aspect of one entity, newest first. */
  async getTimeseries(urn: string, aspectName: string, range: TimeRange = {}): Promise<TimeseriesRow[]> {
    const limit = Math.max(1, Math.min(range.limit ?? 100, 10_000));
    const conditions: SQL[] = [eq(timeseriesAspect.urn, urn), eq(timeseriesAspect.aspect, aspectName)];
    if (range.startTimeMillis !== undefined)
      conditions.push(gte(timeseriesAspect.timestampMillis, range.startTimeMillis));
    if (range.endTimeMillis !== undefined)
      conditions.push(lte(timeseriesAspect.timestampMillis, range.endTimeMillis));
    const rows = await this.db
      .select()
      .from(timeseriesAspect)
      .where(and(...conditions))
      .orderBy(desc(timeseriesAspect.timestampMillis))
      .limit(limit);
    return rows.map((r) => ({
      urn: r.urn,
      aspectName: r.aspect,
      timestampMillis: r.timestampMillis,
      partition: r.partition,
      event: r.event as JsonObject,
      systemMetadata: (r.systemMetadata as SystemMetadata | null) ?? null,
    }));
  }

  /**
   * The newest events of one timeseries aspect for many entities in one statement (each entity's own newest
   * `limit`, read through the identity index), so a page of datasets costs one query, not one per dataset.
   */
  async getTimeseriesMany(
    urns: readonly string[],
    aspectName: string,
    range: TimeRange = {},
    /** Top-level event keys the caller does not need (a year of column profiles is most of a profile read). */
    omit: readonly string[] = [],
  ): Promise<Map<string, TimeseriesRow[]>> {
    const found = new Map<string, TimeseriesRow[]>(urns.map((u) => [u, []]));
    if (urns.length === 0) return found;
    const limit = Math.max(1, Math.min(range.limit ?? 100, 10_000));
    const cacheKey = `timeseries:${aspectName}:${range.startTimeMillis}:${range.endTimeMillis}:${limit}:${omit.join(',')}`;
    const toRead: string[] = [];
    for (const urn of found.keys()) {
      const cached = this.cache.get<TimeseriesRow[]>(urn, cacheKey);
      // A copy: callers may sort or trim what they get.
      if (cached) found.set(urn, [...cached]);
      else toRead.push(urn);
    }
    if (toRead.length === 0) return found;
    const ticket = this.cache.ticket();
    const start =
      range.startTimeMillis !== undefined ? sql`and t.timestamp_millis >= ${range.startTimeMillis}` : sql``;
    const end =
      range.endTimeMillis !== undefined ? sql`and t.timestamp_millis <= ${range.endTimeMillis}` : sql``;
    // One row per entity with its events as one JSON array, newest first (see getLatestAspects).
    const rows = await this.deps.store.query<{ urn: string; events: EventTuple[] | string | null }>(sql`
      select u.urn, (
        select json_agg(json_build_array(
          t.timestamp_millis, t.partition,
          ${omit.length > 0 ? sql`t.event - ${pgTextArray(omit)}::text[]` : sql`t.event`}, t.system_metadata
        ) order by t.timestamp_millis desc)
        from (
          select * from hub.timeseries_aspect t
          where t.urn = u.urn and t.aspect = ${aspectName} ${start} ${end}
          order by t.timestamp_millis desc
          limit ${limit}
        ) t
      ) as events
      from unnest(${pgTextArray(toRead)}::text[]) as u(urn)`);
    for (const r of rows) {
      const events = found.get(r.urn);
      if (!events || r.events === null) continue;
      for (const [timestampMillis, partition, event, systemMetadata] of jsonValue(r.events))
        events.push({
          urn: r.urn,
          aspectName,
          timestampMillis: Number(timestampMillis),
          partition,
          event,
          systemMetadata: systemMetadata ?? null,
        });
    }
    for (const urn of toRead) this.cache.put(ticket, urn, cacheKey, [...(found.get(urn) ?? [])]);
    return found;
  }

  /** Whether the entity has its key aspect or any other stored aspect. */
  async entityExists(urn: string): Promise<boolean> {
    const rows = await this.db
      .select({ urn: metadataAspect.urn })
      .from(metadataAspect)
      .where(and(eq(metadataAspect.urn, urn), eq(metadataAspect.version, 0)))
      .limit(1);
    return rows.length > 0;
  }
}

/** An aspect as getLatestAspects reads it: name, value, system metadata, created (epoch ms), created by. */
type AspectTuple = [string, JsonObject, SystemMetadata | null, number | string, string];
/** A timeseries event as getTimeseriesMany reads it: time, partition, event, system metadata. */
type EventTuple = [number | string, string, JsonObject, SystemMetadata | null];

/** A json column's value: parsed by the driver (PGlite, postgres.js), or its text where one leaves it so. */
function jsonValue<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function toStored(row: typeof metadataAspect.$inferSelect): StoredAspect {
  return {
    urn: row.urn,
    aspectName: row.aspect,
    version: row.version,
    value: row.metadata as JsonObject,
    systemMetadata: (row.systemMetadata as SystemMetadata | null) ?? null,
    createdOn: row.createdOn,
    createdBy: row.createdBy,
  };
}
