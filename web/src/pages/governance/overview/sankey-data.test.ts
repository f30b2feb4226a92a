import { describe, expect, it } from 'vitest';
import { sankeyData } from './sankey-data';

describe('sankey data', () => {
  it('draws the links along the medallion order and lists the others apart', () => {
    const data = sankeyData(
      [
        { layer: 'source', count: 2 },
        { layer: 'bronze', count: 2 },
        { layer: 'silver', count: 3 },
        { layer: 'unknown', count: 1 },
      ],
      [
        { from: 'source', to: 'bronze', count: 2, direction: 'FORWARD' },
        { from: 'bronze', to: 'silver', count: 3, direction: 'FORWARD' },
        { from: 'silver', to: 'silver', count: 1, direction: 'SAME' },
        { from: 'unknown', to: 'silver', count: 1, direction: 'UNKNOWN' },
      ],
    );
    expect(data.nodes.map((n) => n.name)).toEqual(['source', 'bronze', 'silver']);
    expect(data.links).toEqual([
      { source: 0, target: 1, value: 2 },
      { source: 1, target: 2, value: 3 },
    ]);
    expect(data.undrawn.map((l) => `${l.from}>${l.to}`)).toEqual(['silver>silver', 'unknown>silver']);
  });
});
