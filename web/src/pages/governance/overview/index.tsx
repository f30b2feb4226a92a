import { lazy, Suspense, useState } from 'react';
import { useQuery } from 'urql';
import { Loading } from '../../../components/states';
import { urnId } from '../../../lib/format';
import { OverviewDomainsQuery } from './queries';
import './overview.css';

const MedallionView = lazy(() => import('./MedallionView'));
const TaxonomyView = lazy(() => import('./TaxonomyView'));

type Perspective = 'MEDALLION' | 'TAXONOMY';

/**
 * The governance overview: the catalog by layer (a Sankey of the flows between medallion layers, the smells,
 * each dataset's inferred layer with its evidence) or by meaning (the glossary, domains and data products
 * as a graph, with suggested topics), over the whole catalog or zoomed to one domain. The views and their
 * graph libraries load when shown.
 */
export default function GovernanceOverview() {
  const [perspective, setPerspective] = useState<Perspective>('MEDALLION');
  const [domain, setDomain] = useState<string>('');
  const [{ data }] = useQuery({ query: OverviewDomainsQuery });
  const domains = (data?.catalogSummary.byDomain ?? []).filter((d) => d.key);
  return (
    <section className="card overview" aria-labelledby="overview-title">
      <div className="section-head">
        <h2 id="overview-title">Overview</h2>
        <div className="toolbar">
          <div role="group" aria-label="Perspective" className="segmented">
            {(['MEDALLION', 'TAXONOMY'] as const).map((p) => (
              <button
                key={p}
                type="button"
                aria-pressed={perspective === p}
                onClick={() => setPerspective(p)}
              >
                {p === 'MEDALLION' ? 'Medallion layers' : 'Taxonomy'}
              </button>
            ))}
          </div>
          <label>
            Domain{' '}
            <select value={domain} onChange={(e) => setDomain(e.target.value)}>
              <option value="">All domains</option>
              {domains.map((d) => (
                <option key={d.key} value={d.key!}>
                  {d.name || urnId(d.key)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <Suspense fallback={<Loading what="the overview" />}>
        {perspective === 'MEDALLION' ? (
          <MedallionView domain={domain || null} />
        ) : (
          <TaxonomyView domain={domain || null} />
        )}
      </Suspense>
    </section>
  );
}
