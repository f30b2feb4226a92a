import { randomUUID } from 'node:crypto';
import type { SpokeEventPort } from '../../shared/spoke-events.js';
import type {
  HubDatasetOutline,
  HubDatasetProfile,
  HubOperation,
  HubPort,
  HubSchemaVersion,
} from '../../ports/hub-port.js';
import { BASELINE_WINDOW_DAYS } from '../anomaly/baseline.js';
import { InvalidUrnError, parseEntityUrn } from '@dataspoke/hub/urn';
import type { Store } from '@dataspoke/platform/store/db';
import { InvalidInputError } from '../../shared/errors.js';
import { checkedPage, checkStatuses } from '../../shared/paging.js';
import { computeFreshness, updateTimes } from '../freshness.js';
import { parseValidateRequest, type Observations } from './input.js';
import {
  checkMetrics,
  MIN_HISTORY_POINTS,
  profileDrift,
  profileMetrics,
  type ProfilePoint,
} from './metrics.js';
import { isAppendOnly, loadsFromOperations, loadsFromProfiles } from './loads.js';
import { MIN_LOADS, perLoadVolume } from './per-load.js';
import { CatalogCalendars } from './catalog-calendar.js';
import { listLatestRuns, listRuns, saveRun } from './repository.js';
import { emptyLoadsIssue, stuckIssue } from './stuck.js';
import { technicalSpecIssues } from './technical-spec.js';
import { IngestionRepository } from '../techspec/repository.js';
import { profileSchemaChange, schemaDrift } from './schema-drift.js';
import type {
  AlternativeDataset,
  CheckName,
  CheckSummary,
  MetricJudgement,
  ValidationIssue,
  ValidationResult,
  ValidationStatus,
} from './types.js';

/**
 * The online data validator: gathers a dataset's history from the hub up to `asOf` (causal: nothing later is
 * read), runs the checks, stores the run (unless a dry run) and publishes a failing result.
 */

export interface ValidationDeps {
  hub: HubPort;
  /** Where runs are stored; required unless every call is a dry run or a read. */
  store?: Store;
  events?: SpokeEventPort;
  now?: () => number;
  /**
   * Told how long each step of a validation took (wall ms), for profiling. The steps run one after another;
   * alternatives only for failing and warning results, store only when the run is stored.
   */
  onStep?: (step: ValidationStep, ms: number) => void;
  /**
   * The catalog's calendar events learned from each platform's tables (catalog-calendar.ts), kept across
   * validations; one per process. Without it, a validation whose load is out of its band reads its peers itself.
   */
  calendars?: CatalogCalendars;
}

/** The steps of a validation: hub reads, the checks, finding alternatives (failing runs only), storing the run. */
export type ValidationStep = 'read' | 'checks' | 'alternatives' | 'store';

const DAY_MS = 86_400_000;

/** How much history a read takes: a time window before asOf, and at most so many of its latest points. */
interface Reach {
  windowMs: number;
  profiles: number;
  operations: number;
  /** Whether column profiles are read too; a quick look judges the table-level numbers only. */
  fieldProfiles: boolean;
}
/**
 * The validated dataset: profiles over the baseline's window and a day more (older ones cannot move a band, and
 * reading a year of them was most of a validation's time), operations by count: a cadence needs updates, and
 * per-load volume four weeks of an hourly table's loads (the same hour on the same weekday).
 */
const FULL: Reach = {
  windowMs: (BASELINE_WINDOW_DAYS + 1) * DAY_MS,
  profiles: 400,
  operations: 800,
  fieldProfiles: true,
};
/**
 * Upstream datasets and alternatives: a quick look, enough points for a band and a cadence, and only the
 * table-level numbers (row count, size), which is all quickIssues judges: column profiles were most of the read.
 */
