import { describe, expect, it } from 'vitest';
import { LexicalPostings, WEIGHTS } from './lexical-postings.js';

const idf = (lexeme: string, value = 1) => ({ lexeme, idf: value });

describe('LexicalPostings', () => {
  it('scores a document by idf × the best field weight of each term it holds, best first', () => {
    const index = new LexicalPostings();
    index.put('urn:orders', 'h1', { order: 'A', custom: 'B' });
    index.put('urn:customers', 'h2', { custom: 'A', order: 'C' });
    index.put('urn:events', 'h3', { event: 'A' });
    const hits = index.score([idf('order', 2), idf('custom', 1)], new Set(['order', 'custom']), 10);
    expect(hits).toEqual([
      { urn: 'urn:orders', score: 2 * WEIGHTS.A + WEIGHTS.B },
      { urn: 'urn:customers', score: 2 * WEIGHTS.C + WEIGHTS.A },
    ]);
  });

  it('discounts a description match in a document described at greater length than the average', () => {
    const index = new LexicalPostings();
    const verbose = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`word${i}`, 'C' as const]));
    index.put('urn:terse', 'h', { widget: 'C' });
    index.put('urn:verbose', 'h', { widget: 'C', ...verbose });
    index.put('urn:named', 'h', { widget: 'A', ...verbose });
    // Descriptions average 42 / 3 = 14 class-C words; a name match is never discounted.
    const hits = index.score([idf('widget')], new Set(['widget']), 10);
    expect(hits.map((h) => h.urn)).toEqual(['urn:named', 'urn:terse', 'urn:verbose']);
    expect(hits[0]!.score).toBe(WEIGHTS.A);
    expect(hits[1]!.score).toBe(WEIGHTS.C);
    expect(hits[2]!.score).toBeLessThan(WEIGHTS.C);
    // Removing the long documents moves the average: what is left is average and not discounted.
    index.remove('urn:terse');
    index.remove('urn:named');
    expect(index.score([idf('widget')], new Set(['widget']), 10)).toEqual([
      { urn: 'urn:verbose', score: WEIGHTS.C },
    ]);
  });

  it('scales a sum by the share of the question a document holds', () => {
    const index = new LexicalPostings();
    index.put('urn:both', 'h', { a: 'B', b: 'C' });
    index.put('urn:one', 'h', { a: 'A' });
    // Without coordination urn:one (3) would lead urn:both (2.6); it holds half the question's idf.
    expect(index.score([idf('a'), idf('b')], new Set(['a', 'b']), 10)).toEqual([
      { urn: 'urn:both', score: WEIGHTS.B + WEIGHTS.C },
      { urn: 'urn:one', score: WEIGHTS.A * 0.75 },
    ]);
  });

  it('scores an expansion term without counting it in the share of the question a document holds', () => {
    const index = new LexicalPostings();
    index.put('urn:asked', 'h', { client: 'A' });
    index.put('urn:synonym', 'h', { customer: 'A' });
    const terms = [idf('client'), { lexeme: 'customer', idf: 0.5, expansion: true }];
    // The synonym's match scores at its own idf, the question's word holds the whole question.
    expect(index.score(terms, new Set(['client', 'customer']), 10)).toEqual([
      { urn: 'urn:asked', score: WEIGHTS.A },
      { urn: 'urn:synonym', score: 0.5 * WEIGHTS.A * 0.5 },
    ]);
  });

  it('only admits documents holding a selecting term, which the others then add to', () => {
    const index = new LexicalPostings();
    index.put('urn:a', 'h', { rare: 'D', common: 'A' });
    index.put('urn:b', 'h', { common: 'A' });
    const hits = index.score([idf('rare', 5), idf('common', 0.1)], new Set(['rare']), 10);
    expect(hits).toEqual([{ urn: 'urn:a', score: 5 * WEIGHTS.D + 0.1 * WEIGHTS.A }]);
  });

  it('keeps to the allowed documents, breaks ties by urn and cuts at k', () => {
    const index = new LexicalPostings();
    for (const urn of ['urn:c', 'urn:a', 'urn:b', 'urn:d']) index.put(urn, 'h', { word: 'B' });
    const terms = [idf('word')];
    expect(index.score(terms, new Set(['word']), 2).map((h) => h.urn)).toEqual(['urn:a', 'urn:b']);
    expect(index.score(terms, new Set(['word']), 10, new Set(['urn:d', 'urn:b'])).map((h) => h.urn)).toEqual([
      'urn:b',
      'urn:d',
    ]);
  });

  it('keeps to an allowed list longer than the candidates as it keeps to the same set', () => {
    const index = new LexicalPostings();
    for (const urn of ['urn:c', 'urn:a', 'urn:b', 'urn:d']) index.put(urn, 'h', { word: 'B' });
    index.put('urn:e', 'h', { other: 'A' });
    const terms = [idf('word')];
    // More urns than candidates (and one twice, one unknown): the list is matched against the candidates.
    const allowed = ['urn:x', 'urn:d', 'urn:e', 'urn:b', 'urn:d', 'urn:y'];
    expect(index.score(terms, new Set(['word']), 10, allowed)).toEqual(
      index.score(terms, new Set(['word']), 10, new Set(allowed)),
    );
    expect(index.score(terms, new Set(['word']), 10, allowed).map((h) => h.urn)).toEqual(['urn:b', 'urn:d']);
    expect(index.score(terms, new Set(['word']), 10, ['urn:a']).map((h) => h.urn)).toEqual(['urn:a']);
  });

  it('replaces a changed document and forgets a removed one, document frequencies with them', () => {
    const index = new LexicalPostings();
    index.put('urn:a', 'v1', { old: 'A', shared: 'B' });
    index.put('urn:b', 'v1', { shared: 'A' });
    expect(index.docFrequency('shared')).toBe(2);
    index.put('urn:a', 'v2', { new: 'A' });
    expect(index.hashOf('urn:a')).toBe('v2');
    expect(index.docFrequency('old')).toBe(0);
    expect(index.docFrequency('shared')).toBe(1);
    expect(index.score([idf('old')], new Set(['old']), 10)).toEqual([]);
    expect(index.score([idf('new')], new Set(['new']), 10).map((h) => h.urn)).toEqual(['urn:a']);
    index.remove('urn:b');
    expect(index.size).toBe(1);
    expect(index.docFrequency('shared')).toBe(0);
    expect(index.score([idf('shared')], new Set(['shared']), 10)).toEqual([]);
  });

  it('answers the same after dead slots are compacted away', () => {
    const index = new LexicalPostings();
    for (let i = 0; i < 300; i++)
      index.put(`urn:${String(i).padStart(3, '0')}`, 'v1', { word: i % 2 ? 'A' : 'C' });
    // Rewriting most documents leaves more dead slots than the compaction threshold, several times over.
    for (let i = 0; i < 250; i++)
      index.put(`urn:${String(i).padStart(3, '0')}`, 'v2', { word: 'B', other: 'D' });
    expect(index.size).toBe(300);
    expect(index.docFrequency('word')).toBe(300);
    expect(index.docFrequency('other')).toBe(250);
    const hits = index.score([idf('word'), idf('other')], new Set(['word']), 400);
    expect(hits).toHaveLength(300);
    // Those holding `word` only hold half the question (coordination).
    expect(hits[0]).toEqual({ urn: 'urn:251', score: WEIGHTS.A * 0.75 });
    expect(hits.find((h) => h.urn === 'urn:000')).toEqual({ urn: 'urn:000', score: WEIGHTS.B + WEIGHTS.D });
    expect(hits.find((h) => h.urn === 'urn:298')).toEqual({ urn: 'urn:298', score: WEIGHTS.C * 0.75 });
  });
});
