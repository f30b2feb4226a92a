import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ResponsiveContainer, Sankey, Tooltip } from 'recharts';
import type { NodeProps } from 'recharts/types/chart/Sankey';
import { useQuery } from 'urql';
import { QueryState } from '../../../components/query-state';
import { Empty } from '../../../components/states';
import { datasetPath, formatNumber, formatPercent, urnId } from '../../../lib/format';
import { MedallionOverviewQuery } from './queries';
import { sankeyData } from './sankey-data';

const LAYER_COLOUR: Record<string, string> = {
  source: '#6b7280',
  bronze: '#a0522d',
  silver: '#7c8a99',
  gold: '#b8860b',
  unknown: '#c4c9d0',
  consumption: '#2f6db5',
};

const SMELL_TITLE: Record<string, string> = {
  GOLD_READS_BRONZE: 'Gold reads bronze',
  GOLD_READS_SOURCE: 'Gold reads a source',
  DASHBOARD_ON_NON_GOLD: 'Dashboard on a non-gold table',
  ORPHANED_SILVER: 'Orphaned silver',
  LINEAGE_CYCLE: 'Lineage cycle',
};

const LIST = 50;

/** A Sankey node: its layer's colour and its name with its count beside it. */
function LayerNode(props: NodeProps) {
  const { x, y, width, height } = props;
  const payload = props.payload as unknown as { name: string; count: number };
  return (
    <g>
      <rect x={x} y={y} width={width} height={height} fill={LAYER_COLOUR[payload.name] ?? '#999'} />
      <text x={x + width + 6} y={y + height / 2} dominantBaseline="middle" fontSize={12}>
        {payload.name} ({formatNumber(payload.count)})
      </text>
    </g>
  );
}

/** The medallion view: flows between layers, smells, and each dataset's inferred layer with its evidence. */
export default function MedallionView({ domain }: { domain: string | null }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MedallionOverviewQuery,
    variables: { domain },
  });
  const [layer, setLayer] = useState('');
  const overview = data?.overview;
  const sankey = useMemo(
    () => (overview?.flows ? sankeyData(overview.flows.nodes, overview.flows.links) : null),
    [overview],
  );
  return (
    <QueryState
      result={{ data: overview, fetching, error }}
      refetch={refetch}
      what="the medallion layers"
      isEmpty={(o) => o.datasets === 0}
      empty="No datasets in this domain."
    >
      {(overview) => {
        const judged = overview.layers.filter(
          (j) => !layer || (j.layer?.toLowerCase() ?? 'unknown') === layer,
        );
        const names = new Map(overview.nodes.map((n) => [n.id, n.label]));
        return (
          <div className="medallion">
            <h3>Flows between layers</h3>
            {sankey && sankey.links.length > 0 ? (
              <figure className="sankey" aria-label="Flows between medallion layers">
                <ResponsiveContainer width="100%" height={320}>
                  <Sankey
                    data={sankey}
                    node={LayerNode}
                    nodePadding={24}
                    margin={{ top: 8, right: 120, bottom: 8, left: 8 }}
                    link={{ stroke: '#9bb7d4', strokeOpacity: 0.5 }}
                  >
                    <Tooltip />
                  </Sankey>
                </ResponsiveContainer>
                <figcaption className="hint">
                  Lineage edges between the layers of {formatNumber(overview.datasets)} datasets (and charts
                  and dashboards reading them).
                  {sankey.undrawn.length > 0 &&
                    ` Not drawn: ${sankey.undrawn.map((l) => `${l.from} → ${l.to} (${l.count})`).join(', ')}.`}
                </figcaption>
              </figure>
            ) : (
              <Empty>No lineage between layers to draw.</Empty>
            )}

            <h3>Smells ({formatNumber(overview.smells.length)})</h3>
            {overview.smells.length === 0 ? (
              <Empty>Nothing looks wrong in the layering.</Empty>
            ) : (
              <ul className="smells" aria-label="Smells">
                {overview.smells.slice(0, LIST).map((s) => (
                  <li key={`${s.kind}:${s.datasetUrn}`}>
                    <span className="pill pill-warn">{SMELL_TITLE[s.kind] ?? s.kind}</span>{' '}
                    <Link to={datasetPath(s.datasetUrn)}>
                      {names.get(s.datasetUrn) ?? urnId(s.datasetUrn)}
                    </Link>
                    : {s.detail}
                  </li>
                ))}
                {overview.smells.length > LIST && (
                  <li className="muted">… and {overview.smells.length - LIST} more</li>
                )}
              </ul>
            )}

            <div className="section-head">
              <h3>Datasets by inferred layer</h3>
              <label>
                Layer{' '}
                <select value={layer} onChange={(e) => setLayer(e.target.value)}>
                  <option value="">All</option>
                  {['source', 'bronze', 'silver', 'gold', 'unknown'].map((l) => (
                    <option key={l} value={l}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="table-scroll">
              <table className="layers">
                <thead>
                  <tr>
                    <th scope="col">Dataset</th>
                    <th scope="col">Layer</th>
                    <th scope="col" className="num">
                      Confidence
                    </th>
                    <th scope="col">Evidence</th>
                  </tr>
                </thead>
                <tbody>
                  {judged.slice(0, LIST).map((j) => (
                    <tr key={j.datasetUrn}>
                      <th scope="row">
                        <Link to={datasetPath(j.datasetUrn)}>
                          {names.get(j.datasetUrn) ?? urnId(j.datasetUrn)}
                        </Link>
                      </th>
                      <td>{j.layer?.toLowerCase() ?? <em>unknown</em>}</td>
                      <td className="num">{formatPercent(j.confidence)}</td>
                      <td>
                        {j.evidence
                          .slice(0, 3)
                          .map((e) => e.detail)
                          .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {(judged.length > LIST || overview.truncated > 0) && (
              <p className="hint">
                Showing {Math.min(LIST, judged.length)} of {formatNumber(judged.length + overview.truncated)};
                pick a domain or a layer to narrow the list.
              </p>
            )}
          </div>
        );
      }}
    </QueryState>
  );
}