const QUICK: Reach = {
  windowMs: (BASELINE_WINDOW_DAYS + 1) * DAY_MS,
  profiles: 60,
  operations: 40,
  fieldProfiles: false,
};
/** Lineage hops searched upstream for failing datasets. */
export const UPSTREAM_HOPS = 2;
const MAX_UPSTREAM = 25;
/** Alternatives health-checked: the closest schemas in the domain; five are offered at most. */
const ALTERNATIVE_CANDIDATES = 10;
/** Alternatives offered at most. */
const ALTERNATIVES_OFFERED = 5;
/** Clock skew tolerated before an asOf counts as in the future. */
const FUTURE_SKEW_MS = 60_000;
const MIN_ALTERNATIVE_OVERLAP = 0.3;

/** A dataset's history up to asOf. */
interface History {
  profiles: HubDatasetProfile[];
  updates: number[];
  operations: HubOperation[];
}

interface Gathered extends History {
  dataset: HubDatasetOutline;
  /** Schema versions when asked for (the validated dataset), else empty. */
  schemaVersions: HubSchemaVersion[];
}

function checkUrn(urn: string): void {
  try {
    const parsed = parseEntityUrn(urn);
    if (parsed.entityType !== 'dataset')
      throw new InvalidInputError('INVALID_URN', `${urn} is not a dataset urn`);
  } catch (error) {
    if (error instanceof InvalidUrnError) throw new InvalidInputError('INVALID_URN', error.message);
    throw error;
  }
}

/** The time a validation judges, and whether it is now (a live validation) rather than a time past. */
interface ReadTime {
  asOf: number;
  live: boolean;
}

/** Schema versions read for the validated dataset: the latest and up to so many earlier ones. */
const SCHEMA_DEPTH = 5;

/**
 * Datasets in outline with their history up to asOf (and schema versions with `schemaDepth`), all in one hub
 * read; urns the hub does not know as datasets are left out.
 */
async function readHistory(
  hub: HubPort,
  urns: string[],
  at: ReadTime,
  reach: Reach,
  schemaDepth?: number,
): Promise<Map<string, Gathered>> {
  if (urns.length === 0) return new Map();
  const { asOf } = at;
  // As of now: from the start of the day the window begins on, with no end, so that every validation that
  // day asks the same read and the hub answers it from memory until the dataset changes (upstreams and
  // alternatives that many validations share are read once). As of a past time: exactly up to it. Points
  // after asOf are dropped below either way.
  const start = at.live ? Math.floor((asOf - reach.windowMs) / DAY_MS) * DAY_MS : asOf - reach.windowMs;
  const end = at.live ? {} : { endTimeMillis: asOf };
  const read = await hub.getDatasetHistories(urns, {
    profiles: {
      startTimeMillis: start,
      ...end,
      limit: reach.profiles,
      fieldProfiles: reach.fieldProfiles,
    },
    operations: { ...end, limit: reach.operations },
    ...(schemaDepth !== undefined && { schemaDepth }),
  });
  const out = new Map<string, Gathered>();
  for (const urn of urns) {
    const h = read.get(urn);
    if (!h) continue;
    out.set(urn, {
      dataset: h.outline,
      // The hub filters by time already; filtering again keeps the check causal whatever the adapter does.
      profiles: h.profiles.filter((p) => p.timestampMillis <= asOf),
      updates: updateTimes(h.operations).filter((t) => t <= asOf),
      operations: h.operations.filter(
        (o) => (Number.isFinite(o.lastUpdatedTimestamp) ? o.lastUpdatedTimestamp : o.timestampMillis) <= asOf,
      ),
      schemaVersions: h.schemaVersions,
    });
  }
  return out;
}

function observedPoint(obs: Observations, at: number): ProfilePoint {
  const m = new Map<string, number>();
  if (obs.rowCount !== undefined) m.set('rowCount', obs.rowCount);
  if (obs.sizeInBytes !== undefined) m.set('sizeInBytes', obs.sizeInBytes);
  for (const f of obs.fields ?? [])
    for (const k of ['nullProportion', 'uniqueCount', 'min', 'max', 'mean'] as const)
      if (f[k] !== undefined) m.set(`${k}:${f.fieldPath}`, f[k]);
  return { t: obs.timestampMillis ?? at, metrics: m };
}

