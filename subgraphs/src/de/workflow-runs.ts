import { GraphQLError } from 'graphql';
import type { Store } from '@dataspoke/platform/store/db';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { WorkflowRunLog, type WorkflowRunRecord } from '@dataspoke/workflows/run-log';
import { ScheduleNotFoundError } from '@dataspoke/workflows/schedules';
import type { WorkflowName } from '@dataspoke/workflows/workflows/types';
import { featureCall } from '../errors.js';
import type {
  MutationResolvers,
  QueryResolvers,
  WorkflowName as GraphqlWorkflowName,
  WorkflowRun,
  WorkflowRunTrigger,
} from './generated/resolvers.js';

/**
 * Query.workflowRuns and Query.workflowRun on the de subgraph: the run history of the scheduled workflows,
 * from the store; Mutation.triggerWorkflowRun: a run now, on the engine of the process serving it.
 */

/** What triggering needs of the workflow engine (in process or a Temporal client). */
export type WorkflowTrigger = Pick<WorkflowEngine, 'kind' | 'trigger'>;

const NAMES: Record<WorkflowName, GraphqlWorkflowName> = {
  catalogHealthSweep: 'CATALOG_HEALTH_SWEEP',
  metricsCollection: 'METRICS_COLLECTION',
  embeddingMaintenance: 'EMBEDDING_MAINTENANCE',
  techSpecIngestion: 'TECHSPEC_INGESTION',
};
const BY_GRAPHQL_NAME = Object.fromEntries(Object.entries(NAMES).map(([k, v]) => [v, k])) as Record<
  GraphqlWorkflowName,
  WorkflowName
>;

function runToGraphql(r: WorkflowRunRecord): WorkflowRun {
  return {
    id: r.id,
    workflow: NAMES[r.workflow],
    scheduleId: r.scheduleId,
    trigger: r.trigger.toUpperCase().replace('-', '_') as WorkflowRunTrigger,
    engine: r.engine,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    progress: r.progress,
    counts: Object.entries(r.outcome?.counts ?? {}).map(([name, value]) => ({ name, value })),
    datasets: r.outcome?.datasets ?? [],
    warnings: r.outcome?.warnings ?? [],
    error: r.error,
  };
}

function unavailable(what: string, needs: string): GraphQLError {
  return new GraphQLError(`${what} needs ${needs}, which this server was started without`, {
    extensions: { code: 'WORKFLOWS_UNAVAILABLE', category: 'SERVER' },
  });
}

export function workflowRunResolvers(
  store: Store | undefined,
  workflows: WorkflowTrigger | undefined,
): {
  Query: Pick<QueryResolvers, 'workflowRuns' | 'workflowRun'>;
  Mutation: Pick<MutationResolvers, 'triggerWorkflowRun'>;
} {
  const runs = store && new WorkflowRunLog(store);
  const runLog = (what: string) => {
    if (!runs) throw unavailable(what, 'the operational store');
    return runs;
  };
  return {
    Query: {
      workflowRuns: async (_parent, args) => {
        const log = runLog('Query.workflowRuns');
        const page = await featureCall(() =>
          log.list({
            workflow: args.workflow ? BY_GRAPHQL_NAME[args.workflow] : null,
            statuses: args.status ?? null,
            offset: args.offset ?? 0,
            limit: args.limit ?? 20,
          }),
        );
        return { ...page, runs: page.runs.map(runToGraphql) };
      },
      workflowRun: async (_parent, args) => {
        const run = await runLog('Query.workflowRun').get(args.id);
        return run && runToGraphql(run);
      },
    },
    Mutation: {
      triggerWorkflowRun: async (_parent, args) => {
        if (!workflows) throw unavailable('Mutation.triggerWorkflowRun', 'a workflow engine');
        try {
          // In process the run goes on after the answer; its outcome goes to the run history.
          const { runId, workflow } = await workflows.trigger(args.schedule);
          return { id: runId, scheduleId: args.schedule, workflow: NAMES[workflow], engine: workflows.kind };
        } catch (error) {
          if (error instanceof ScheduleNotFoundError)
            throw new GraphQLError(error.message, {
              extensions: { code: error.code, category: 'BAD_USER_INPUT' },
            });
          throw error;
        }
      },
    },
  };
}
