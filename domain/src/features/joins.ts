import type { IndexedDataset, IndexedField } from '../search/documents.js';
import { identifierWords } from './search-index.js';

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

function keyLike(f: IndexedField): boolean {
  const w = identifierWords(f.path).split(' ');
  return f.isKey || KEY_SUFFIX.has(w[w.length - 1]!);
}

/** `customer_id` or `CountryCode` names the key of a table called customers / country. */
function refersTo(column: IndexedField, table: IndexedDataset, key: IndexedField): boolean {
  const c = identifierWords(column.path).split(' ');
  const k = identifierWords(key.path).split(' ');
  if (c.length < 2 || !KEY_SUFFIX.has(c[c.length - 1]!)) return false;
  if (k[k.length - 1] !== c[c.length - 1]) return false;
  const t = identifierWords(shortName(table)).split(' ').map(singular).join(' ');
  return c.slice(0, -1).map(singular).join(' ') === t;
}

export function findJoins(tables: readonly IndexedDataset[]): JoinPath[] {
  const joins: JoinPath[] = [];
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
          if (same && !GENERIC.has(af.path.toLowerCase()) && (keyLike(af) || keyLike(bf))) {
            // The referencing column on the left, the key it points at on the right.
            if (af.isKey && !bf.isKey) push(b, bf, a, af, lineage ? 'lineage' : 'naming');
            else push(a, af, b, bf, lineage ? 'lineage' : 'naming');
          } else if (bf.isKey && refersTo(af, b, bf)) push(a, af, b, bf, 'naming');
          else if (af.isKey && refersTo(bf, a, af)) push(b, bf, a, af, 'naming');
        }
    }
  return joins;
}

/** Whether two datasets join (any path). */
export function joinable(a: IndexedDataset, b: IndexedDataset): boolean {
  return findJoins([a, b]).length > 0;
}