function freshnessIssue(updates: number[], asOf: number, relatedUrn: string | null): ValidationIssue | null {
  const f = computeFreshness(updates, asOf);
  if (f.status !== 'LATE' || f.cadence === null || f.lastUpdatedAt === null) return null;
  const hours = (asOf - f.lastUpdatedAt) / 3_600_000;
  const allowed = (f.cadence.seconds + (f.toleranceSeconds ?? 0)) / 3600;
  return {
    check: relatedUrn ? 'upstream' : 'freshness',
    metric: 'freshness',
    severity: relatedUrn ? 'warn' : 'fail',
    observed: Number(hours.toFixed(2)),
    expectedLow: 0,
    expectedHigh: Number(allowed.toFixed(2)),
    anomalyScore: null,
    expectation: `an update ${f.cadence.label} (every ${(f.cadence.seconds / 3600).toFixed(1)} h, learned from ${f.updatesObserved} updates), at most ${allowed.toFixed(1)} h apart`,
    explanation: `${relatedUrn ? `Upstream ${relatedUrn}: ` : ''}last updated ${hours.toFixed(1)} h before ${new Date(asOf).toISOString()}; it is usually updated ${f.cadence.label} (every ${(f.cadence.seconds / 3600).toFixed(1)} h), so an update was due by ${allowed.toFixed(1)} h.`,
    relatedUrn,
  };
}

/** The failing volume issues of a history's latest profile against the profiles before it. */
export function volumeIssues(g: Pick<History, 'profiles'>): readonly ValidationIssue[] {
  const points = g.profiles.map(profileMetrics).map((p) => ({
    t: p.t,
    metrics: new Map([...p.metrics].filter(([k]) => k === 'rowCount' || k === 'sizeInBytes')),
  }));
  const latest = points.reduce<ProfilePoint | null>((a, p) => (a === null || p.t > a.t ? p : a), null);
  return latest ? checkMetrics(points, latest).issues.filter((x) => x.severity === 'fail') : [];
}

/** Fast health of another dataset (upstream, alternatives): freshness and volume. */
function quickIssues(g: History, asOf: number, urn: string | null): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const late = freshnessIssue(g.updates, asOf, urn);
  if (late) issues.push(late);
  for (const i of volumeIssues(g))
    issues.push(
      urn
        ? {
            ...i,
            check: 'upstream',
            severity: 'warn',
            relatedUrn: urn,
            explanation: `Upstream ${urn}: ${i.explanation}`,
          }
        : { ...i },
    );
  return issues;
}

async function upstreamUrns(hub: HubPort, urn: string): Promise<string[]> {
  const seen = new Set<string>([urn]);
  let frontier = [urn];
  for (let hop = 0; hop < UPSTREAM_HOPS && frontier.length > 0; hop++) {
    const lineage = await hub.getLineage(frontier, 'UPSTREAM');
    const next: string[] = [];
    for (const u of frontier)
      for (const r of lineage.get(u)?.relationships ?? []) {
        const e = r.entity;
        // Bounded: a wide fan-in stops growing the walk once MAX_UPSTREAM datasets are found.
        if (seen.size > MAX_UPSTREAM) break;
        if (e && e.type === 'DATASET' && !seen.has(e.urn)) {
          seen.add(e.urn);
          next.push(e.urn);
        }
      }
    frontier = next;
  }
  return [...seen].filter((u) => u !== urn).slice(0, MAX_UPSTREAM);
}

