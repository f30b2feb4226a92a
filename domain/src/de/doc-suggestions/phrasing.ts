import type { TextPhraser } from '../../ports/text-phraser.js';
import { tableNameOf } from './catalog-view.js';
import type { Proposal } from './types.js';

/**
 * Lets the configured LLM phrase the descriptions (column, table, similar tables); the deterministic text
 * stays when there is no phraser or the endpoint fails. The prompt carries the proposal's evidence only.
 */
export async function phraseProposals(
  proposals: Proposal[],
  phraser: TextPhraser | null,
  onError: (error: unknown) => void = () => undefined,
): Promise<Proposal[]> {
  if (!phraser) return proposals;
  const out: Proposal[] = [];
  for (const p of proposals) {
    const v = p.value;
    if (v.kind !== 'column_description' && v.kind !== 'table_description' && v.kind !== 'similar_tables') {
      out.push(p);
      continue;
    }
    try {
      const text = await phraser.phrase({
        subject:
          v.kind === 'column_description'
            ? 'column'
            : v.kind === 'table_description'
              ? 'table'
              : 'similar tables',
        name: p.fieldPath ? `${tableNameOf(p.datasetUrn)}.${p.fieldPath}` : tableNameOf(p.datasetUrn),
        draft: v.text,
        evidence: p.evidence.map((e) => `${e.kind}: ${e.detail}`),
      });
      out.push({ ...p, value: { ...v, text }, phrasedBy: 'llm', evidence: [...p.evidence] });
    } catch (error) {
      onError(error);
      out.push(p);
    }
  }
  return out;
}
