import type { Store } from '@dataspoke/platform/store/db';
import type { HubPort } from '../../ports/hub-port.js';
import type { SpokeEventPort } from '../../shared/spoke-events.js';
import { allDatasetUrns } from '../overview/catalog-reader.js';
import { OverviewService } from '../overview/overview-service.js';
import { datasetFacts, type DatasetFacts } from './dataset-facts.js';
import { rangeFigures } from './day-figures.js';
import type { MetricJudges } from './judges.js';
import { DAY_MS, dayEnd, dayOf, daysBetween, dayStart } from './days.js';
import {
  datasetCounts,
  deleteQuestionsBefore,
  latestDay,
  listTargets,
  questionCountsByDay,
  replaceDays,
  validationRunsByDay,
} from './metrics-repository.js';
import { missedTargets } from './targets.js';

/**
 * The daily collection (run by the metricsCollection workflow): reads every dataset's state and histories
 * from the hub once, then computes and stores each day still to collect. On the first run that is every day
 * the hub's history covers (a backfill, at most BACKFILL_DAYS_MAX); afterwards the days since the last one
 * collected, today included. A day collected again replaces its points. Today's points are checked against
 * the targets, and each missed target is published (METRIC_TARGET_MISSED).
 */

export interface MetricsCollectorDeps {
  store: Store;
  hub: HubPort;
  events: Pick<SpokeEventPort, 'publish'>;
  judges: MetricJudges;
  /**
   * Days the questions asked of search are kept (search_question): past them, their collected counts are
   * all that is left. Default QUESTION_RETENTION_DAYS (the configuration's DATASPOKE_SEARCH_QUESTION_RETENTION_DAYS).
   */
  questionRetentionDays?: number;
  /** Each dataset's inferred layer (the overview's); by default read through a fresh OverviewService. */
  layers?: () => Promise<ReadonlyMap<string, { layer: string | null }>>;
}

export interface CollectionReport {
  days: number;
  firstDay: string;
  lastDay: string;
  datasets: number;
  points: number;
  targetsMissed: number;
  /** Questions asked of search deleted as older than their retention. */
  questionsPruned: number;
}

export const BACKFILL_DAYS_MAX = 400;
export const QUESTION_RETENTION_DAYS = 400;
/** History read before the first day collected, for the cadence of the datasets' updates. */
const CADENCE_LOOKBACK_MS = 30 * DAY_MS;
const BATCH = 200;
const SCHEMA_DEPTH = 50;
/** Profiles and operations read per dataset (the hub's most; its default is 100, DataHub's too). */
const HISTORY_EVENTS_MAX = 10_000;

type Progress = (step: string, done: number, total: number) => void;

/** Every live dataset's facts, with histories from `since` (null: all of it). */
export async function readDatasetFacts(
  hub: HubPort,
  layers: ReadonlyMap<string, { layer: string | null }>,
  since: number | null,
  judges: MetricJudges,
  progress: Progress = () => undefined,
): Promise<DatasetFacts[]> {
  const urns = await allDatasetUrns(hub);
  const range = { ...(since !== null && { startTimeMillis: since }), limit: HISTORY_EVENTS_MAX };
  const facts: DatasetFacts[] = [];
  for (let i = 0; i < urns.length; i += BATCH) {
    const batch = urns.slice(i, i + BATCH);
    const [datasets, histories] = await Promise.all([
      hub.getDatasets(batch),
      hub.getDatasetHistories(batch, {
        profiles: { ...range, fieldProfiles: false },
        operations: range,
        schemaDepth: SCHEMA_DEPTH,
      }),
    ]);
    for (const urn of batch) {
      const d = datasets.get(urn);
      if (!d || d.status?.removed === true) continue;
      const h = histories.get(urn);
      facts.push(
        datasetFacts(
          d,
          {
            operations: h?.operations ?? [],
            profiles: h?.profiles ?? [],
            schemaVersionTimes: (h?.schemaVersions ?? []).map((v) => v.createdAt),
          },
          layers.get(urn)?.layer ?? null,
          judges,
        ),
      );
    }
    progress('read datasets', Math.min(urns.length, i + BATCH), urns.length);
  }
  return facts;
}

