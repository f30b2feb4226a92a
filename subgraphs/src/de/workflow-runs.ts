import { GraphQLError } from 'graphql';
import type { Store } from '@dataspoke/platform/store/db';
import { WorkflowRunLog, type WorkflowRunRecord } from '@dataspoke/workflows/run-log';
import type { WorkflowName } from '@dataspoke/workflows/workflows/types';
import { featureCall } from '../errors.js';
import type {
  QueryResolvers,
  WorkflowName as GraphqlWorkflowName,
  WorkflowRun,
  WorkflowRunTrigger,
} from './generated/resolvers.js';

/** Query.workflowRuns on the de subgraph: the run history of the scheduled workflows, from the store. */

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

export function workflowRunResolvers(store: Store | undefined): Pick<QueryResolvers, 'workflowRuns'> {
  const runs = store && new WorkflowRunLog(store);
  return {
    workflowRuns: async (_parent, args) => {
      if (!runs)
        throw new GraphQLError(
          'Query.workflowRuns needs the operational store, which this server was started without',
          {
            extensions: { code: 'WORKFLOWS_UNAVAILABLE', category: 'SERVER' },
          },
        );
      const page = await featureCall(() =>
        runs.list({
          workflow: args.workflow ? BY_GRAPHQL_NAME[args.workflow] : null,
          statuses: args.status ?? null,
          offset: args.offset ?? 0,
          limit: args.limit ?? 20,
        }),
      );
      return { ...page, runs: page.runs.map(runToGraphql) };
    },
  };
}
