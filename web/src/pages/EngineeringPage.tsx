import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../components/query-state';
import { Validator } from '../components/Validator';
import { WorkflowRuns } from '../components/WorkflowRuns';
import { graphql } from '../gql';
import type { HealthListQuery } from '../gql/graphql';
import { datasetPath, formatDuration, formatTime } from '../lib/format';

export const HealthListQueryDoc = graphql(`
  query HealthList($status: [ValidationStatus!], $limit: Int) {
    latestValidations(status: $status, limit: $limit) {
      totalCount
      runs {
        dataset {
          urn
          name
          freshness {
            status
            lateBySeconds
          }
        }
        validation {
          runId
          datasetUrn
          status
          validatedAt
          issues {
            severity
            metric
          }
        }
      }
    }
  }
`);

type Row = HealthListQuery['latestValidations']['runs'][number];
type Status = Row['validation']['status'];

const FILTERS = [
  { label: 'All statuses', status: null },
  { label: 'Failing', status: 'FAIL' },
  { label: 'Warning', status: 'WARN' },
  { label: 'Insufficient history', status: 'INSUFFICIENT_HISTORY' },
  { label: 'Passing', status: 'PASS' },
] as const satisfies readonly { label: string; status: Status | null }[];
const ORDER: Record<Status, number> = { FAIL: 0, WARN: 1, INSUFFICIENT_HISTORY: 2, PASS: 3 };

/** A validation run in the validator above changes the list: refetch it after any result (even into an empty list). */
const HEALTH_CONTEXT = { additionalTypenames: ['DatasetValidation'] };

/** Worst first: failing, warning, not yet judgeable, passing; within a status the most recently validated. */
export function byHealth(a: Row, b: Row): number {
  return (
    ORDER[a.validation.status] - ORDER[b.validation.status] ||
    b.validation.validatedAt - a.validation.validatedAt ||
    a.validation.datasetUrn.localeCompare(b.validation.datasetUrn)
  );
}

/** The DE spoke: datasets by health, the validator, and the runs of the scheduled workflows. */
export default function EngineeringPage() {
  const [params, setParams] = useSearchParams();
  const validatorUrn = params.get('urn') ?? '';
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['label']>('All statuses');
  const filterId = useId();
  const status = FILTERS.find((f) => f.label === filter)?.status ?? null;
  // The latest stored run of each dataset (Query.latestValidations, a root field of the de spoke).
  const [{ data, fetching, error }, refetch] = useQuery({
    query: HealthListQueryDoc,
    variables: { ...(status && { status: [status] }), limit: 100 },
    context: HEALTH_CONTEXT,
  });
  const rows = [...(data?.latestValidations.runs ?? [])].sort(byHealth);
  const failing = rows.filter((r) => r.validation.status === 'FAIL').length;

  return (
    <div className="page">
      <h1>Data Engineering</h1>
      <p>
        <Link to="/engineering/ingestions">Technical-spec ingestion</Link>: the Kafka, PostgreSQL and
        data-file sources DataSpoke reads platform facts from, their runs, and running one now.
      </p>
      <section className="card" aria-labelledby="validator-title">
        <h2 id="validator-title">Validator</h2>
        <Validator initialUrn={validatorUrn} />
      </section>

      <section className="card" aria-labelledby="health-list-title">
        <div className="section-head">
          <h2 id="health-list-title">Datasets by health</h2>
          <div className="toolbar">
            <label htmlFor={filterId}>Latest status</label>
            <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
              {FILTERS.map((f) => (
                <option key={f.label}>{f.label}</option>
              ))}
            </select>
          </div>
        </div>
        <QueryState
          result={{ data, fetching, error }}
          refetch={refetch}
          what="dataset health"
          isEmpty={() => rows.length === 0}
          empty={
            status
              ? `No dataset's latest validation is ${filter.toLowerCase()}.`
              : 'No dataset has been validated yet: validate one above, and its latest run shows here.'
          }
        >
          {(data) => (
            <>
              <p className="muted">
                {status
                  ? `${data.latestValidations.totalCount} datasets' latest validation: ${filter.toLowerCase()}`
                  : `${failing} of ${rows.length} validated datasets fail their latest validation`}
                {data.latestValidations.totalCount > rows.length &&
                  ` (showing the ${rows.length} most recently validated of ${data.latestValidations.totalCount})`}
                .
              </p>
              <div className="table-scroll">
                <table className="health-table">
                  <thead>
                    <tr>
                      <th scope="col">Dataset</th>
                      <th scope="col">Latest validation</th>
                      <th scope="col">Failing metrics</th>
                      <th scope="col">Freshness</th>
                      <th scope="col">Validated</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(({ dataset, validation: v }) => (
                      <tr key={v.datasetUrn}>
                        <th scope="row">
                          <Link to={datasetPath(v.datasetUrn)}>{dataset?.name ?? v.datasetUrn}</Link>
                        </th>
                        <td>
                          <StatusPill status={v.status} />
                        </td>
                        <td>{failedMetrics(v.issues)}</td>
                        <td>{dataset ? <FreshnessPill freshness={dataset.freshness} /> : '—'}</td>
                        <td>{formatTime(v.validatedAt)}</td>
                        <td>
                          <button
                            type="button"
                            className="link-button"
                            aria-label={`Validate ${dataset?.name ?? v.datasetUrn}`}
                            onClick={() => {
                              setParams({ urn: v.datasetUrn });
                              document.getElementById('validator-title')?.scrollIntoView();
                            }}
                          >
                            Validate
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </QueryState>
      </section>

      <section className="card" aria-labelledby="workflow-runs-title">
        <h2 id="workflow-runs-title">Scheduled runs</h2>
        <WorkflowRuns />
      </section>
    </div>
  );
}

function failedMetrics(issues: Row['validation']['issues']): string {
  const metrics = [...new Set(issues.filter((i) => i.severity === 'FAIL').map((i) => i.metric))];
  return metrics.length > 0 ? metrics.join(', ') : '—';
}

const STATUS_PILL: Record<Status, [string, string]> = {
  FAIL: ['pill pill-bad', 'fail'],
  WARN: ['pill pill-warn', 'warn'],
  INSUFFICIENT_HISTORY: ['pill', 'insufficient history'],
  PASS: ['pill pill-good', 'pass'],
};

function StatusPill({ status }: { status: Status }) {
  const [className, label] = STATUS_PILL[status];
  return <span className={className}>{label}</span>;
}

function FreshnessPill({ freshness: f }: { freshness: NonNullable<Row['dataset']>['freshness'] }) {
  if (f.status === 'LATE')
    return <span className="pill pill-bad">late {formatDuration(f.lateBySeconds)}</span>;
  if (f.status === 'ON_TIME') return <span className="pill pill-good">on time</span>;
  return <span className="pill">unknown</span>;
}
