import { classifyPii, piiColumnOf, PII_TERM_NAMES } from '../../de/doc-suggestions/pii.js';
import { lateAfterTimeline, OPERATION_HISTORY } from '../../de/freshness.js';
import type { MetricJudges } from '../../dg/metrics/judges.js';

/**
 * The DG metrics' judges from the DE spoke: freshness as the DE spoke learns it (the same operation history
 * the sweep reads), and the documentation suggestions' PII detector and PII term names.
 */

const PII_TERM_WORDS = new Set(Object.values(PII_TERM_NAMES).flat());

/** A PII/personal/sensitive glossary node, or a term named as a PII kind's term (email address, ssn, …). */
export function isPiiTerm(termUrn: string): boolean {
  const id = decodeURIComponent(termUrn.replace(/^urn:li:glossaryTerm:/, '')).toLowerCase();
  if (/(^|[^a-z])(pii|personal|sensitive|gdpr)([^a-z]|$)/.test(id)) return true;
  const last = id.split('.').at(-1)!.replace(/[_-]+/g, ' ').trim();
  return PII_TERM_WORDS.has(last);
}

export const deMetricJudges: MetricJudges = {
  lateness: (operations) => lateAfterTimeline(operations, OPERATION_HISTORY.limit ?? 200),
  piiLike: (table, field, siblings) =>
    classifyPii(
      piiColumnOf(
        table,
        {
          fieldPath: field.fieldPath,
          type: field.type,
          nativeType: field.nativeDataType,
          sampleValues: null,
          description: field.description,
        },
        siblings,
      ),
    ) !== null,
  piiTerm: isPiiTerm,
};
