import { describe, expect, it } from 'vitest';
import { lruCaches } from '@dataspoke/platform/cache/bounded-cache';
import type { IndexedDataset, IndexedField } from '../ports/search-documents.js';
import { findJoins, joinable, type JoinProfile } from './joins.js';

const field = (path: string, isKey = false): IndexedField => ({
  path,
  type: 'STRING',
  nativeType: null,
  description: null,
  isKey,
  tags: [],
  terms: [],
});

const table = (name: string, fields: IndexedField[], upstreams: string[] = []) =>
  ({
    urn: `urn:li:dataset:(urn:li:dataPlatform:test,${name},PROD)`,
    name,
    fields,
    upstreams: upstreams.map((u) => ({
      urn: `urn:li:dataset:(urn:li:dataPlatform:test,${u},PROD)`,
      name: u,
    })),
  }) as unknown as IndexedDataset;

describe('joinable', () => {
  it('joins by a shared key column, a <table>_id column, or a CamelCase <Table>Code', () => {
    const customers = table('shop.customers', [field('customer_id', true), field('email')]);
    const orders = table('shop.orders', [field('order_id', true), field('customer_id'), field('id')]);
    const countries = table('geo.country', [field('Code', true), field('Name')]);
    const cities = table('geo.city', [field('ID', true), field('CountryCode'), field('Name')]);
    const events = table('web.events', [field('id', true), field('name')]);
    expect(joinable(orders, customers)).toBe(true);
    expect(joinable(cities, countries)).toBe(true);
    expect(joinable(countries, cities)).toBe(true);
    // Generic key names on both sides are not a join, nor is a table with itself.
    expect(joinable(events, orders)).toBe(false);
    expect(joinable(orders, orders)).toBe(false);
  });

  it('answers as findJoins does on every pair of a varied catalog', () => {
    let seed = 11;
    const pick = <T>(xs: readonly T[]) => xs[(seed = (seed * 16807) % 2147483647) % xs.length]!;
    const nouns = ['customer', 'order', 'country', 'store', 'product', 'category', 'people', 'city'];
    const shapes = [
      (n: string) => `${n}_id`,
      (n: string) => `${n[0]!.toUpperCase()}${n.slice(1)}Code`,
      (n: string) => `${n}s_key`,
      () => 'id',
      () => 'code',
      () => 'name',
      (n: string) => `${n}_name`,
      () => 'created_at',
      () => 'ID',
    ];
    const tables = Array.from({ length: 60 }, (_, i) => {
      const noun = pick(nouns);
      const fields = Array.from({ length: 2 + (i % 5) }, () =>
        field(pick(shapes)(pick(nouns)), pick([true, false, false])),
      );
      const name = `db${i % 4}.${pick(['', 'tbl_'])}${noun}${pick(['', 's'])}`;
      return table(name, fields, i % 7 === 0 ? [`db0.${pick(nouns)}`] : []);
    });
    let joined = 0;
    // Kept join profiles (as a search's memo keeps them, here fewer than the tables) answer the same.
    const profiles = lruCaches<IndexedDataset, JoinProfile>('test', { max: 16 });
    for (const a of tables)
      for (const b of tables) {
        const expected = findJoins([a, b]).length > 0;
        expect(joinable(a, b), `${a.name} ${b.name}`).toBe(expected);
        expect(joinable(a, b, profiles), `${a.name} ${b.name}, kept`).toBe(expected);
        if (expected) joined++;
      }
    // The catalog has both answers in quantity, so the comparison means something.
    expect(joined).toBeGreaterThan(200);
    expect(joined).toBeLessThan(60 * 60 - 200);
  });
});
