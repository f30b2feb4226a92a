import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, type CombinedError } from 'urql';
import { useIdentity } from '../auth/AuthContext';
import { canSee } from '../auth/identity';
import { QueryState } from '../components/query-state';
import { Empty, ErrorState } from '../components/states';
import { graphql } from '../gql';
import type { PortalQuery as PortalData } from '../gql/graphql';
import { datasetPath, formatDuration, formatNumber, formatPercent, formatTime } from '../lib/format';

/**
 * The hub-and-spoke landing page: DataHub's catalog at the centre, the DE, DA and DG spokes around it with
 * live counts, and what needs attention: datasets whose latest validation fails, late and undocumented gold
 * tables. Root fields belong to a spoke's group (latestValidations: DE, searchDatasets: DA, catalogSummary:
 * DG), so each is asked for only when the user's groups allow it (@include) and a user gets no FORBIDDEN
 * errors; fields on datasets are readable by everyone.
 */
export const PortalQuery = graphql(`
  query Portal($withDe: Boolean!, $withDa: Boolean!, $withDg: Boolean!) {
    failing: latestValidations(status: [FAIL], limit: 20) @include(if: $withDe) {
      totalCount
      runs {
        dataset {
          urn
          name
        }
        validation {
          runId
          datasetUrn
          validatedAt
          issues {
            severity
            metric
          }
        }
      }
    }
    catalogSummary @include(if: $withDg) {
      datasets
      byPlatform {
        key
        count
      }
      byDomain {
        key
        count
      }
      byLayer {
        key
        count
      }
    }
    gold: searchDatasets(filters: { tags: ["Gold"] }, limit: 100) @include(if: $withDa) {
      total
      results {
        dataset {
          urn
          name
          freshness {
            status
            lateBySeconds
          }
          documentationCoverage {
            tableDocumented
            ratio
          }
        }
      }
    }
  }
`);

export function Portal() {
  const identity = useIdentity();
  const withDe = canSee(identity, 'de');
  const withDa = canSee(identity, 'da');
  const withDg = canSee(identity, 'dg');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: PortalQuery,
    variables: { withDe, withDa, withDg },
    pause: !withDe && !withDa && !withDg,
  });

  if (!withDe && !withDa && !withDg) {
    return (
      <section className="card">
        <h1>DataSpoke</h1>
        <p>
          The portal&apos;s counts come from the DE validations, the DA search and the DG catalog summary,
          which your groups ({identity.groups.join(', ') || 'none'}) do not include.
        </p>
      </section>
    );
  }
  return (
    <QueryState result={{ data, fetching, error }} refetch={refetch} what="the catalog">
      {(data) => <PortalView data={data} error={error} withDe={withDe} withDa={withDa} withDg={withDg} />}
    </QueryState>
  );
}

