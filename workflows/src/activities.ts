import { ApplicationFailure } from '@temporalio/common';
import { inArray, max } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { validationRun } from '@dataspoke/platform/store/schema-de';
import { InsufficientStorageError } from '@dataspoke/platform/store/store-space';
import type { HubPort } from '@dataspoke/domain/ports/hub-port';
import { freshnessOf, OPERATION_HISTORY } from '@dataspoke/domain/de/freshness';
import { InvalidInputError } from '@dataspoke/domain/shared/errors';
import { MetricsCollector } from '@dataspoke/domain/dg/metrics/metrics-collector';
import { deMetricJudges } from '@dataspoke/domain/adapters/metrics/de-metric-judges';
import type { IndexReport } from '@dataspoke/domain/shared/dataset-search-index';
import type { ValidationResult } from '@dataspoke/domain/de/validation/types';
import type { SpokeEventPort } from '@dataspoke/domain/shared/spoke-events';
import type { IngestionConfig } from '@dataspoke/domain/de/techspec/config';
import type { IngestionRunRecord } from '@dataspoke/domain/de/techspec/types';
import type { WorkflowRunLog } from './run-log.js';
import { nextTick } from './schedules.js';
import type { RunOutcome, RunProgress, SweepBatchResult, WorkflowActivities } from './workflows/types.js';

/** What an activity knows of the engine running it: where its heartbeats go, and the last one of a retry. */
export interface ActivityContext {
  heartbeat(details: unknown): void;
  /** The details of the last heartbeat of an earlier attempt of this same activity (undefined: none). */
  lastHeartbeat(): unknown;
}

export interface ActivityDeps {
  store: Store;
  hub: HubPort;
  /** The validator (domain/src/de/validation): stores each run and publishes a failing one. */
  validator: { validate(input: unknown): Promise<ValidationResult> };
  /** The search indexer; null where this process runs without the search index. */
  searchIndexer: {
    reindexAll(options: { onProgress?: (done: number, total: number) => void }): Promise<IndexReport>;
  } | null;
  runs: WorkflowRunLog;
  /** Where a late dataset the sweep finds is published (the notifications follow it), with the validator's failures. */
  events: SpokeEventPort;
  /**
   * Technical-spec ingestion (domain/src/de/techspec): the kept configurations, their runs, and the runner;
   * null where this process has none.
   */
  techSpec: {
    repository: {
      listConfigs(): Promise<{ config: IngestionConfig }[]>;
      listRuns(filter: { configName: string; offset: number; limit: number }): Promise<{
        runs: { startedAt: number }[];
      }>;
    };
    ingestion: {
      run(
        config: IngestionConfig,
        options: { trigger: 'schedule'; onProgress?: (run: IngestionRunRecord) => void },
      ): Promise<IngestionRunRecord>;
    };
  } | null;
  /** The running activity's context (Temporal's Context.current(), or the in-process engine's). */
  context: () => ActivityContext;
  /** Days the questions asked of search are kept (the configuration's); absent: the collector's default. */
  questionRetentionDays?: number;
  /** The datasets' inferred layers (the overview's, kept until the catalog changes); absent: read afresh. */
  layers?: () => Promise<ReadonlyMap<string, { layer: string | null }>>;
  now?: () => number;
}

/** Datasets read from the hub per call. */
const HUB_CHUNK = 200;
/**
 * A dataset is due when this share of its cadence has passed since its latest validation, so that a sweep
 * running at the cadence itself does not skip every other tick by a few seconds.
 */
const DUE_SHARE = 0.9;
/** Progress is written to the run history at most this often (heartbeats go to the engine every time). */
const PROGRESS_EVERY_MS = 1_000;

interface BatchHeartbeat {
  progress: RunProgress;
  /** Position in the batch of the next dataset to validate, and what the ones before it gave. */
  next: number;
  partial: SweepBatchResult;
}

/**
 * Failures no retry can mend (bad input, a full store) become non-retryable ApplicationFailures with the
 * error's code as their type; anything else (DataHub or the store unreachable) is thrown on and retried.
 */
