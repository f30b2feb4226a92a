import { describe, expect, it } from 'vitest';
import { groupNearDuplicates, highlight, parseQuery, removeChip, removeUnderstood } from './search';

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

  it('removing an understood filter cuts the words the server says it came from, cue words and all', () => {
    // The span as the server gives it: in the question sent, the box's text without its chips.
    const cut = (input: string, matched: string, nth = 0) => {
      const question = parseQuery(input).text;
      let start = question.indexOf(matched);
      for (let i = 0; i < nth; i++) start = question.indexOf(matched, start + 1);
      return removeUnderstood(input, question, { matched, start, end: start + matched.length });
    };
    expect(cut('customer tables tagged PII', 'tagged PII')).toBe('customer tables');
    expect(cut('emails with the PII tag, daily', 'with the PII tag')).toBe('emails, daily');
    expect(cut('orders in the Customer_Data domain, daily', 'in the Customer_Data domain')).toBe(
      'orders, daily',
    );
    expect(
      cut('orders on snowflake and used by the weekly Revenue board', 'used by the weekly Revenue board'),
    ).toBe('orders on snowflake');
    // Chips typed in the box stay where they are, and text inside a chip is never cut.
    expect(cut('tag:"tagged PII" platform:s3 orders tagged PII daily', 'tagged PII')).toBe(
      'tag:"tagged PII" platform:s3 orders daily',
    );
    // The second of two equal phrases is the second one cut.
    expect(cut('tagged PII or tagged PII x', 'tagged PII', 1)).toBe('tagged PII or x');
    // Words no longer in the box as sent (a chip typed between them): the question is rebuilt, chips after.
    expect(
      removeUnderstood('orders tagged platform:s3 PII', 'orders tagged PII', {
        matched: 'tagged PII',
        start: 7,
        end: 17,
      }),
    ).toBe('orders platform:s3');
    // A span that is not in the question as said changes nothing.
    expect(removeUnderstood('orders tagged PII', 'orders', { matched: 'PII', start: 0, end: 3 })).toBe(
      'orders tagged PII',
    );
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
