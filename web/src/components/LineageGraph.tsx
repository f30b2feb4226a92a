import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import type { LineageHopQuery } from '../gql/graphql';
import { datasetPath, shortName } from '../lib/format';
import {
  addHop,
  layout,
  startModel,
  type Direction,
  type LineageModel,
  type LineageNeighbour,
} from './lineage-model';
import { describeError, Empty, ErrorState, Loading } from './states';

/**
 * Lineage as an interactive graph: one hop upstream and downstream to start with; expanding a dataset loads
 * its next hop in the same direction. A list under the graph offers the same links and buttons to keyboard
 * and screen-reader users.
 */
export const LineageHopQueryDoc = graphql(`
  query LineageHop($urn: String!, $direction: LineageDirection!) {
    dataset(urn: $urn) {
      urn
      lineage(input: { direction: $direction, count: 50 }) {
        total
        relationships {
          type
          entity {
            __typename
            urn
            type
            ... on Dataset {
              name
              platform {
                name
              }
            }
            ... on DataJob {
              jobId
              properties {
                name
              }
            }
            ... on Chart {
              properties {
                name
              }
            }
            ... on Dashboard {
              properties {
                name
              }
            }
          }
        }
      }
    }
  }
`);

type Relationship = NonNullable<NonNullable<LineageHopQuery['dataset']>['lineage']>['relationships'][number];

export function neighboursOf(relationships: Relationship[]): LineageNeighbour[] {
  return relationships.flatMap((r) => {
    const e = r.entity;
    if (!e) return [];
    switch (e.__typename) {
      case 'Dataset':
        return [
          { urn: e.urn, type: e.type, label: shortName(e.name), kind: e.platform.name, relationship: r.type },
        ];
      case 'DataJob':
        return [
          {
            urn: e.urn,
            type: e.type,
            label: e.properties?.name ?? e.jobId,
            kind: 'job',
            relationship: r.type,
          },
        ];
      case 'Chart':
      case 'Dashboard':
        return [
          {
            urn: e.urn,
            type: e.type,
            label: e.properties?.name ?? e.urn,
            kind: e.__typename.toLowerCase(),
            relationship: r.type,
          },
        ];
      default:
        return [{ urn: e.urn, type: e.type, label: e.urn, kind: e.type.toLowerCase(), relationship: r.type }];
    }
  });
}

export default function LineageGraph({
  urn,
  name,
  platform,
}: {
  urn: string;
  name: string;
  platform: string;
}) {
  const client = useClient();
  const [up] = useQuery({ query: LineageHopQueryDoc, variables: { urn, direction: 'UPSTREAM' } });
  const [down] = useQuery({ query: LineageHopQueryDoc, variables: { urn, direction: 'DOWNSTREAM' } });
  const [model, setModel] = useState<LineageModel>(() =>
    startModel({ urn, label: shortName(name), kind: platform }),
  );
  const [expanding, setExpanding] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<string | null>(null);

  // The first hop each way, as the two queries answer.
  useEffect(() => {
    setModel((m) => {
      let next = m;
      const u = up.data?.dataset?.lineage?.relationships;
      const d = down.data?.dataset?.lineage?.relationships;
      if (u) next = addHop(next, urn, 'UPSTREAM', neighboursOf(u));
      if (d) next = addHop(next, urn, 'DOWNSTREAM', neighboursOf(d));
      return next;
    });
  }, [up.data, down.data, urn]);

  const expand = useCallback(
    async (target: string, direction: Direction) => {
      setExpanding(target);
      setExpandError(null);
      const result = await client.query(LineageHopQueryDoc, { urn: target, direction }).toPromise();
      setExpanding(null);
      const relationships = result.data?.dataset?.lineage?.relationships;
      if (!relationships) {
        setExpandError(result.error ? describeError(result.error) : 'No lineage came back.');
        return;
      }
      setModel((m) => addHop(m, target, direction, neighboursOf(relationships)));
    },
    [client],
  );

  const { nodes, edges } = useMemo(() => {
    const positions = layout(model);
    const nodes: Node[] = [...model.nodes.values()].map((n) => ({
      id: n.urn,
      position: positions.get(n.urn) ?? { x: 0, y: 0 },
      data: {
        label: (
          <span className="lineage-node-label">
            <span className="lineage-kind">{n.kind}</span>
            <span className="lineage-name">{n.label}</span>
          </span>
        ),
      },
      className: n.level === 0 ? 'lineage-node lineage-root' : 'lineage-node',
      ariaLabel: `${n.kind} ${n.label}${n.level === 0 ? ' (this dataset)' : ''}`,
      sourcePosition: 'right' as Node['sourcePosition'],
      targetPosition: 'left' as Node['targetPosition'],
    }));
    const edges: Edge[] = [...model.edges.values()].map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes, edges };
  }, [model]);

  if ((up.fetching || down.fetching) && model.nodes.size === 1) return <Loading what="lineage" />;
  if (up.error && down.error && model.nodes.size === 1) return <ErrorState what="lineage" error={up.error} />;

  const others = [...model.nodes.values()].filter((n) => n.level !== 0).sort((a, b) => a.level - b.level);
  return (
    <div className="lineage">
      {others.length === 0 ? (
        <Empty>No lineage: DataHub knows nothing upstream or downstream of this dataset.</Empty>
      ) : (
        <div className="lineage-canvas" aria-label="Lineage graph" role="figure">
          <ReactFlow
            // Re-fit when a hop adds nodes: fitView applies only when the graph is first drawn.
            key={nodes.length}
            nodes={nodes}
            edges={edges}
            fitView
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeDoubleClick={(_, node) => {
              const n = model.nodes.get(node.id);
              if (n && !n.expanded) void expand(n.urn, n.level < 0 ? 'UPSTREAM' : 'DOWNSTREAM');
            }}
            proOptions={{ hideAttribution: true }}
            minZoom={0.2}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
      {expandError && (
        <p className="field-error" role="alert">
          Could not expand: {expandError}
        </p>
      )}
      {others.length > 0 && (
        <details className="lineage-list" open>
          <summary>
            Lineage as a list ({others.length}); double-click a dataset in the graph to expand it
          </summary>
          <ul>
            {others.map((n) => (
              <li key={n.urn}>
                <span className="muted">
                  {n.level < 0 ? `${-n.level} up` : `${n.level} down`} · {n.kind}
                </span>{' '}
                {n.type === 'DATASET' ? (
                  <Link to={datasetPath(n.urn)}>{n.label}</Link>
                ) : (
                  <span>{n.label}</span>
                )}
                {!n.expanded && (
                  <button
                    type="button"
                    className="link-button"
                    disabled={expanding !== null}
                    onClick={() => void expand(n.urn, n.level < 0 ? 'UPSTREAM' : 'DOWNSTREAM')}
                  >
                    {expanding === n.urn ? 'loading…' : n.level < 0 ? 'expand upstream' : 'expand downstream'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