async function alternatives(
  hub: HubPort,
  dataset: HubDatasetOutline,
  at: ReadTime,
  /** Datasets this validation has read already (upstream): same asOf, same reach, so not read again. */
  known: ReadonlyMap<string, Gathered>,
): Promise<AlternativeDataset[]> {
  const domain = dataset.domain?.domain.urn;
  const fields = new Set((dataset.schemaMetadata?.fields ?? []).map((f) => f.fieldPath));
  if (!domain || fields.size === 0) return [];
  const page = await hub.search({
    types: ['DATASET'],
    query: '*',
    filters: [{ field: 'domains', values: [domain] }],
    start: 0,
    count: 50,
  });
  const candidates = page.hits.map((h) => h.entity.urn).filter((u) => u !== dataset.urn);
  if (candidates.length === 0) return [];
  // Schema overlap first, from the candidates' outlines (field paths, not whole datasets); only the closest
  // few have their history read and checked.
  const unread = candidates.filter((u) => !known.has(u));
  const outlines =
    unread.length > 0 ? await hub.getDatasetOutlines(unread) : new Map<string, HubDatasetOutline>();
  for (const u of candidates) {
    const outline = known.get(u)?.dataset;
    if (outline) outlines.set(u, outline);
  }
  const ranked = [...outlines.values()]
    .filter((d) => !d.deprecation?.deprecated)
    .map((d) => {
      const theirs = new Set((d.schemaMetadata?.fields ?? []).map((f) => f.fieldPath));
      const shared = [...fields].filter((f) => theirs.has(f)).length;
      return { d, overlap: shared / new Set([...fields, ...theirs]).size };
    })
    .filter((c) => c.overlap >= MIN_ALTERNATIVE_OVERLAP)
    .sort((a, b) => b.overlap - a.overlap || a.d.urn.localeCompare(b.d.urn))
    .slice(0, ALTERNATIVE_CANDIDATES);
  // The healthy ones in rank order, at most ALTERNATIVES_OFFERED: candidates are checked in rank order, only as
  // many at a time as offers are still missing, so a healthy domain costs one small read, not ten histories.
  const out: AlternativeDataset[] = [];
  let next = 0;
  while (out.length < ALTERNATIVES_OFFERED && next < ranked.length) {
    const batch = ranked.slice(next, next + ALTERNATIVES_OFFERED - out.length);
    next += batch.length;
    const unreadHistory = batch.map((c) => c.d.urn).filter((u) => !known.has(u));
    const history = await readHistory(hub, unreadHistory, at, QUICK);
    for (const { d, overlap } of batch) {
      const h = history.get(d.urn) ?? known.get(d.urn);
      // A candidate removed since its outline was read is not offered.
      if (!h || quickIssues(h, at.asOf, null).length > 0) continue;
      out.push({ urn: d.urn, name: d.properties?.name ?? d.name, schemaOverlap: Number(overlap.toFixed(3)) });
    }
  }
  return out;
}

const RECOMMEND: Record<CheckName, string> = {
  freshness: 'Check the job that loads this dataset: the last expected update has not landed.',
  volume: 'Compare the latest load with the source: the row count or size is outside its usual band.',
  load_volume:
    'Compare the latest load with its source: it wrote far fewer or far more rows than loads like it.',
  stuck: 'Check the job that loads this dataset: it runs but the table no longer changes.',
  column: 'Inspect the flagged columns in the latest load before using them.',
  profile_drift: 'Review the latest profile: several columns moved together.',
  schema: 'Review downstream queries and jobs for the changed fields before relying on them.',
  upstream: 'An upstream dataset is failing: this dataset may be affected once it next loads.',
  documentation: 'Add a description so that consumers know what the dataset holds.',
  ownership: 'Assign an owner so that issues reach someone.',
  technical_spec:
    'Fix the platform: replicate the topic, speed up or reset the lagging consumer, or vacuum the table.',
};

export class ValidationService {
  private readonly now: () => number;
  private readonly calendars: CatalogCalendars;

  constructor(private readonly deps: ValidationDeps) {
    this.now = deps.now ?? Date.now;
    this.calendars = deps.calendars ?? new CatalogCalendars(this.now);
  }

