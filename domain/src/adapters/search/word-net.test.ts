import { describe, expect, it } from 'vitest';
import { WordNet } from './word-net.js';

describe('WordNet', () => {
  const wordNet = new WordNet();

  it('relates a word a catalog does not use to the words it does: synonyms and broader terms', () => {
    expect(wordNet.related('buyers')).toEqual(expect.arrayContaining(['purchaser', 'customer']));
    expect(wordNet.related('postcode')).toEqual(expect.arrayContaining(['zip code', 'zip']));
    expect(wordNet.related('telephone')).toContain('phone');
    expect(wordNet.related('salesperson')).toContain('sales rep');
    expect(wordNet.related('abroad')).toContain('overseas');
  });

  it('leaves out the word itself and knows nothing of a word outside the dictionary', () => {
    expect(wordNet.related('customers')).not.toContain('customer');
    expect(wordNet.related('customer_idx')).toEqual([]);
    expect(wordNet.related('zzqx')).toEqual([]);
  });
});
