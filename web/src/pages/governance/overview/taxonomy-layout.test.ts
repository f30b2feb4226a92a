import { describe, expect, it } from 'vitest';
import { taxonomyLayout } from './taxonomy-layout';

describe('taxonomy layout', () => {
  it('places glossary, datasets and domains in columns, keeping at most so many per column', () => {
    const nodes = [
      { id: 'n', kind: 'GLOSSARY_NODE', label: 'Classification', size: 0 },
      { id: 't', kind: 'GLOSSARY_TERM', label: 'PII', size: 2 },
      { id: 'd1', kind: 'DATASET', label: 'orders', size: 1 },
      { id: 'd2', kind: 'DATASET', label: 'customers', size: 1 },
      { id: 'sales', kind: 'DOMAIN', label: 'Sales', size: 2 },
    ];
    const edges = [
      { source: 't', target: 'n', kind: 'CHILD_OF' },
      { source: 'd1', target: 't', kind: 'HAS_TERM' },
      { source: 'd2', target: 't', kind: 'HAS_TERM' },
      { source: 'd2', target: 'sales', kind: 'IN_DOMAIN' },
    ];
    const laid = taxonomyLayout(nodes, edges, 1);
    expect(laid.nodes.map((n) => [n.id, n.x, n.y])).toEqual([
      ['n', 0, 0],
      ['t', 260, 0],
      ['d1', 780, 0],
      ['sales', 1040, 0],
    ]);
    expect(laid.hidden).toBe(1);
    expect(laid.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['t>n', 'd1>t']);
  });
});