  /** Validates a dataset; `input` is checked (zod) and refused with a code and reason when malformed. */
  async validate(input: unknown, options: { store?: boolean } = {}): Promise<ValidationResult> {
    const request = parseValidateRequest(input);
    checkUrn(request.urn);
    const now = this.now();
    const asOf = request.asOf ?? now;
    if (asOf > now + FUTURE_SKEW_MS)
      throw new InvalidInputError(
        'AS_OF_IN_FUTURE',
        `asOf ${new Date(asOf).toISOString()} is in the future (now ${new Date(now).toISOString()})`,
      );
    // Now (or a moment ahead, within the clock skew tolerated): nothing newer than asOf is stored yet.
    const at: ReadTime = { asOf, live: asOf >= now };
    const dryRun = request.dryRun ?? false;
    if (request.observations && !dryRun)
      throw new InvalidInputError(
        'OBSERVATIONS_REQUIRE_DRY_RUN',
        'observations are a proposed data point: pass dryRun: true to check them (nothing is stored)',
      );
    const hub = this.deps.hub;
    let stepStarted = performance.now();
    const stepDone = (step: ValidationStep) => {
      const at = performance.now();
      this.deps.onStep?.(step, at - stepStarted);
      stepStarted = at;
    };
    // The independent reads at once: the dataset with its history and schema versions, and the upstream walk.
    const [gathered, upstream] = await Promise.all([
      readHistory(hub, [request.urn], at, FULL, SCHEMA_DEPTH),
      upstreamUrns(hub, request.urn).then((ups) => readHistory(hub, ups, at, QUICK)),
    ]);
    const g = gathered.get(request.urn);
    if (!g) throw new InvalidInputError('DATASET_NOT_FOUND', `no dataset ${request.urn} in DataHub`);
    stepDone('read');

    const issues: ValidationIssue[] = [];
    const metrics: MetricJudgement[] = [];
    const checks: CheckSummary[] = [];
    const needed: string[] = [];
    const record = (check: CheckName, found: ValidationIssue[], detail: string, skipped = false) => {
      issues.push(...found);
      const status = skipped
        ? 'skipped'
        : found.some((i) => i.severity === 'fail')
          ? 'fail'
          : found.length > 0
            ? 'warn'
            : 'pass';
      checks.push({ check, status, detail });
    };

    // Freshness.
    const freshness = computeFreshness(g.updates, asOf);
    if (freshness.status === 'UNKNOWN') {
      needed.push(
        `at least 4 updates (operations) before asOf to learn a cadence; found ${freshness.updatesObserved}`,
      );
      record('freshness', [], 'too few updates to learn a cadence', true);
    } else {
      const late = freshnessIssue(g.updates, asOf, null);
      if (freshness.cadence && freshness.lastUpdatedAt !== null) {
        const hours = (h: number) => Number((h / 3_600_000).toFixed(2));
        metrics.push({
          metric: 'freshness',
          observed: hours(asOf - freshness.lastUpdatedAt),
          expectedLow: 0,
          expectedHigh: hours((freshness.cadence.seconds + (freshness.toleranceSeconds ?? 0)) * 1000),
          status: late ? 'fail' : 'pass',
        });
      }
      record(
        'freshness',
        late ? [late] : [],
        `cadence ${freshness.cadence?.label}, ${freshness.status.toLowerCase()}`,
      );
    }

    // Volume and columns: the observed point (dry run) or the latest profile, against the profiles before it.
    const points = g.profiles.map(profileMetrics).sort((a, b) => a.t - b.t);
    const current = request.observations ? observedPoint(request.observations, asOf) : points.at(-1);
    const history = current ? points.filter((p) => p.t < current.t) : [];
    if (!current || current.metrics.size === 0) {
      needed.push('a dataset profile (row count, size or column profiles) at or before asOf');
      record('volume', [], 'no profile at or before asOf', true);
    } else {
      const outcome = checkMetrics(history, current);
      metrics.push(...outcome.judgements);
      if (outcome.judged === 0) {
        needed.push(
          `at least ${MIN_HISTORY_POINTS} profiles before the validated point; found ${outcome.historyPoints}`,
        );
        record('volume', [], 'too little profile history', true);
      } else {
        const volume = outcome.issues.filter((i) => i.check === 'volume');
        const column = outcome.issues.filter((i) => i.check === 'column');
        record('volume', volume, `${volume.length} volume metric(s) outside their band`);
        record('column', column, `${column.length} column metric(s) outside their band`);
        const drift = column.length === 0 ? profileDrift(history, current) : null;
        record(
          'profile_drift',
          drift ? [drift] : [],
          drift ? 'column profiles drifted together' : 'no joint drift',
        );
      }
    }

    // Per-load volume and a stuck table: what each load wrote. A proposed point (a dry run with observations)
    // is judged as one more profile after the stored ones: its row count change is its load.
    if (request.observations && request.observations.rowCount === undefined) {
      record('load_volume', [], 'the proposed point has no row count', true);
      record('stuck', [], 'the proposed point has no row count', true);
    } else {
      const proposed = request.observations && current ? current : null;
      const stored = proposed ? points.filter((p) => p.t < proposed.t) : points;
      const profiled = proposed ? [...stored, proposed] : stored;
      const rowCounts = profiled.flatMap((p) => {
        const r = p.metrics.get('rowCount');
        return r === undefined ? [] : [{ t: p.t, rowCount: r }];
      });
      const loads = proposed ? [] : loadsFromOperations(g.operations);
      const fromOperations = loads.length > MIN_LOADS;
      const judgedLoads = fromOperations
        ? loads
        : isAppendOnly(rowCounts.slice(0, -1))
          ? loadsFromProfiles(rowCounts)
          : [];
      const since = profiled.at(-2)?.t ?? -Infinity;
      const source = fromOperations
        ? 'rows affected by its operations'
        : proposed
          ? 'row count change from the latest profile to the proposed one'
          : 'row count change between profiles';
      let load = perLoadVolume(judgedLoads, since, source);
      // A failing load may be a day the whole catalog moved (a holiday): only then are the peers asked (they
      // can only soften a verdict to a warning).
      if (load.issue?.severity === 'fail' && load.outDays.length > 0) {
        const events = await this.calendars.events(hub, request.urn, load.outDays, asOf);
        if (events.size > 0) load = perLoadVolume(judgedLoads, since, source, events);
      }
      if (load.judgement) metrics.push(load.judgement);
      record(
        'load_volume',
        load.issue ? [load.issue] : [],
        load.judged
          ? `${judgedLoads.length} loads from ${fromOperations ? 'operations' : 'profile row counts'}`
          : 'too few loads with rows affected, and not an append-only table',
        !load.judged,
      );
      const stuck =
        stuckIssue(
          profiled.flatMap((p) => {
            const r = p.metrics.get('rowCount');
            if (r === undefined) return [];
            const rest = [...p.metrics]
              .filter(([k]) => k !== 'rowCount')
              .sort(([a], [b]) => a.localeCompare(b));
            return [{ t: p.t, rowCount: r, signature: JSON.stringify(rest) }];
          }),
        ) ?? (fromOperations ? emptyLoadsIssue(loads) : null);
      record(
        'stuck',
        stuck ? [stuck] : [],
        stuck ? 'no change where change is the norm' : 'changing as usual',
      );
    }

    // Schema drift against the previous version.
    const schemaVersions = g.schemaVersions;
    const drift = schemaDrift(schemaVersions, asOf, profileSchemaChange(g.profiles, schemaVersions));
    record('schema', drift ? [drift] : [], drift ? 'recent schema change' : 'no recent schema change');

    // Upstream health within UPSTREAM_HOPS.
    const upIssues = [...upstream].flatMap(([u, ug]) => quickIssues(ug, asOf, u));
    record('upstream', upIssues, `${upstream.size} upstream dataset(s) within ${UPSTREAM_HOPS} hops`);

    // The platform's technical spec as last ingested, when observed by asOf (only the latest is kept).
    const stored = this.deps.store
      ? (await new IngestionRepository(this.deps.store).latest([request.urn])).get(request.urn)
      : undefined;
    if (stored && stored.observedAt <= asOf) {
      const found = technicalSpecIssues(stored.spec, stored.observedAt);
      record(
        'technical_spec',
        found,
        `${stored.spec.kind} spec observed ${new Date(stored.observedAt).toISOString()}`,
      );
    } else record('technical_spec', [], 'no technical spec observed by asOf', true);

    // Documentation and ownership: warnings only.
    const described = Boolean(g.dataset.editableProperties?.description || g.dataset.properties?.description);
    record(
      'documentation',
      described ? [] : [meta('documentation', 'The dataset has no description in DataHub.')],
      described ? 'described' : 'no description',
    );
    const owned = (g.dataset.ownership?.owners ?? []).length > 0;
    record(
      'ownership',
      owned ? [] : [meta('ownership', 'The dataset has no owner in DataHub.')],
      owned ? 'owned' : 'no owner',
    );

    const dataChecks = new Set<CheckName>(['freshness', 'volume']);
    const insufficient = checks.filter((c) => dataChecks.has(c.check) && c.status === 'skipped').length === 2;
    const status = issues.some((i) => i.severity === 'fail')
      ? 'fail'
      : insufficient
        ? 'insufficient_history'
        : issues.some((i) => i.severity === 'warn')
          ? 'warn'
          : 'pass';
    const recommendations = [...new Set(issues.map((i) => RECOMMEND[i.check]))];
    if (status === 'insufficient_history') recommendations.push(...needed.map((n) => `Wait for ${n}.`));
    stepDone('checks');
    let offered: AlternativeDataset[] = [];
    if (status === 'fail' || status === 'warn') {
      offered = await alternatives(hub, g.dataset, at, upstream);
      stepDone('alternatives');
    }
    const result: ValidationResult = {
      runId: dryRun ? null : randomUUID(),
      datasetUrn: request.urn,
      asOf,
      validatedAt: now,
      dryRun,
      status,
      needed: status === 'insufficient_history' ? needed : [],
      issues,
      checks,
      recommendations,
      alternatives: offered,
      metrics,
    };

    if (!dryRun && options.store !== false) {
      if (!this.deps.store) throw new Error('validation runs need a store');
      await saveRun(this.deps.store, result);
      if (status === 'fail' && this.deps.events)
        await this.deps.events.publish({
          type: 'dataspoke.validation.failed',
          runId: result.runId!,
          datasetUrn: result.datasetUrn,
          status: 'fail',
          asOf,
          failedMetrics: [...new Set(issues.filter((i) => i.severity === 'fail').map((i) => i.metric))],
          at: now,
        });
      stepDone('store');
    }
    return result;
  }

