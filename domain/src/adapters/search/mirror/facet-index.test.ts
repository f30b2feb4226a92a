import { describe, expect, it } from 'vitest';
import { FacetIndex, type Facets } from './facet-index.js';

const facets = (over: Partial<Omit<Facets, 'urn'>> = {}): Omit<Facets, 'urn'> => ({
  platform: 'urn:li:dataPlatform:snowflake',
  domain: null,
  layer: null,
  container: null,
  tags: [],
  terms: [],
  owners: [],
  consumers: [],
  deprecated: 'false',
  ...over,
});

describe('FacetIndex', () => {
  const index = new FacetIndex();
  index.put('urn:a', facets({ tags: ['pii'], domain: 'finance', container: 'db1' }));
  index.put('urn:b', facets({ tags: ['pii', 'gold'], domain: 'marketing', container: 'db1' }));
  index.put('urn:c', facets({ platform: 'urn:li:dataPlatform:kafka', domain: 'finance', container: 'db2' }));

  it('ANDs clauses and ORs the alternatives inside one, on scalar and list columns alike', () => {
    expect(index.filter([[{ column: 'tags', values: ['pii'] }]], 10)).toEqual(['urn:a', 'urn:b']);
    expect(
      index.filter(
        [[{ column: 'tags', values: ['pii'] }], [{ column: 'domain', values: ['finance', 'sales'] }]],
        10,
      ),
    ).toEqual(['urn:a']);
    expect(
      index.filter(
        [
          [
            { column: 'domain', values: ['marketing'] },
            { column: 'urn', values: ['urn:c'] },
          ],
        ],
        10,
      ),
    ).toEqual(['urn:b', 'urn:c']);
    expect(index.filter([[{ column: 'owners', values: ['nobody'] }]], 10)).toEqual([]);
    expect(index.filter([], 2)).toEqual(['urn:a', 'urn:b']);
  });

  it('counts containers, and follows a document that moves or goes away', () => {
    expect(index.containerSizes(['db1', 'db2', 'db9'])).toEqual(
      new Map([
        ['db1', 2],
        ['db2', 1],
      ]),
    );
    index.put('urn:b', facets({ container: 'db2' }));
    expect(index.containerSizes(['db1', 'db2'])).toEqual(
      new Map([
        ['db1', 1],
        ['db2', 2],
      ]),
    );
    expect(index.filter([[{ column: 'tags', values: ['gold'] }]], 10)).toEqual([]);
    index.remove('urn:c');
    expect(index.filter([[{ column: 'container', values: ['db2'] }]], 10)).toEqual(['urn:b']);
    expect(index.size).toBe(2);
  });

  it('answers a long urn list it has seen before from what it kept, until a document comes or goes', () => {
    const kept = new FacetIndex();
    const urns = Array.from({ length: 1500 }, (_, i) => `urn:${i}`);
    for (const urn of urns.slice(0, 1000)) kept.put(urn, facets({ tags: ['pii'] }));
    const list = [...urns].reverse();
    const clauses = [
      [{ column: 'urn' as const, values: list }],
      [{ column: 'tags' as const, values: ['pii'] }],
    ];
    expect(kept.filter(clauses, 5000)).toHaveLength(1000);
    // The same list again, after a document it names was indexed and one it names was removed.
    kept.put('urn:1200', facets({ tags: ['pii'] }));
    kept.remove('urn:0');
    const again = kept.filter(clauses, 5000);
    expect(again).toHaveLength(1000);
    expect(again).toContain('urn:1200');
    expect(again).not.toContain('urn:0');
  });
});
