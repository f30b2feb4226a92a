import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartRows, type SeriesLike } from './metrics-data';

const COLOURS = ['#1f5fa8', '#1d7a3c', '#9a5b00', '#b3261e', '#6b3fa0', '#00838f', '#8a6d3b', '#555'];

/** One metric over time, a line per group, with its target as a dashed line. Loaded lazily with Recharts. */
export default function MetricsChart({
  series,
  target,
  share,
  label,
}: {
  series: readonly SeriesLike[];
  target: number | null;
  share: boolean;
  label: (key: string) => string;
}) {
  const rows = chartRows(series);
  const keys = series.map((s) => s.key || 'catalog');
  return (
    <div className="metrics-chart" role="img" aria-label={`${series[0]?.metric ?? 'metric'} over time`}>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
          <YAxis
            domain={share ? [0, 1] : ['auto', 'auto']}
            tickFormatter={(v: number) =>
              share ? `${Math.round(v * 100)}%` : Intl.NumberFormat('en', { notation: 'compact' }).format(v)
            }
          />
          <Tooltip
            formatter={(v) => (share ? `${(Number(v) * 100).toFixed(1)}%` : Number(v).toLocaleString('en'))}
          />
          <Legend formatter={(k: string) => label(k)} />
          {keys.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              name={k}
              dot={false}
              stroke={COLOURS[i % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
          {target !== null && (
            <ReferenceLine
              y={target}
              stroke="#b3261e"
              strokeDasharray="6 4"
              label={{ value: 'target', position: 'insideTopRight' }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