  /** Stored runs of a dataset, newest first. */
  /** Stored runs of a dataset, newest first; `from`/`to` (epoch ms, `to` exclusive) bound when they ran. */
  async history(urn: string, page: { limit?: number; offset?: number; from?: number; to?: number } = {}) {
    checkUrn(urn);
    const { from, to } = page;
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
        throw new InvalidInputError(
          'INVALID_TIME_RANGE',
          `${name} must be a time in epoch milliseconds, got ${value}`,
        );
    }
    if (from !== undefined && to !== undefined && from >= to)
      throw new InvalidInputError('INVALID_TIME_RANGE', `from (${from}) must be before to (${to})`);
    const { limit, offset } = checkedPage(page);
    if (!this.deps.store) throw new Error('validation history needs a store');
    return { ...(await listRuns(this.deps.store, urn, { limit, offset, from, to })), limit, offset };
  }

  /** The latest stored run of each dataset, newest first; `statuses` keeps those whose latest run has one. */
  async latest(page: { limit?: number; offset?: number; statuses?: readonly string[] } = {}) {
    const { limit, offset } = checkedPage(page);
    checkStatuses(page.statuses, VALIDATION_STATUSES);
    const statuses = page.statuses && [...new Set(page.statuses)];
    if (!this.deps.store) throw new Error('validation runs need a store');
    const store = this.deps.store;
    return {
      ...(await listLatestRuns(store, { limit, offset, statuses: statuses as ValidationStatus[] })),
      limit,
      offset,
    };
  }
}

const VALIDATION_STATUSES: ValidationStatus[] = ['pass', 'warn', 'fail', 'insufficient_history'];

function meta(check: 'documentation' | 'ownership', explanation: string): ValidationIssue {
  return {
    check,
    metric: check,
    severity: 'warn',
    observed: null,
    expectedLow: null,
    expectedHigh: null,
    anomalyScore: null,
    expectation: check === 'documentation' ? 'a description in DataHub' : 'an owner in DataHub',
    explanation,
    relatedUrn: null,
  };
}
