import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { formatNumber, formatPercent, urnId } from '../../../lib/format';
import type { MetricDimension } from '../../../gql/graphql';
import {
  comparePeriods,
  daysBefore,
  drawnSeries,
  inPeriod,
  seriesCsv,
  type PeriodMeasure,
} from './metrics-data';
import { MetricDefinitionsQuery, MetricSeriesQuery } from './queries';

const MetricsChart = lazy(() => import('./MetricsChart'));

const RANGES = [
  { days: 30, label: '30 days' },
  { days: 120, label: '120 days' },
  { days: 365, label: '1 year' },
];
const BREAKDOWNS: { value: MetricDimension; label: string }[] = [
  { value: 'CATALOG', label: 'Whole catalog' },
  { value: 'DOMAIN', label: 'By domain' },
  { value: 'PLATFORM', label: 'By platform' },
  { value: 'LAYER', label: 'By layer' },
  { value: 'OWNER_GROUP', label: 'By owner group' },
];

const MEASURE_NOTE: Record<PeriodMeasure, string> = {
  LAST: ': the value on each period’s last day',
  SUM: ': each period’s total',
  MEAN: ': each period’s daily mean',
};

const today = () => new Date().toISOString().slice(0, 10);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The governance metrics over time: a metric, a range and a breakdown; the chart, its target, the trend. */
export default function GovernanceMetrics() {
  const [{ data: defs, error: defsError }] = useQuery({ query: MetricDefinitionsQuery });
  const [metric, setMetric] = useState('table_documentation');
  const [days, setDays] = useState(120);
  const [groupBy, setGroupBy] = useState<MetricDimension>('CATALOG' as MetricDimension);
  const to = today();
  const from = daysBefore(to, days - 1);
  // The query reaches back one more period: the trend compares the range with the period before it.
  const previousFrom = daysBefore(from, days);
  const variables = useMemo(
    () => ({ names: [metric], from: previousFrom, to, groupBy }),
    [metric, previousFrom, to, groupBy],
  );
  const [{ data, fetching, error }, refetch] = useQuery({ query: MetricSeriesQuery, variables });
  const ids = { metric: useId(), range: useId(), group: useId() };
  const definition = defs?.metricDefinitions.find((d) => d.name === metric);
  const share = definition?.unit === 'share';
  // The definition says how a period's figure is read; until it has loaded the comparison is not shown.
  const measure = definition?.periodFigure;
  const format = (v: number) => (share ? formatPercent(v) : formatNumber(v));
  const fetched = data?.metrics ?? [];
  const series = fetched.map((s) => inPeriod(s, from)).filter((s) => s.points.length > 0);
  const drawn = drawnSeries(series);
  const catalogTarget = series.find((s) => s.target)?.target?.value ?? null;
  const label = (key: string) => (key === 'catalog' || key === '' ? 'catalog' : urnId(key));

  return (
    <section className="governance-metrics" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Metrics over time</h2>
      {defsError && <ErrorState what="the metric definitions" error={defsError} />}
      <div className="toolbar">
        <label htmlFor={ids.metric}>Metric</label>
        <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value)}>
          {(defs?.metricDefinitions ?? [{ name: metric, description: '' }]).map((d) => (
            <option key={d.name} value={d.name}>
              {d.name.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <label htmlFor={ids.range}>Range</label>
        <select id={ids.range} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {RANGES.map((r) => (
            <option key={r.days} value={r.days}>
              {r.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.group}>Breakdown</label>
        <select
          id={ids.group}
          value={groupBy}
          disabled={definition?.catalogOnly === true}
          onChange={(e) => setGroupBy(e.target.value as MetricDimension)}
        >
          {BREAKDOWNS.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={series.length === 0}
          onClick={() => download(`${metric}-${from}-${to}.csv`, seriesCsv(series))}
        >
          Export CSV
        </button>
      </div>
      {definition && <p className="muted">{definition.description}</p>}
      {fetching && !data ? (
        <Loading what="the metric" />
      ) : error ? (
        <ErrorState
          what="the metric"
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
        />
      ) : series.length === 0 ? (
        <Empty>Nothing collected in this range yet: the daily metrics collection fills it.</Empty>
      ) : (
        <>
          <Suspense fallback={<Loading what="the chart" />}>
            <MetricsChart
              series={drawn}
              target={groupBy === 'CATALOG' ? catalogTarget : null}
              share={share}
              label={label}
            />
          </Suspense>
          {measure && (
            <table className="metrics-trend">
              <caption>
                The last {days} days against the {days} before{MEASURE_NOTE[measure]}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">This period</th>
                  <th scope="col">Previous period</th>
                  <th scope="col">Change</th>
                  <th scope="col">Target</th>
                </tr>
              </thead>
              <tbody>
                {series.map((s) => {
                  const all = fetched.find((f) => f.key === s.key)?.points ?? s.points;
                  const c = comparePeriods(all, { from, previousFrom }, measure);
                  const last = s.points.at(-1)?.value;
                  const missed =
                    s.target && last !== undefined
                      ? s.target.comparison === 'AT_LEAST'
                        ? last < s.target.value
                        : last > s.target.value
                      : false;
                  return (
                    <tr key={s.key} className={missed ? 'missed' : undefined}>
                      <th scope="row">{label(s.key)}</th>
                      <td>{c ? format(c.current) : '–'}</td>
                      <td>{c?.previous == null ? '–' : format(c.previous)}</td>
                      <td>{c?.change == null ? '–' : `${c.change >= 0 ? '+' : ''}${format(c.change)}`}</td>
                      <td>
                        {s.target
                          ? `${s.target.comparison === 'AT_LEAST' ? '≥' : '≤'} ${format(s.target.value)}${missed ? ' (missed)' : ''}`
                          : '–'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
