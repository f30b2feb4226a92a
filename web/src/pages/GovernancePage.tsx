import { useQuery } from 'urql';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import { formatNumber, urnId } from '../lib/format';
import GovernanceMetrics from './governance/metrics';
import GovernanceOverview from './governance/overview';

/** The DG spoke until its own features arrive: the catalog counted by platform, domain and layer. */
export const CatalogSummaryQuery = graphql(`
  query CatalogSummary {
    catalogSummary {
      datasets
      byPlatform {
        key
        name
        count
      }
      byDomain {
        key
        name
        count
      }
      byLayer {
        key
        name
        count
      }
    }
  }
`);

export default function GovernancePage() {
  const [result, refetch] = useQuery({ query: CatalogSummaryQuery });
  return (
    <div className="page">
      <h1>Data Governance</h1>
      <p className="lede">
        The catalog at a glance. Ownership, glossary-term (PII) and documentation reports arrive with the DG
        features; documentation gaps of gold tables already show on the portal.
      </p>
      <QueryState
        result={result}
        refetch={refetch}
        what="the catalog summary"
        isEmpty={(d) => d.catalogSummary.datasets === 0}
        empty="The catalog has no datasets yet."
      >
        {(data) => (
          <>
            <p className="big-number">
              <strong>{formatNumber(data.catalogSummary.datasets)}</strong> datasets
            </p>
            <div className="summary-grid">
              <Breakdown
                title="By platform"
                rows={data.catalogSummary.byPlatform}
                total={data.catalogSummary.datasets}
                none="no platform"
              />
              <Breakdown
                title="By domain"
                rows={data.catalogSummary.byDomain}
                total={data.catalogSummary.datasets}
                none="no domain"
              />
              <Breakdown
                title="By layer"
                rows={data.catalogSummary.byLayer}
                total={data.catalogSummary.datasets}
                none="no layer"
              />
            </div>
          </>
        )}
      </QueryState>
      <GovernanceMetrics />
      <GovernanceOverview />
    </div>
  );
}

function Breakdown({
  title,
  rows,
  total,
  none,
}: {
  title: string;
  rows: { key?: string | null; name?: string | null; count: number }[];
  total: number;
  none: string;
}) {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <table className="breakdown">
        <thead>
          <tr>
            <th scope="col">{title.replace('By ', '')}</th>
            <th scope="col" className="num">
              datasets
            </th>
            <th scope="col">
              <span className="visually-hidden">share</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.key ?? '(none)'}>
              <th scope="row">{r.key ? label(r.key, r.name) : <em>{none}</em>}</th>
              <td className="num">{formatNumber(r.count)}</td>
              <td className="bar-cell" aria-hidden="true">
                <span
                  className="bar"
                  style={{ width: `${Math.round((r.count / Math.max(total, 1)) * 100)}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A domain or platform by its name (the server's, as DataHub shows it), else by its urn's id. */
function label(key: string, name: string | null | undefined): string {
  return name || (key.startsWith('urn:') ? urnId(key) : key);
}