/** The portal once its counts are in; a partial error (one spoke's field failed) shows above them. */
function PortalView({
  data,
  error,
  withDe,
  withDa,
  withDg,
}: {
  data: PortalData;
  error: CombinedError | undefined;
  withDe: boolean;
  withDa: boolean;
  withDg: boolean;
}) {
  const summary = data.catalogSummary;
  const gold = data.gold?.results.map((r) => r.dataset) ?? null;
  const late = gold?.filter((d) => d.freshness.status === 'LATE') ?? [];
  const undocumented =
    gold?.filter((d) => d.documentationCoverage && !d.documentationCoverage.tableDocumented) ?? [];
  const coverage =
    gold?.flatMap((d) => (d.documentationCoverage ? [d.documentationCoverage.ratio] : [])) ?? [];
  const meanCoverage = coverage.length ? coverage.reduce((a, b) => a + b, 0) / coverage.length : null;
  const goldCount = summary?.byLayer.find((l) => l.key === 'gold')?.count ?? data.gold?.total ?? null;
  const failing = data.failing ?? null;
  const nothingChecked = !gold && !failing;
  // A failing dataset is listed once, as failing (a late load is one of the metrics it fails on).
  const failingUrns = new Set(failing?.runs.map((r) => r.validation.datasetUrn));
  const lateNotFailing = late.filter((d) => !failingUrns.has(d.urn));
  const nothingFound = (failing?.runs.length ?? 0) === 0 && late.length === 0 && undocumented.length === 0;

  return (
    <div className="portal">
      <h1 className="visually-hidden">DataSpoke portal</h1>
      {error && <ErrorState what="part of the portal" error={error} />}
      <section className="hub-and-spoke" aria-label="DataHub and its spokes">
        <article className="hub card" aria-labelledby="hub-title">
          <h2 id="hub-title">DataHub</h2>
          <p className="hub-sub">the catalog, single source of truth</p>
          <dl className="counts">
            {summary && <Count label="datasets" value={summary.datasets} />}
            {summary && <Count label="platforms" value={summary.byPlatform.length} />}
            {summary && <Count label="domains" value={summary.byDomain.filter((d) => d.key).length} />}
            {goldCount != null && <Count label="gold tables" value={goldCount} />}
          </dl>
        </article>
        <Spoke
          id="de"
          title="Data Engineering"
          to={withDe ? '/engineering' : null}
          linkLabel="Health and validation"
        >
          {gold || failing ? (
            <dl className="counts">
              {failing && (
                <Count
                  label="datasets failing validation"
                  value={failing.totalCount}
                  alert={failing.totalCount > 0}
                />
              )}
              {gold && <Count label="gold tables late" value={late.length} alert={late.length > 0} />}
              {gold && <Count label="gold tables watched" value={gold.length} />}
            </dl>
          ) : (
            <NotYourSpoke />
          )}
        </Spoke>
        <Spoke id="da" title="Data Analysis" to={withDa ? '/search' : null} linkLabel="Search the catalog">
          {withDa ? (
            <dl className="counts">
              {summary && <Count label="searchable datasets" value={summary.datasets} />}
              {goldCount != null && <Count label="curated gold tables" value={goldCount} />}
            </dl>
          ) : (
            <NotYourSpoke />
          )}
        </Spoke>
        <Spoke id="dg" title="Data Governance" to={withDg ? '/governance' : null} linkLabel="Catalog summary">
          {gold ? (
            <dl className="counts">
              <Count
                label="undocumented gold tables"
                value={undocumented.length}
                alert={undocumented.length > 0}
              />
              <Count label="gold documentation" value={formatPercent(meanCoverage)} />
            </dl>
          ) : summary ? (
            <dl className="counts">
              <Count label="domains" value={summary.byDomain.filter((d) => d.key).length} />
              <Count
                label="datasets without a domain"
                value={summary.byDomain.find((d) => !d.key)?.count ?? 0}
              />
            </dl>
          ) : (
            <NotYourSpoke />
          )}
        </Spoke>
      </section>

      <section className="card attention" aria-labelledby="attention-title">
        <h2 id="attention-title">Needs attention</h2>
        {nothingChecked ? (
          <Empty>
            What needs attention is found with the DE validations and the DA search, which your groups do not
            include.
          </Empty>
        ) : nothingFound ? (
          <Empty>
            Nothing:{' '}
            {[
              failing && 'no dataset fails its latest validation',
              gold && 'every gold table is on time and documented',
            ]
              .filter(Boolean)
              .join('; ')}
            .
          </Empty>
        ) : (
          <ul className="attention-list">
            {failing?.runs.map(({ dataset, validation: v }) => (
              <li key={`fail-${v.datasetUrn}`}>
                <span className="pill pill-bad">failing</span>
                <Link to={datasetPath(v.datasetUrn)}>{dataset?.name ?? v.datasetUrn}</Link>
                <span className="muted">
                  {' '}
                  fails {failedMetrics(v.issues)}; validated {formatTime(v.validatedAt)}
                </span>
              </li>
            ))}
            {lateNotFailing.map((d) => (
              <li key={`late-${d.urn}`}>
                <span className="pill pill-bad">late</span>
                <Link to={datasetPath(d.urn)}>{d.name}</Link>
                <span className="muted">
                  {' '}
                  {formatDuration(d.freshness.lateBySeconds)} past its expected update
                </span>
              </li>
            ))}
            {undocumented.map((d) => (
              <li key={`doc-${d.urn}`}>
                <span className="pill pill-warn">undocumented</span>
                <Link to={datasetPath(d.urn)}>{d.name}</Link>
                <span className="muted">
                  {' '}
                  gold table without a description ({formatPercent(d.documentationCoverage?.ratio)} of fields
                  and table documented)
                </span>
              </li>
            ))}
          </ul>
        )}
        {failing && (
          <p className="hint">
            Failing: datasets whose latest stored validation fails
            {failing.totalCount > failing.runs.length
              ? ` (the ${failing.runs.length} most recent of ${failing.totalCount})`
              : ''}
            ; all of them by health in <Link to="/engineering">Engineering</Link>.
          </p>
        )}
        {gold && data.gold && (
          <p className="hint">
            Checked: the {gold.length} datasets tagged Gold
            {data.gold.total > gold.length ? ` (of ${data.gold.total})` : ''}. Validation results show on each
            dataset page and in the validator.
          </p>
        )}
      </section>
    </div>
  );
}

/** The metrics a run fails on, e.g. "rowCount, freshness". */
function failedMetrics(issues: readonly { severity: string; metric: string }[]): string {
  const metrics = [...new Set(issues.filter((i) => i.severity === 'FAIL').map((i) => i.metric))];
  return metrics.length > 0 ? metrics.join(', ') : 'its checks';
}

function Spoke({
  id,
  title,
  to,
  linkLabel,
  children,
}: {
  id: string;
  title: string;
  to: string | null;
  linkLabel: string;
  children: ReactNode;
}) {
  return (
    <article className={`spoke spoke-${id} card`} aria-labelledby={`spoke-${id}`}>
      <h2 id={`spoke-${id}`}>
        <span className="spoke-tag">{id.toUpperCase()}</span> {title}
      </h2>
      {children}
      {to && (
        <Link className="spoke-link" to={to}>
          {linkLabel} →
        </Link>
      )}
    </article>
  );
}

function NotYourSpoke() {
  return <p className="muted">Not in your groups.</p>;
}

function Count({ label, value, alert }: { label: string; value: number | string; alert?: boolean }) {
  return (
    <div className={alert ? 'count count-alert' : 'count'}>
      <dt>{label}</dt>
      <dd>{typeof value === 'number' ? formatNumber(value) : value}</dd>
    </div>
  );
}
