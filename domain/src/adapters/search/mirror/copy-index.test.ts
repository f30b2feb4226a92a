import { describe, expect, it } from 'vitest';
import { CopyIndex } from './copy-index.js';
import type { CopyCandidate } from '../../../ports/search-documents.js';

const candidate = (urn: string, over: Partial<CopyCandidate> = {}): CopyCandidate => ({
  urn,
  copyKey: 'orders',
  platform: { urn: 'urn:li:dataPlatform:snowflake', name: 'Snowflake' },
  layer: null,
  curated: false,
  deprecated: false,
  documentation: 0,
  usage: 0,
  upstreams: [],
  downstreams: [],
  columns: ['order_id', 'amount'],
  ...over,
});

describe('CopyIndex', () => {
  it('lists the documents of a copy key in urn order, one column list shared by those that have the same', () => {
    const index = new CopyIndex();
    index.put(candidate('urn:c'));
    index.put(candidate('urn:a', { upstreams: ['urn:c'] }));
    index.put(candidate('urn:b', { copyKey: 'customers', columns: ['customer_id'] }));
    const orders = index.members('orders');
    expect(orders.map((c) => c.urn)).toEqual(['urn:a', 'urn:c']);
    expect(orders[0]!.upstreams).toEqual(['urn:c']);
    expect(orders[0]!.columns).toBe(orders[1]!.columns);
    expect(index.members('customers').map((c) => c.urn)).toEqual(['urn:b']);
    expect(index.members('nothing')).toEqual([]);
  });

  it('follows a document that changes, moves to another copy key or goes away', () => {
    const index = new CopyIndex();
    index.put(candidate('urn:a'));
    index.put(candidate('urn:b'));
    expect(index.members('orders').map((c) => c.curated)).toEqual([false, false]);
    index.put(candidate('urn:b', { curated: true, layer: 'gold' }));
    expect(index.members('orders').map((c) => [c.urn, c.curated, c.layer])).toEqual([
      ['urn:a', false, null],
      ['urn:b', true, 'gold'],
    ]);
    index.put(candidate('urn:a', { copyKey: 'sales' }));
    expect(index.members('orders').map((c) => c.urn)).toEqual(['urn:b']);
    expect(index.members('sales').map((c) => c.urn)).toEqual(['urn:a']);
    index.remove('urn:b');
    expect(index.members('orders')).toEqual([]);
    expect(index.size).toBe(1);
  });
});
