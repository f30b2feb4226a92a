import { dot, type Embedder } from '../../ports/embedder.js';
import type { CatalogView, DatasetView } from './catalog-view.js';
import { classifyPii, nameTokens, piiColumnOf } from './pii.js';
import { businessTerms, GENERIC, piiTerms } from './taxonomy.js';
import type { Proposal } from './types.js';

/**
 * Business terms by meaning: a column whose name does not spell a term of the catalog's glossary may still mean
 * one (`lifetime_revenue` and "Customer Lifetime Value"). The column's words, table and description and each
 * term's name are embedded with the search's embedder (the embedder port); the closest term is proposed when it
 * is close enough and clearly closer than the next one. Term definitions are left out: they pull in every
 * column of the same subject (`clicks` towards "Return on Ad Spend").
 */

export interface SemanticTermOptions {
  /** Least cosine similarity between the column's text and the term's. */
  minSimilarity: number;
  /** Least lead of the best term over the second best. */
  minLead: number;
}

/**
 * For all-MiniLM-L6-v2 (the default embedded model), chosen by reading what the demo catalog's columns get at
 * 0.5–0.7 (it has no column-level business terms to score against); an operator's other model may need others.
 */
export const SEMANTIC_TERM_DEFAULTS: SemanticTermOptions = { minSimilarity: 0.7, minLead: 0.05 };

const words = (s: string) => nameTokens(s).join(' ');

function columnText(dataset: DatasetView, fieldPath: string, description: string | null): string {
  const base = `${words(fieldPath)} (${words(dataset.name)})`;
  return description ? `${base}: ${description}` : base;
}

/**
 * Term proposals by embedding similarity for the columns of `targets` (all datasets when absent) that carry no
 * term, are not PII and got no term proposal by name (`proposed`).
 */
export async function semanticTermProposals(
  catalog: CatalogView,
  embedder: Embedder,
  proposed: readonly Proposal[],
  targets?: ReadonlySet<string>,
  options: SemanticTermOptions = SEMANTIC_TERM_DEFAULTS,
): Promise<Proposal[]> {
  const terms = businessTerms(catalog.terms, piiTerms(catalog.terms));
  if (terms.length === 0) return [];
  const named = new Set(
    proposed.filter((p) => p.kind === 'glossary_term').map((p) => `${p.datasetUrn}\u001f${p.fieldPath}`),
  );
  const columns: { dataset: DatasetView; fieldPath: string; text: string }[] = [];
  for (const d of catalog.datasets.values()) {
    if (targets && !targets.has(d.urn)) continue;
    for (const f of d.fields) {
      const key = nameTokens(f.fieldPath).join('_');
      if (f.termUrns.length > 0 || named.has(`${d.urn}\u001f${f.fieldPath}`) || GENERIC.test(key)) continue;
      if (
        classifyPii(
          piiColumnOf(
            d.name,
            f,
            d.fields.map((s) => s.fieldPath),
          ),
        )
      )
        continue;
      columns.push({ dataset: d, fieldPath: f.fieldPath, text: columnText(d, f.fieldPath, f.description) });
    }
  }
  if (columns.length === 0) return [];
  const texts = [...new Set(columns.map((c) => c.text))];
  const termTexts = terms.map((t) => t.name);
  const vectors = await embedder.embed([...termTexts, ...texts], { priority: 'bulk' });
  const termVectors = vectors.slice(0, terms.length);
  const byText = new Map(texts.map((t, i) => [t, vectors[terms.length + i]!]));
  const out: Proposal[] = [];
  for (const c of columns) {
    const v = byText.get(c.text)!;
    const scored = termVectors
      .map((tv, i) => ({ term: terms[i]!, similarity: dot(v, tv) }))
      .sort((a, b) => b.similarity - a.similarity);
    const [best, next] = scored;
    if (!best || best.similarity < options.minSimilarity) continue;
    if (next && best.similarity - next.similarity < options.minLead) continue;
    out.push({
      datasetUrn: c.dataset.urn,
      fieldPath: c.fieldPath,
      kind: 'glossary_term',
      value: { kind: 'glossary_term', termUrn: best.term.urn, termName: best.term.name },
      baseline: null,
      evidence: [
        {
          kind: 'glossary',
          detail: `the column's name and description are close in meaning to the term "${best.term.name}" (cosine ${best.similarity.toFixed(2)}, ${embedder.model})`,
          fieldPath: c.fieldPath,
        },
      ],
      confidence: Math.round(Math.min(0.7, best.similarity) * 100) / 100,
      phrasedBy: 'deterministic',
    });
  }
  return out;
}
