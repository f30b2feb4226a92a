import { afterAll, describe, expect, it } from 'vitest';
import { CatalogNeighbours } from './catalog-neighbours.js';
import { MiniLmEmbedder } from './minilm-embedder.js';

const embedder = new MiniLmEmbedder({ threads: 1 });
afterAll(() => embedder.close());

const words = (found: Map<string, { word: string }[]>, word: string) =>
  (found.get(word) ?? []).map((n) => n.word);

describe('CatalogNeighbours (the catalog’s words nearest a question’s, by MiniLM)', () => {
  it('finds the words a catalog spells for the words a user says, never the word itself', async () => {
    const vocabulary = new CatalogNeighbours(embedder);
    vocabulary.put('urn:stores', 'acme.erp.stores', ['store_id', 'city', 'square_feet', 'opened_on']);
    vocabulary.put('urn:coupons', 'shop.coupons', ['coupon_code', 'discount_pct', 'valid_until']);
    vocabulary.put('urn:singer', 'concert_singer.singer', ['Singer_ID', 'Name', 'Country', 'Age']);
    await vocabulary.prepare();
    const found = await vocabulary.nearest(['towns', 'shop', 'voucher', 'singers', 'city'], 2, 0.5);
    expect(words(found, 'towns')).toContain('city');
    expect(words(found, 'shop')).toContain('store');
    expect(words(found, 'voucher')).toContain('coupon');
    // A plural is looked up by its singular and does not find it as a neighbour.
    expect(words(found, 'singers')).not.toContain('singer');
    expect(words(found, 'city')).not.toContain('city');
    for (const near of found.values()) for (const n of near) expect(n.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it('forgets the words of a removed dataset, keeping those another dataset still uses', async () => {
    const vocabulary = new CatalogNeighbours(embedder);
    vocabulary.put('urn:a', 'db.warehouses', ['warehouse_id', 'city']);
    vocabulary.put('urn:b', 'db.customers', ['customer_id', 'city']);
    // warehouses, warehouse, city; customers, customer.
    expect(vocabulary.size).toBe(5);
    vocabulary.remove('urn:a');
    expect(vocabulary.size).toBe(3);
    const found = await vocabulary.nearest(['depot', 'town'], 3, 0.3);
    expect(words(found, 'depot')).not.toContain('warehouse');
    expect(words(found, 'town')).toContain('city');
  });

  it('keeps only the neighbours close to what the whole question means, when it is given', async () => {
    const vocabulary = new CatalogNeighbours(embedder);
    vocabulary.put('urn:stays', 'hotel.stays', ['guest_id', 'checkin_date']);
    vocabulary.put('urn:payments', 'shop.payments', ['order_id', 'payment_method']);
    const [question] = await embedder.embed(['how many times each voucher was used at checkout'], {
      priority: 'query',
    });
    const alone = await vocabulary.nearest(['checkout'], 3, 0.4);
    expect(words(alone, 'checkout')).toEqual(expect.arrayContaining(['checkin', 'payment']));
    const meant = await vocabulary.nearest(['checkout'], 3, 0.4, { vector: question!, min: 0.15 });
    expect(words(meant, 'checkout')).toContain('payment');
    expect(words(meant, 'checkout')).not.toContain('checkin');
  });
});
