import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { IndexedDataset, IndexedField } from '../ports/search-documents.js';
import { identifierWords } from '../shared/identifier-words.js';

/**
 * Join paths between datasets from what a catalog knows without running SQL: lineage between them and
 * key-like naming (the same key column on both sides, or a `<table>_id` / `<table>Code` column pointing at
 * that table's key). Generic key names (`id`, `code`) on both sides are not a join.
 */

export interface JoinPath {
  /** `table.column` */
  left: string;
  right: string;
  /** naming | lineage */
  source: string;
}

const GENERIC = new Set(['id', 'key', 'code', 'no', 'num', 'number', 'name', 'type']);
const KEY_SUFFIX = new Set(['id', 'key', 'code', 'no', 'num']);

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function shortName(d: IndexedDataset): string {
  return d.name.split(/[./]/).pop() ?? d.name;
}

/** The identifier words of a name, as a list. */
type Words = (text: string) => readonly string[];
const wordsOf: Words = (text) => identifierWords(text).split(' ');

function keyLike(f: IndexedField, words: Words = wordsOf): boolean {
  const w = words(f.path);
  return f.isKey || KEY_SUFFIX.has(w[w.length - 1]!);
}

/** `customer_id` or `CountryCode` names the key of a table called customers / country. */
function refersTo(column: IndexedField, table: IndexedDataset, key: IndexedField, words: Words): boolean {
  const c = words(column.path);
  const k = words(key.path);
  if (c.length < 2 || !KEY_SUFFIX.has(c[c.length - 1]!)) return false;
  if (k[k.length - 1] !== c[c.length - 1]) return false;
  const t = words(shortName(table)).map(singular).join(' ');
  return c.slice(0, -1).map(singular).join(' ') === t;
}

export function findJoins(tables: readonly IndexedDataset[]): JoinPath[] {
  const joins: JoinPath[] = [];
  // Every column of every pair of tables is compared: each name is split into words once per call.
  const split = new Map<string, readonly string[]>();
  const words: Words = (text) => {
    let w = split.get(text);
    if (!w) split.set(text, (w = wordsOf(text)));
    return w;
  };
  const seen = new Set<string>();
  const push = (a: IndexedDataset, af: IndexedField, b: IndexedDataset, bf: IndexedField, source: string) => {
    const left = `${shortName(a)}.${af.path}`;
    const right = `${shortName(b)}.${bf.path}`;
    const key = [left, right].sort().join('=');
    if (seen.has(key)) return;
    seen.add(key);
    joins.push({ left, right, source });
  };
  for (const a of tables)
    for (const b of tables) {
      if (a.urn >= b.urn) continue;
      const lineage = a.upstreams.some((u) => u.urn === b.urn) || b.upstreams.some((u) => u.urn === a.urn);
      for (const af of a.fields)
        for (const bf of b.fields) {
          const same = af.path.toLowerCase() === bf.path.toLowerCase();
          if (same && !GENERIC.has(af.path.toLowerCase()) && (keyLike(af, words) || keyLike(bf, words))) {
            // The referencing column on the left, the key it points at on the right.
            if (af.isKey && !bf.isKey) push(b, bf, a, af, lineage ? 'lineage' : 'naming');
            else push(a, af, b, bf, lineage ? 'lineage' : 'naming');
          } else if (bf.isKey && refersTo(af, b, bf, words)) push(a, af, b, bf, 'naming');
          else if (af.isKey && refersTo(bf, a, af, words)) push(b, bf, a, af, 'naming');
        }
    }
  return joins;
}

/** What telling whether a dataset joins another needs of it, worked out once per dataset. */
export interface JoinProfile {
  /** Lower-cased column names, and whether any column of that name is key-like. */
  columns: Map<string, boolean>;
  /** The last word of each key column's name. */
  keySuffixes: Set<string>;
  /** The table's name in singular words, as `<table>_id` columns elsewhere spell it. */
  table: string;
  /** `<table>` and key word of each column shaped like `<table>_id` / `<table>Code`. */
  references: { table: string; suffix: string }[];
}

function profileOf(d: IndexedDataset, profiles?: BoundedCache<IndexedDataset, JoinProfile>): JoinProfile {
  const kept = profiles?.get(d);
  if (kept) return kept;
  const columns = new Map<string, boolean>();
  const keySuffixes = new Set<string>();
  const references: JoinProfile['references'] = [];
  for (const f of d.fields) {
    const lower = f.path.toLowerCase();
    columns.set(lower, (columns.get(lower) ?? false) || keyLike(f));
    const words = identifierWords(f.path).split(' ');
    const last = words[words.length - 1]!;
    if (f.isKey) keySuffixes.add(last);
    if (words.length >= 2 && KEY_SUFFIX.has(last))
      references.push({ table: words.slice(0, -1).map(singular).join(' '), suffix: last });
  }
  const table = identifierWords(shortName(d)).split(' ').map(singular).join(' ');
  const profile = { columns, keySuffixes, table, references };
  profiles?.set(d, profile);
  return profile;
}

function refersToTable(from: JoinProfile, to: JoinProfile): boolean {
  return from.references.some((r) => r.table === to.table && to.keySuffixes.has(r.suffix));
}

/**
 * Whether two datasets join by any path findJoins would find between them (the same answer as
 * `findJoins([a, b]).length > 0`, without comparing every pair of columns: a search weighs it for every
 * table of a database against that database's best ones). Their join profiles are kept in `profiles`.
 */
export function joinable(
  a: IndexedDataset,
  b: IndexedDataset,
  profiles?: BoundedCache<IndexedDataset, JoinProfile>,
): boolean {
  if (a.urn === b.urn) return false;
  const pa = profileOf(a, profiles);
  const pb = profileOf(b, profiles);
  const [small, large] = pa.columns.size <= pb.columns.size ? [pa, pb] : [pb, pa];
  for (const [column, keyish] of small.columns) {
    const other = large.columns.get(column);
    if (other !== undefined && !GENERIC.has(column) && (keyish || other)) return true;
  }
  return refersToTable(pa, pb) || refersToTable(pb, pa);
}
