import { describe, expect, it } from 'vitest';
import { groupNearDuplicates, highlight, parseQuery, removeChip, removePhrase } from './search';

describe('search helpers', () => {
  it('reads platform, domain and tag filters out of what was typed', () => {
    expect(parseQuery('daily revenue platform:snowflake tag:"SLA-critical" domain:sales')).toEqual({
      text: 'daily revenue',
      chips: [
        { kind: 'platform', value: 'snowflake' },
        { kind: 'tag', value: 'SLA-critical' },
        { kind: 'domain', value: 'sales' },
      ],
    });
    expect(parseQuery('orders')).toEqual({ text: 'orders', chips: [] });
  });

  it('removing a chip edits only that filter out of the text', () => {
    expect(removeChip('orders platform:s3 tag:PII', { kind: 'platform', value: 's3' })).toBe(
      'orders tag:PII',
    );
  });

  it('removing an understood filter takes the words that made it explicit along', () => {
    expect(removePhrase('customer tables tagged PII', 'PII')).toBe('customer tables');
    expect(removePhrase('emails with the PII tag, daily', 'PII')).toBe('emails , daily');
    expect(removePhrase('campaigns in the Marketing domain', 'Marketing')).toBe('campaigns');
    expect(removePhrase('orders on snowflake', 'snowflake')).toBe('orders');
    expect(removePhrase('tables used by the Revenue dashboard', 'Revenue')).toBe('tables');
    expect(removePhrase('orders domain:"Customer Data" daily', 'domain:"Customer Data"')).toBe(
      'orders daily',
    );
    // A word that merely contains the phrase stays.
    expect(removePhrase('PIIX tagged PII', 'PII')).toBe('PIIX');
  });

  it('marks every query term in the evidence, case-insensitively', () => {
    expect(highlight('Net Revenue by store', 'revenue STORE')).toEqual([
      { text: 'Net ', hit: false },
      { text: 'Revenue', hit: true },
      { text: ' by ', hit: false },
      { text: 'store', hit: true },
    ]);
    expect(highlight('a.b', '')).toEqual([{ text: 'a.b', hit: false }]);
    // Characters that mean something in a regular expression are taken literally.
    expect(highlight('x(1)', '(1)').some((s) => s.hit)).toBe(false);
  });

  it('groups near-duplicates under the first one, keeping rank order', () => {
    const groups = groupNearDuplicates(
      ['gold_us.c360', 'gold_eu.orders', 'gold_eu.c360'],
      (s) => s.split('.')[1]!,
    );
    expect(groups).toEqual([
      { key: 'c360', items: ['gold_us.c360', 'gold_eu.c360'] },
      { key: 'orders', items: ['gold_eu.orders'] },
    ]);
  });
});
