import { lruCaches } from '@dataspoke/platform/cache/bounded-cache';

/**
 * Identifier words: how search splits the names catalogs use (`customer_id`, `orderDate`, `db.schema.table`)
 * into the words a question uses, for search documents, question understanding and joins alike.
 */

/**
 * Short strings (column and table names) split before; a catalog repeats them across many datasets, and
 * joins and text-to-SQL contexts split the same few again and again. A memo of a pure function, shared by
 * every caller in the process (the one search cache no instance owns).
 */
const splitWords = lruCaches<string, string>('identifier words', { max: 50_000 });

/** Splits identifiers into words: `customer_id`, `orderDate`, `db.schema.table`. */
export function identifierWords(text: string): string {
  const memo = text.length <= 64;
  if (memo) {
    const known = splitWords.get(text);
    if (known !== undefined) return known;
  }
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
  if (memo) splitWords.set(text, words);
  return words;
}
