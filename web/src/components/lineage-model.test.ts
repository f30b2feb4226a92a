import { describe, expect, it } from 'vitest';
import { addHop, COLUMN_WIDTH, layout, startModel } from './lineage-model';

const n = (urn: string, type = 'DATASET') => ({
  urn,
  type,
  label: urn,
  kind: 'snowflake',
  relationship: 'DownstreamOf',
});

describe('lineage model', () => {
  it('places upstream to the left and downstream to the right, edges pointing the way data flows', () => {
    let m = startModel({ urn: 'root', label: 'root', kind: 'snowflake' });
    m = addHop(m, 'root', 'UPSTREAM', [n('a'), n('b')]);
    m = addHop(m, 'root', 'DOWNSTREAM', [n('chart', 'CHART')]);
    const pos = layout(m);
    expect(pos.get('root')).toEqual({ x: 0, y: 0 });
    expect(pos.get('a')?.x).toBe(-COLUMN_WIDTH);
    expect(pos.get('chart')?.x).toBe(COLUMN_WIDTH);
    // Two nodes in a column are centred on the root's row.
    expect((pos.get('a')?.y ?? 0) + (pos.get('b')?.y ?? 0)).toBe(0);
    expect([...m.edges.values()].map((e) => `${e.source}->${e.target}`).sort()).toEqual([
      'a->root',
      'b->root',
      'root->chart',
    ]);
    expect(m.nodes.get('a')?.expanded).toBe(false);
    expect(m.nodes.get('chart')?.expanded).toBe(true); // charts have no lineage to load
  });

  it('expanding a node adds the next hop once, and a node reached twice keeps its place', () => {
    let m = startModel({ urn: 'root', label: 'root', kind: 'x' });
    m = addHop(m, 'root', 'UPSTREAM', [n('a'), n('b')]);
    m = addHop(m, 'a', 'UPSTREAM', [n('src')]);
    m = addHop(m, 'b', 'UPSTREAM', [n('src')]);
    expect(m.nodes.get('src')?.level).toBe(-2);
    expect(m.nodes.get('a')?.expanded).toBe(true);
    expect(m.edges.size).toBe(4);
    expect(addHop(m, 'a', 'UPSTREAM', [n('src')]).edges.size).toBe(4);
  });
});
