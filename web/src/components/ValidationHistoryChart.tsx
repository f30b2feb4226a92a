import { useId, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTime } from '../lib/format';
import { chartableMetrics, historySeries, type Run } from './validation-history';

const STATUS_COLOUR = {
  PASS: '#1d7a3c',
  WARN: '#9a5b00',
  FAIL: '#b3261e',
  INSUFFICIENT_HISTORY: '#8a94a0',
} as const;

const day = (t: number) => new Date(t).toISOString().slice(5, 10);

/** Validation history on a time axis: each run's status, and for a chosen metric its observed value against
 * the expected band the validator computed. Loaded lazily with Recharts. */
export default function ValidationHistoryChart({ runs }: { runs: Run[] }) {
  const metrics = chartableMetrics(runs);
  const [metric, setMetric] = useState<string | null>(metrics[0] ?? null);
  const selectId = useId();
  const points = historySeries(runs, metric);
  const hasBand = points.some((p) => p.band);
  const statusRow = points.map((p) => ({ ...p, statusY: 1 }));

  return (
    <div className="validation-history">
      {metrics.length > 0 && (
        <div className="toolbar">
          <label htmlFor={selectId}>Metric</label>
          <select id={selectId} value={metric ?? ''} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <span className="hint">Each run's observed value and its expected band for this metric.</span>
        </div>
      )}
      <div className="chart status-strip" aria-hidden="true">
        <ResponsiveContainer width="100%" height={56}>
          <ComposedChart data={statusRow} margin={{ top: 8, right: 24, bottom: 0, left: 24 }}>
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} hide />
            <YAxis hide domain={[0, 2]} />
            <Scatter
              dataKey="statusY"
              shape={(props: {
                cx?: number;
                cy?: number;
                payload?: { status: keyof typeof STATUS_COLOUR };
              }) => (
                <rect
                  x={(props.cx ?? 0) - 5}
                  y={(props.cy ?? 0) - 8}
                  width={10}
                  height={16}
                  rx={2}
                  fill={STATUS_COLOUR[props.payload?.status ?? 'PASS']}
                />
              )}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {metric && (
        <div
          className="chart"
          role="img"
          aria-label={`${metric}: observed values against the expected band over time`}
        >
          <ResponsiveContainer width="100%" height={280}>
            <ComposedChart data={points} margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={day}
                scale="time"
              />
              <YAxis width={72} />
              <Tooltip
                labelFormatter={(t) => formatTime(Number(t))}
                formatter={(value) =>
                  Array.isArray(value) ? value.map((v) => Number(v).toFixed(2)).join(' – ') : value
                }
              />
              <Legend />
              {hasBand && (
                <Area
                  dataKey="band"
                  name="expected band"
                  stroke="#7aa2e3"
                  fill="#c9dbf7"
                  fillOpacity={0.6}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              )}
              <Line
                dataKey="observed"
                name="observed"
                stroke="#b3261e"
                strokeWidth={2}
                dot={{ r: 4 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      <details>
        <summary>Runs as a table ({runs.length})</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">As of</th>
                <th scope="col">Status</th>
                {metric && <th scope="col">{metric}</th>}
                {metric && <th scope="col">expected</th>}
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.t}>
                  <td>{formatTime(p.t)}</td>
                  <td>{p.status.toLowerCase().replace('_', ' ')}</td>
                  {metric && <td>{p.observed ?? '—'}</td>}
                  {metric && <td>{p.band ? `${p.band[0].toFixed(2)} – ${p.band[1].toFixed(2)}` : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