function business<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof InvalidInputError || error instanceof InsufficientStorageError)
      throw ApplicationFailure.create({
        message: error.message,
        type: error.code,
        nonRetryable: true,
        cause: error,
      });
    throw error;
  });
}

/** The activities of every workflow, over the ports they use. */
export function createActivities(deps: ActivityDeps): WorkflowActivities {
  const now = deps.now ?? Date.now;
  const lastWritten = new Map<string, number>();
  // Progress writes of a run go one after another (a pool could otherwise land an older one last), and the
  // run's end waits for them.
  const progressWrites = new Map<string, Promise<void>>();
  const report = (runId: string, progress: RunProgress, details: unknown = progress): void => {
    deps.context().heartbeat(details);
    const at = now();
    if (progress.done < progress.total && at - (lastWritten.get(runId) ?? 0) < PROGRESS_EVERY_MS) return;
    lastWritten.set(runId, at);
    const previous = progressWrites.get(runId) ?? Promise.resolve();
    progressWrites.set(
      runId,
      previous.then(() => deps.runs.progress(runId, progress)).catch(() => undefined),
    );
  };

  return {
    recordRunStarted: (run) => deps.runs.started(run),

    recordRunFinished: async ({ id, status, outcome, error }) => {
      lastWritten.delete(id);
      await progressWrites.get(id);
      progressWrites.delete(id);
      await deps.runs.finished(id, {
        status,
        at: now(),
        ...(outcome && { outcome }),
        ...(error !== undefined && { error }),
      });
    },

    findDueDatasets: ({ runId, asOf }) =>
      business(async () => {
        const urns: string[] = [];
        let scrollId: string | null = null;
        do {
          const page = await deps.hub.scrollDatasets({ scrollId, count: 1000 });
          urns.push(...page.datasets.map((d) => d.urn));
          scrollId = page.nextScrollId;
        } while (scrollId);
        const due: { urn: string; last: number }[] = [];
        let cadenced = 0;
        let late = 0;
        for (let i = 0; i < urns.length; i += HUB_CHUNK) {
          const chunk = urns.slice(i, i + HUB_CHUNK);
          const [operations, validated] = await Promise.all([
            deps.hub.getOperations(chunk, OPERATION_HISTORY),
            deps.store.db
              .select({ urn: validationRun.datasetUrn, last: max(validationRun.createdAt) })
              .from(validationRun)
              .where(inArray(validationRun.datasetUrn, chunk))
              .groupBy(validationRun.datasetUrn),
          ]);
          const lastValidated = new Map(validated.map((v) => [v.urn, v.last?.getTime() ?? 0]));
          for (const urn of chunk) {
            const freshness = freshnessOf(operations.get(urn) ?? [], asOf);
            const cadence = freshness.cadence;
            if (!cadence) continue;
            cadenced++;
            if (freshness.status === 'LATE' && freshness.expectedNextUpdateAt !== null) {
              late++;
              await deps.events.publish({
                type: 'dataspoke.dataset.late',
                datasetUrn: urn,
                expectedAt: freshness.expectedNextUpdateAt,
                lateBySeconds: freshness.lateBySeconds ?? 0,
                at: asOf,
              });
            }
            const last = lastValidated.get(urn) ?? 0;
            if (asOf - last >= cadence.seconds * 1000 * DUE_SHARE) due.push({ urn, last });
          }
          report(runId, {
            step: 'find due datasets',
            done: Math.min(i + HUB_CHUNK, urns.length),
            total: urns.length,
          });
        }
        // The longest unvalidated first: a sweep cut short still covered the most overdue.
        due.sort((a, b) => a.last - b.last || a.urn.localeCompare(b.urn));
        return { cadenced, late, due: due.map((d) => d.urn) };
      }),

    validateDatasets: ({ runId, urns, batch, batches }) =>
      business(async () => {
        // A retried batch resumes after the last dataset its earlier attempt reported done.
        const earlier = deps.context().lastHeartbeat() as BatchHeartbeat | undefined;
        const result: SweepBatchResult = earlier?.partial ?? {
          validated: 0,
          failed: [],
          warned: 0,
          insufficientHistory: 0,
          skipped: [],
        };
        for (let i = earlier?.next ?? 0; i < urns.length; i++) {
          const urn = urns[i]!;
          try {
            const r = await deps.validator.validate({ urn });
            result.validated++;
            if (r.status === 'fail') result.failed.push(urn);
            else if (r.status === 'warn') result.warned++;
            else if (r.status === 'insufficient_history') result.insufficientHistory++;
          } catch (error) {
            // A dataset gone from the hub since the sweep listed it is skipped, not a failed sweep.
            if (!(error instanceof InvalidInputError)) throw error;
            result.skipped.push({ urn, reason: `${error.code}: ${error.message}` });
          }
          const progress = {
            step: `validate batch ${batch + 1}/${batches}`,
            done: i + 1,
            total: urns.length,
          };
          report(runId, progress, { progress, next: i + 1, partial: result } satisfies BatchHeartbeat);
        }
        return result;
      }),

    collectCatalogMetrics: ({ runId, asOf }) =>
      business(async () => {
        const collector = new MetricsCollector({
          store: deps.store,
          hub: deps.hub,
          events: deps.events,
          judges: deMetricJudges,
          ...(deps.layers && { layers: deps.layers }),
          ...(deps.questionRetentionDays && { questionRetentionDays: deps.questionRetentionDays }),
        });
        const r = await collector.collect(asOf, (step, done, total) => report(runId, { step, done, total }));
        const outcome: RunOutcome = {
          counts: {
            datasets: r.datasets,
            days: r.days,
            points: r.points,
            targetsMissed: r.targetsMissed,
            questionsPruned: r.questionsPruned,
          },
          datasets: [],
          warnings: [],
        };
        return outcome;
      }),

    maintainEmbeddings: ({ runId }) =>
      business(async () => {
        if (!deps.searchIndexer)
          throw ApplicationFailure.create({
            message: 'this process runs without the search index (DATASPOKE_EMBEDDER or the store)',
            type: 'SEARCH_UNAVAILABLE',
            nonRetryable: true,
          });
        const r = await deps.searchIndexer.reindexAll({
          onProgress: (done, total) => report(runId, { step: 're-embed changed datasets', done, total }),
        });
        const outcome: RunOutcome = {
          counts: {
            seen: r.seen,
            indexed: r.indexed,
            unchanged: r.unchanged,
            embedded: r.embedded,
            removed: r.removed,
          },
          datasets: [],
          warnings: r.warnings,
        };
        return outcome;
      }),
    runDueIngestions: ({ runId, asOf }) =>
      business(async () => {
        const counts = { configs: 0, due: 0, succeeded: 0, partial: 0, failed: 0, written: 0 };
        const warnings: string[] = [];
        if (!deps.techSpec)
          return { counts, datasets: [], warnings: ['this process runs without ingestion'] };
        const { repository, ingestion } = deps.techSpec;
        const scheduled = (await repository.listConfigs()).filter((c) => c.config.schedule);
        counts.configs = scheduled.length;
        const due = [];
        for (const { config } of scheduled) {
          const last = (await repository.listRuns({ configName: config.name, offset: 0, limit: 1 })).runs[0];
          if (!last || nextTick(config.schedule!, last.startedAt) <= asOf) due.push(config);
        }
        counts.due = due.length;
        for (const [i, config] of due.entries()) {
          const step = `ingest ${config.name} (${i + 1} of ${due.length})`;
          // Each dataset written is progress, so a long run keeps heartbeating.
          const run = await ingestion.run(config, {
            trigger: 'schedule',
            onProgress: (r) => report(runId, { step, done: r.progress.done, total: r.progress.total }),
          });
          counts.written += run.counts.written;
          if (run.status === 'SUCCEEDED') counts.succeeded++;
          else {
            counts[run.status === 'PARTIAL' ? 'partial' : 'failed']++;
            warnings.push(`${config.name}: ${run.status}: ${run.errors.join('; ')}`.slice(0, 500));
          }
        }
        const outcome: RunOutcome = { counts, datasets: [], warnings };
        return outcome;
      }),
  };
}
