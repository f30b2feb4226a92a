import { identifierWords } from '../shared/identifier-words.js';

/**
 * The words search compares: a text's identifier words, stemmed, and the words that never name anything on
 * their own. Question understanding, evidence and database coherence all match words this way.
 */

/** Words that never name a filter on their own, however a catalog names its tags. */
export const STOP = new Set(
  'a an and are as at be by data dataset datasets do does for from has have in is it its me of on or show table tables that the their there these this to use used using what which who with find list all any get'.split(
    ' ',
  ),
);

export function tokens(text: string): string[] {
  return identifierWords(text)
    .split(' ')
    .filter((t) => t.length > 0);
}

export interface WordAt {
  word: string;
  /** Where the word is in the text: UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

/**
 * The words `tokens` reads, each with where it is in the text, so that what was understood from words can
 * be pointed at in the question as typed. Splits where identifierWords does: non-letters, `orderDate`,
 * `HTTPServer`.
 */
export function wordsAt(text: string): WordAt[] {
  const out: WordAt[] = [];
  for (const run of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const s = run[0];
    const cuts = [0];
    for (const m of s.matchAll(/[a-z0-9](?=[A-Z])|[A-Z](?=[A-Z][a-z])/g)) cuts.push(m.index + 1);
    cuts.push(s.length);
    for (let i = 0; i + 1 < cuts.length; i++)
      out.push({
        word: s.slice(cuts[i], cuts[i + 1]).toLowerCase(),
        start: run.index + cuts[i]!,
        end: run.index + cuts[i + 1]!,
      });
  }
  return out;
}

/** Light stemming for matching names (PII tables ~ PII table, customers ~ customer). */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('es') && /(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
