import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { WorkflowRunsQuery } from '../gql/graphql';
import { formatDuration, formatNumber, formatTime } from '../lib/format';
import { QueryState } from './query-state';

export const WorkflowRunsQueryDoc = graphql(`
  query WorkflowRuns($limit: Int) {
    workflowRuns(limit: $limit) {
      totalCount
      runs {
        id
        workflow
        scheduleId
        trigger
        engine
        status
        startedAt
        finishedAt
        progress {
          step
          done
          total
        }
        counts {
          name
          value
        }
        datasets
        error
      }
    }
  }
`);

type Run = WorkflowRunsQuery['workflowRuns']['runs'][number];

const WORKFLOW_LABEL: Record<Run['workflow'], string> = {
  CATALOG_HEALTH_SWEEP: 'Catalog health sweep',
  METRICS_COLLECTION: 'Metrics collection',
  EMBEDDING_MAINTENANCE: 'Embedding maintenance',
  TECHSPEC_INGESTION: 'Technical-spec ingestion',
};
const TRIGGER_LABEL: Record<Run['trigger'], string> = {
  SCHEDULE: 'schedule',
  MANUAL: 'triggered',
  CATCH_UP: 'catch-up after downtime',
};

/** What a run did, in words: a running one's progress, a finished one's counts, a failed one's reason. */
export function runSummary(run: Run): string {
  if (run.status === 'FAILED') return run.error ?? 'failed';
  if (run.status === 'RUNNING')
    return run.progress
      ? `${run.progress.step}: ${formatNumber(run.progress.done)} of ${formatNumber(run.progress.total)}`
      : 'starting';
  const counts = run.counts.filter((c) => c.value !== 0 || c.name === 'failed' || c.name === 'datasets');
  return counts.map((c) => `${c.name} ${formatNumber(c.value)}`).join(' · ') || 'nothing to do';
}

const STATUS_PILL: Record<Run['status'], [string, string]> = {
  RUNNING: ['pill pill-warn', 'running'],
  COMPLETED: ['pill pill-good', 'completed'],
  FAILED: ['pill pill-bad', 'failed'],
};

/** The scheduled workflows' latest runs (Query.workflowRuns), refreshed while one is running. */
export function WorkflowRuns() {
  const [result, refetch] = useQuery({
    query: WorkflowRunsQueryDoc,
    variables: { limit: 20 },
  });
  return (
    <QueryState
      result={{ ...result, data: result.data?.workflowRuns.runs }}
      refetch={refetch}
      what="scheduled runs"
      isEmpty={(runs) => runs.length === 0}
      empty={
        <>
          No scheduled run yet: the catalog health sweep runs hourly by default (or now, with{' '}
          <code>dataspoke schedules trigger catalog-health-sweep</code>).
        </>
      }
    >
      {(runs) => (
        <div className="table-scroll">
          <table className="health-table">
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Took</th>
                <th scope="col">Outcome</th>
                <th scope="col">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => refetch({ requestPolicy: 'network-only' })}
                  >
                    Refresh
                  </button>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const [className, label] = STATUS_PILL[run.status];
                return (
                  <tr key={run.id}>
                    <th scope="row">{WORKFLOW_LABEL[run.workflow]}</th>
                    <td>
                      <span className={className}>{label}</span>
                    </td>
                    <td>
                      {formatTime(run.startedAt)}
                      <div className="muted">
                        {TRIGGER_LABEL[run.trigger]}, {run.engine}
                      </div>
                    </td>
                    <td>{run.finishedAt ? formatDuration((run.finishedAt - run.startedAt) / 1000) : '—'}</td>
                    <td colSpan={2}>{runSummary(run)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