/** The first day the facts' history covers (at most BACKFILL_DAYS_MAX before today). */
function firstHistoryDay(facts: readonly DatasetFacts[], today: string): string {
  let earliest = dayStart(today);
  for (const f of facts) {
    const first = Math.min(f.operations[0]?.timestampMillis ?? Infinity, f.profiles[0]?.at ?? Infinity);
    if (first < earliest) earliest = first;
  }
  return dayOf(Math.max(earliest, dayStart(today) - (BACKFILL_DAYS_MAX - 1) * DAY_MS));
}

export class MetricsCollector {
  constructor(private readonly deps: MetricsCollectorDeps) {}

  /** Collects what is due as of `asOf`: the backfill on a first run, else the days since the last one. */
  async collect(asOf: number, progress: Progress = () => undefined): Promise<CollectionReport> {
    const today = dayOf(asOf);
    const last = await latestDay(this.deps.store);
    const firstDay = last === null ? null : dayOf(Math.min(dayStart(last) + DAY_MS, dayStart(today)));
    const layers = await (this.deps.layers ?? (() => new OverviewService({ hub: this.deps.hub }).layers()))();
    const since = firstDay === null ? null : dayStart(firstDay) - CADENCE_LOOKBACK_MS;
    const facts = await readDatasetFacts(this.deps.hub, layers, since, this.deps.judges, progress);
    const report = await this.collectDays(
      facts,
      firstDay ?? firstHistoryDay(facts, today),
      today,
      asOf,
      progress,
    );
    // Only once today is collected: every day a deleted question was asked on has its counts stored.
    const keep = this.deps.questionRetentionDays ?? QUESTION_RETENTION_DAYS;
    const questionsPruned = await deleteQuestionsBefore(this.deps.store, dayStart(today) - keep * DAY_MS);
    return { ...report, questionsPruned };
  }

  /** Computes and stores every day from `from` to `to` over the facts; `asOf` judges the last day. */
  async collectDays(
    facts: readonly DatasetFacts[],
    from: string,
    to: string,
    asOf: number,
    progress: Progress = () => undefined,
  ): Promise<CollectionReport> {
    const { store } = this.deps;
    const days = daysBetween(from, to);
    const [runsByDay, previousDatasets, search] = await Promise.all([
      validationRunsByDay(store, dayStart(from), dayEnd(to)),
      datasetCounts(store, dayOf(dayStart(from) - DAY_MS)),
      questionCountsByDay(store, dayStart(from), dayEnd(to) + 1),
    ]);
    progress('compute days', 0, days.length);
    const figures = rangeFigures(
      facts,
      days,
      { validations: runsByDay, search, previousDatasets },
      this.deps.judges,
      asOf,
    );
    progress('compute days', days.length, days.length);
    progress('store days', 0, days.length);
    await replaceDays(
      store,
      days.map((day, i) => ({ day, points: figures[i]! })),
    );
    progress('store days', days.length, days.length);
    const points = figures.reduce((n, f) => n + f.length, 0);
    const todays = figures.at(-1) ?? [];
    const missed = missedTargets(await listTargets(store), todays);
    for (const m of missed)
      await this.deps.events.publish({
        type: 'dataspoke.metric.target_missed',
        datasetUrn: '',
        metric: m.target.metric,
        dimension: m.target.dimension,
        key: m.target.key,
        comparison: m.target.comparison,
        target: m.target.value,
        value: m.value,
        at: asOf,
      });
    return {
      days: days.length,
      firstDay: from,
      lastDay: to,
      datasets: facts.length,
      points,
      targetsMissed: missed.length,
      questionsPruned: 0,
    };
  }
}
