import { describe, expect, it } from 'vitest';
import { isPiiTerm } from '../../adapters/metrics/de-metric-judges.js';
import { missedTargets, targetOf } from './targets.js';

describe('metric targets', () => {
  it('refuses unknown metrics, shares out of 0..1 and group targets without a key, with codes', () => {
    expect(() => targetOf({ metric: 'nope', value: 1 }, 'me', 0)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_METRIC' }),
    );
    expect(() => targetOf({ metric: 'table_documentation', value: 95 }, 'me', 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_TARGET' }),
    );
    expect(() =>
      targetOf({ metric: 'table_documentation', dimension: 'LAYER', value: 0.9 }, 'me', 0),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TARGET' }));
    expect(() =>
      targetOf({ metric: 'search_questions', dimension: 'LAYER', key: 'gold', value: 1 }, 'me', 0),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TARGET' }));
  });

  it('finds the targets a day misses, in its scope only', () => {
    const gold = targetOf(
      { metric: 'table_documentation', dimension: 'LAYER', key: 'gold', value: 0.95 },
      'me',
      0,
    );
    const failures = targetOf({ metric: 'validations_failed', comparison: 'AT_MOST', value: 2 }, 'me', 0);
    const missed = missedTargets(
      [gold, failures],
      [
        { metric: 'table_documentation', dimension: 'LAYER', key: 'gold', value: 0.9 },
        { metric: 'table_documentation', dimension: 'CATALOG', key: '', value: 0.99 },
        { metric: 'validations_failed', dimension: 'CATALOG', key: '', value: 2 },
      ],
    );
    expect(missed).toEqual([{ target: gold, value: 0.9 }]);
  });

  it('knows PII glossary terms by their node or their name', () => {
    expect(isPiiTerm('urn:li:glossaryTerm:PII.EmailAddress')).toBe(true);
    expect(isPiiTerm('urn:li:glossaryTerm:Classification.email_address')).toBe(true);
    expect(isPiiTerm('urn:li:glossaryTerm:Finance.Revenue')).toBe(false);
  });
});
