import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../../../components/query-state';
import { Empty } from '../../../components/states';
import { datasetPath, formatNumber } from '../../../lib/format';
import { TaxonomyOverviewQuery } from './queries';
import { taxonomyLayout } from './taxonomy-layout';

const KIND_CLASS: Record<string, string> = {
  GLOSSARY_NODE: 'tx-node-glossary',
  GLOSSARY_TERM: 'tx-node-term',
  COLUMN: 'tx-node-column',
  DATASET: 'tx-node-dataset',
  DOMAIN: 'tx-node-domain',
  DATA_PRODUCT: 'tx-node-product',
  TOPIC: 'tx-node-topic',
};

const EDGE_LABEL: Record<string, string> = { IS_A: 'is a', HAS_A: 'has a', RELATED_TO: 'related' };

/**
 * The taxonomy as a graph: glossary nodes and terms (with their isA/hasA/related links), the columns and
 * datasets that carry the terms, the domains and data products they belong to, and suggested topics for
 * datasets without terms. Clicking a dataset opens its page; the topics are listed under the graph.
 */
export default function TaxonomyView({ domain }: { domain: string | null }) {
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TaxonomyOverviewQuery,
    variables: { domain },
  });
  const overview = data?.overview;
  const laid = useMemo(() => (overview ? taxonomyLayout(overview.nodes, overview.edges) : null), [overview]);
  const flow = useMemo(() => {
    if (!laid) return { nodes: [] as Node[], edges: [] as Edge[] };
    return {
      nodes: laid.nodes.map((n): Node => ({
        id: n.id,
        position: { x: n.x, y: n.y },
        data: { label: n.size > 1 ? `${n.label} (${n.size})` : n.label },
        className: `tx-node ${KIND_CLASS[n.kind] ?? ''}`,
        connectable: false,
      })),
      edges: laid.edges.map((e, i): Edge => ({
        id: `${e.source}>${e.target}:${i}`,
        source: e.source,
        target: e.target,
        ...(EDGE_LABEL[e.kind] && { label: EDGE_LABEL[e.kind] }),
        className: `tx-edge-${e.kind.toLowerCase()}`,
      })),
    };
  }, [laid]);
  return (
    <QueryState
      result={{ data: overview && laid && { overview, laid }, fetching, error }}
      refetch={refetch}
      what="the taxonomy"
    >
      {({ overview, laid }) => {
        const datasetUrns = new Map(
          overview.nodes.filter((n) => n.kind === 'DATASET').map((n) => [n.id, n.urn]),
        );
        const topics = overview.groups.filter((g) => g.suggested);
        return (
          <div className="taxonomy">
            {laid.nodes.length === 0 ? (
              <Empty>No glossary, domain or dataset to draw.</Empty>
            ) : (
              <div className="taxonomy-canvas" aria-label="Taxonomy graph">
                <ReactFlow
                  key={`${domain ?? ''}:${laid.nodes.length}`}
                  nodes={flow.nodes}
                  edges={flow.edges}
                  fitView
                  nodesDraggable={false}
                  nodesConnectable={false}
                  onNodeClick={(_, node) => {
                    const urn = datasetUrns.get(node.id);
                    if (urn) void navigate(datasetPath(urn));
                  }}
                  proOptions={{ hideAttribution: true }}
                  minZoom={0.05}
                >
                  <Background />
                  <Controls showInteractive={false} />
                </ReactFlow>
              </div>
            )}
            <p className="hint">
              Left to right: glossary nodes, terms, columns and datasets carrying them, domains and data
              products, suggested topics. {formatNumber(overview.datasets)} datasets in scope
              {laid.hidden + overview.truncated > 0 &&
                `; ${formatNumber(laid.hidden + overview.truncated)} nodes not drawn (pick a domain to see them)`}
              . Click a dataset to open it.
            </p>
            <h3>Suggested topics ({formatNumber(topics.length)})</h3>
            {topics.length === 0 ? (
              <Empty>Every dataset carries glossary terms.</Empty>
            ) : (
              <ul className="topics" aria-label="Suggested topics">
                {topics.map((t) => (
                  <li key={t.id}>
                    <strong>{t.label}</strong>{' '}
                    <span className="muted">({formatNumber(t.members)} datasets without terms)</span>
                  </li>
                ))}
              </ul>
            )}
            <p className="hint">
              Topics group datasets that carry no glossary term by the words of their names, descriptions and
              columns; they are suggestions for the glossary, not part of it.{' '}
              <Link to="/doc-review">Review suggested terms</Link>.
            </p>
          </div>
        );
      }}
    </QueryState>
  );
}
