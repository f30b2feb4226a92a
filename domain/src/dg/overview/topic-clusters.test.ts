import { afterAll, describe, expect, it } from 'vitest';
import { MiniLmEmbedder } from '../../adapters/search/minilm-embedder.js';
import { embeddingTextOf, tellingWords, topicClusters } from './topic-clusters.js';
import { catalogDataset } from './testing-catalog.js';

const columns = (...paths: string[]) => paths.map((path) => ({ path, terms: [] }));

describe('topic clusters', () => {
  const payments = ['payments', 'payment_refunds', 'payment_disputes', 'payment_methods'].map((n) =>
    catalogDataset(n, { columns: columns('payment_id', 'amount', 'currency', 'card_brand') }),
  );
  const shipments = ['shipments', 'shipment_events', 'shipment_carriers', 'shipment_delays'].map((n) =>
    catalogDataset(n, { columns: columns('shipment_id', 'carrier', 'tracking_number', 'delivered_at') }),
  );
  const termed = catalogDataset('customers', { terms: ['urn:li:glossaryTerm:Customer'] });

  it('groups untermed datasets by what they are about and names each group by its telling words', () => {
    const clusters = topicClusters([...payments, ...shipments, termed]);
    const members = clusters.map((c) => new Set(c.members));
    expect(members).toHaveLength(2);
    const paymentCluster = clusters.find((c) => c.members.includes(payments[0]!.urn))!;
    expect(new Set(paymentCluster.members)).toEqual(new Set(payments.map((d) => d.urn)));
    expect(paymentCluster.words).toContain('payment');
    expect(paymentCluster.name).toContain('payment');
    const shipmentCluster = clusters.find((c) => c.members.includes(shipments[0]!.urn))!;
    expect(shipmentCluster.words).toContain('shipment');
    // Datasets with terms are grouped by their terms, not suggested a topic.
    expect(clusters.flatMap((c) => c.members)).not.toContain(termed.urn);
    // The same catalog gives the same clusters and ids.
    expect(topicClusters([...payments, ...shipments, termed])).toEqual(clusters);
  });

  it('prefers words frequent in the cluster and rare in the catalog', () => {
    const df = new Map([
      ['orders', 50],
      ['refund', 3],
      ['amount', 40],
    ]);
    const words = tellingWords(
      [
        ['orders', 'refund', 'amount'],
        ['orders', 'refund'],
      ],
      df,
      100,
      2,
    );
    expect(words).toEqual(['refund', 'orders']);
  });
});

/** With the search's embedder (the default embedded all-MiniLM-L6-v2, run here), datasets group by meaning. */
describe('topic clusters from sentence embeddings', () => {
  const embedder = new MiniLmEmbedder({ threads: 1 });
  afterAll(() => embedder.close());

  it('groups datasets that share meaning but no word', async () => {
    const money = ['invoices', 'billing_statements', 'payment_receipts', 'refund_ledger'].map((n) =>
      catalogDataset(n),
    );
    const delivery = ['shipments', 'parcel_tracking', 'courier_handoffs', 'delivery_routes'].map((n) =>
      catalogDataset(n),
    );
    const all = [...money, ...delivery];
    const vectors = await embedder.embed(all.map(embeddingTextOf));
    const clusters = topicClusters(all, new Map(all.map((d, i) => [d.urn, vectors[i]!])));
    expect(clusters).toHaveLength(2);
    const groups = clusters.map((c) => new Set(c.members));
    expect(groups).toContainEqual(new Set(money.map((d) => d.urn)));
    expect(groups).toContainEqual(new Set(delivery.map((d) => d.urn)));
    for (const c of clusters) expect(c.words, JSON.stringify(clusters)).toHaveLength(3);
  });
});
