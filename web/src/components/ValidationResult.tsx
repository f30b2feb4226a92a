import { Link } from 'react-router-dom';
import type { ValidationFieldsFragment } from '../gql/graphql';
import { datasetPath, formatPercent, formatTime } from '../lib/format';

const STATUS_LABEL = {
  PASS: ['pass', 'pill-good'],
  WARN: ['warn', 'pill-warn'],
  FAIL: ['fail', 'pill-bad'],
  INSUFFICIENT_HISTORY: ['insufficient history', ''],
} as const;

export function ValidationStatusPill({ status }: { status: ValidationFieldsFragment['status'] }) {
  const [label, cls] = STATUS_LABEL[status];
  return <span className={`pill ${cls}`}>{label}</span>;
}

function number(v: number | null): string {
  if (v == null) return '—';
  return Math.abs(v) >= 1000
    ? new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(v)
    : String(+v.toFixed(3));
}

/** One validation's outcome: status, issues with observed against expected, checks, advice, alternatives. */
export function ValidationResult({ result }: { result: ValidationFieldsFragment }) {
  return (
    <div className="validation-result">
      <p>
        <ValidationStatusPill status={result.status} />
        as of {formatTime(result.asOf)}
        {result.dryRun ? (
          <span className="muted"> · dry run, nothing stored</span>
        ) : (
          result.runId && <span className="muted"> · stored as run {result.runId.slice(0, 8)}</span>
        )}
      </p>
      {result.needed.length > 0 && <p className="notice">Needs more history: {result.needed.join('; ')}</p>}
      {result.issues.length > 0 && (
        <>
          <h4>Issues</h4>
          <ul className="issues">
            {result.issues.map((i, n) => (
              <li key={`${i.check}-${i.metric}-${n}`}>
                <span className={`pill ${i.severity === 'FAIL' ? 'pill-bad' : 'pill-warn'}`}>
                  {i.severity.toLowerCase()}
                </span>
                <strong>{i.metric}</strong>{' '}
                <span className="muted">({i.check.toLowerCase().replace('_', ' ')})</span>
                {i.observed != null && (
                  <span>
                    {' '}
                    observed {number(i.observed)}
                    {i.expectedLow != null && i.expectedHigh != null && (
                      <>
                        , expected {number(i.expectedLow)} – {number(i.expectedHigh)}
                      </>
                    )}
                    {i.anomalyScore != null && (
                      <span className="muted"> · anomaly score {i.anomalyScore.toFixed(2)}</span>
                    )}
                  </span>
                )}
                <div>{i.explanation}</div>
                {i.relatedUrn && (
                  <div>
                    about <Link to={datasetPath(i.relatedUrn)}>{i.relatedUrn}</Link>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Checks</h4>
      <div className="table-scroll">
        <table className="checks">
          <tbody>
            {result.checks.map((c) => (
              <tr key={c.check}>
                <th scope="row">{c.check.toLowerCase().replace('_', ' ')}</th>
                <td>
                  <span
                    className={`pill ${c.status === 'FAIL' ? 'pill-bad' : c.status === 'WARN' ? 'pill-warn' : c.status === 'PASS' ? 'pill-good' : ''}`}
                  >
                    {c.status.toLowerCase()}
                  </span>
                </td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.recommendations.length > 0 && (
        <>
          <h4>Recommendations</h4>
          <ul>
            {result.recommendations.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {result.alternatives.length > 0 && (
        <>
          <h4>Healthy alternatives</h4>
          <ul>
            {result.alternatives.map((a) => (
              <li key={a.urn}>
                <Link to={datasetPath(a.urn)}>{a.name}</Link>{' '}
                <span className="muted">{formatPercent(a.schemaOverlap)} schema overlap</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
