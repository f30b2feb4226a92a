import { afterAll, describe, expect, it } from 'vitest';
import { MiniLmEmbedder } from '../../adapters/search/minilm-embedder.js';
import type { CatalogView } from './catalog-view.js';
import { testDataset, testField } from './test-catalog.js';
import { semanticTermProposals } from './semantic-terms.js';

const field = (fieldPath: string, description: string | null = null, termUrns: string[] = []) =>
  testField(fieldPath, { description, termUrns });

/** Business terms by meaning, with the default embedded model (all-MiniLM-L6-v2, run here). */
describe('semanticTermProposals', () => {
  const embedder = new MiniLmEmbedder({ threads: 1 });
  afterAll(() => embedder.close());

  it("proposes the glossary's term a column means but does not spell; nothing for PII, termed or unrelated columns", async () => {
    const metrics = testDataset('customer_metrics', 'snowflake', {
      fields: [
        field('lifetime_revenue', 'Revenue from the customer over the whole relationship'),
        field('warehouse_code'),
        field('customer_email'),
        field('churn_probability', null, ['urn:li:glossaryTerm:churn']),
      ],
    });
    const catalog: CatalogView = {
      datasets: new Map([[metrics.urn, metrics]]),
      terms: [
        { urn: 'urn:li:glossaryTerm:clv', name: 'Customer Lifetime Value', parentName: null },
        { urn: 'urn:li:glossaryTerm:churn', name: 'Churn Rate', parentName: null },
        { urn: 'urn:li:glossaryTerm:doc', name: 'Days of Cover', parentName: null },
        { urn: 'urn:li:glossaryTerm:email', name: 'Email Address', parentName: null },
      ],
      domains: [],
    };
    const proposals = await semanticTermProposals(catalog, embedder, []);
    expect(proposals.map((p) => [p.fieldPath, p.value.kind === 'glossary_term' && p.value.termName])).toEqual(
      [['lifetime_revenue', 'Customer Lifetime Value']],
    );
    expect(proposals[0]!.evidence[0]!.detail).toMatch(/close in meaning .* \(cosine 0\.\d\d, minilm-l6-v2\)/);
    expect(proposals[0]!.confidence).toBeLessThanOrEqual(0.7);
    // A column that got a term by name is left to that proposal.
    const byName = await semanticTermProposals(catalog, embedder, proposals);
    expect(byName).toEqual([]);
  }, 120_000);
});
