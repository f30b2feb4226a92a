import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useIdentity } from '../auth/AuthContext';
import { canSee } from '../auth/identity';
import { Empty, ErrorState, Loading } from '../components/states';
import { Validator } from '../components/Validator';
import { graphql } from '../gql';
import type { HealthListQuery } from '../gql/graphql';
import { datasetPath, formatDuration, formatTime } from '../lib/format';

export const HealthListQueryDoc = graphql(`
  query HealthList($tags: [String!], $limit: Int) {
    searchDatasets(filters: { tags: $tags }, limit: $limit) {
      total
      results {
        dataset {
          urn
          name
          platform {
            name
          }
          freshness {
            status
            lastUpdatedAt
            lateBySeconds
            cadence {
              label
            }
          }
        }
      }
    }
  }
`);

type Row = HealthListQuery['searchDatasets']['results'][number]['dataset'];

const LAYERS = ['Gold', 'Silver', 'Bronze'] as const;
const ORDER = { LATE: 0, UNKNOWN: 1, ON_TIME: 2 } as const;

/** Worst first: late datasets by how late, then the ones without a learned cadence, then the healthy. */
export function byHealth(a: Row, b: Row): number {
  return (
    ORDER[a.freshness.status] - ORDER[b.freshness.status] ||
    (b.freshness.lateBySeconds ?? 0) - (a.freshness.lateBySeconds ?? 0) ||
    a.name.localeCompare(b.name)
  );
}

/** The DE spoke: datasets by health, and the validator. */
export default function EngineeringPage() {
  const [params, setParams] = useSearchParams();
  const validatorUrn = params.get('urn') ?? '';
  const [layer, setLayer] = useState<(typeof LAYERS)[number]>('Gold');
  const layerId = useId();
  // Listing datasets is the DA search (a root field of the da spoke); without DA the validator still works.
  const withDa = canSee(useIdentity(), 'da');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: HealthListQueryDoc,
    variables: { tags: [layer], limit: 100 },
    pause: !withDa,
  });
  const rows = [...(data?.searchDatasets.results.map((r) => r.dataset) ?? [])].sort(byHealth);
  const late = rows.filter((r) => r.freshness.status === 'LATE').length;

  return (
    <div className="page">
      <h1>Data Engineering</h1>
      <section className="card" aria-labelledby="validator-title">
        <h2 id="validator-title">Validator</h2>
        <Validator initialUrn={validatorUrn} />
      </section>

      <section className="card" aria-labelledby="health-list-title">
        <div className="section-head">
          <h2 id="health-list-title">Datasets by health</h2>
          <div className="toolbar">
            <label htmlFor={layerId}>Layer</label>
            <select id={layerId} value={layer} onChange={(e) => setLayer(e.target.value as typeof layer)}>
              {LAYERS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </div>
        </div>
        {!withDa ? (
          <Empty>Listing datasets uses the DA search, which your groups do not include.</Empty>
        ) : fetching && !data ? (
          <Loading what="dataset health" />
        ) : !data ? (
          <ErrorState
            what="dataset health"
            error={error ?? 'No answer.'}
            onRetry={() => refetch({ requestPolicy: 'network-only' })}
          />
        ) : rows.length === 0 ? (
          <Empty>No dataset is tagged {layer}.</Empty>
        ) : (
          <>
            <p className="muted">
              {late} of {rows.length} {layer.toLowerCase()} datasets are late
              {data.searchDatasets.total > rows.length &&
                ` (showing ${rows.length} of ${data.searchDatasets.total})`}
              .
            </p>
            <div className="table-scroll">
              <table className="health-table">
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col">Freshness</th>
                    <th scope="col">Cadence</th>
                    <th scope="col">Last update</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.urn}>
                      <th scope="row">
                        <Link to={datasetPath(r.urn)}>{r.name}</Link>
                      </th>
                      <td>
                        <FreshnessPill row={r} />
                      </td>
                      <td>{r.freshness.cadence?.label.toLowerCase() ?? '—'}</td>
                      <td>{formatTime(r.freshness.lastUpdatedAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Validate ${r.name}`}
                          onClick={() => {
                            setParams({ urn: r.urn });
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
      </section>
    </div>
  );
}

function FreshnessPill({ row }: { row: Row }) {
  const f = row.freshness;
  if (f.status === 'LATE')
    return <span className="pill pill-bad">late {formatDuration(f.lateBySeconds)}</span>;
  if (f.status === 'ON_TIME') return <span className="pill pill-good">on time</span>;
  return <span className="pill">unknown</span>;
}
