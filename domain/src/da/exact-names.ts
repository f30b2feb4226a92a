import type { SearchDocuments } from '../ports/search-documents.js';

/**
 * A question that is a name rather than words: a dataset urn, a table's name (`order_items`), a qualified
 * name (`order_entry.orders`, `bucket/order_entry/orders`) or a table and one of its columns
 * (`orders.customer_id`). The datasets it names exactly rank first, whatever full text and meaning say: a
 * user who types a name wants that table, not the ones whose words resemble it.
 */

/** Datasets one name may answer at most (a table name shared by every region and copy of a catalog). */
const EXACT_CAP = 100;

/** The name a question is, lower case with `/` read as `.`; null for a question in words. */
export function nameOf(question: string): string | null {
  const q = question.trim();
  if (q === '' || q.length > 500 || /\s/.test(q)) return null;
  if (q.startsWith('urn:li:')) return q;
  if (!/^[\p{L}\p{N}_$.\-/]+$/u.test(q)) return null;
  const name = q
    .toLowerCase()
    .replaceAll('/', '.')
    .replace(/^\.+|\.+$/g, '');
  return name === '' ? null : name;
}

/** A dataset urn's name part (`platform,NAME,ENV`), lower case with `/` read as `.`. */
function urnName(urn: string): string {
  const start = urn.indexOf(',');
  const end = urn.lastIndexOf(',');
  return (start >= 0 && end > start ? urn.slice(start + 1, end) : urn).toLowerCase().replaceAll('/', '.');
}

const endsWithName = (full: string, name: string) => full === name || full.endsWith(`.${name}`);

/**
 * The datasets a name-like question names exactly, within `within` when a filter applies: the urn itself; else
 * the tables of that name whose qualified name ends with it; else, for `table.column`, the tables of that name
 * that have the column.
 */
export async function exactMatches(
  documents: SearchDocuments,
  question: string,
  within: readonly string[] | null,
): Promise<string[]> {
  const name = nameOf(question);
  if (name === null) return [];
  let found: string[];
  if (name.startsWith('urn:li:')) {
    found = [...(await documents.get([name])).keys()];
  } else {
    const parts = name.split('.').filter((p) => p !== '');
    const table = parts[parts.length - 1]!;
    const sameName = (await documents.copies([table])).get(table) ?? [];
    found = sameName
      .filter((c) => parts.length === 1 || endsWithName(urnName(c.urn), name))
      .map((c) => c.urn);
    if (found.length === 0 && parts.length >= 2) {
      const column = table;
      const owner = parts[parts.length - 2]!;
      const prefix = parts.slice(0, -1).join('.');
      const candidates = (await documents.copies([owner])).get(owner) ?? [];
      found = candidates
        .filter(
          (c) =>
            (parts.length === 2 || endsWithName(urnName(c.urn), prefix)) &&
            c.columns.some((p) => p === column || p.endsWith(`.${column}`)),
        )
        .map((c) => c.urn);
    }
  }
  if (within && found.length > 0) {
    const named = new Set(found);
    found = within.filter((u) => named.has(u));
  }
  return found.slice(0, EXACT_CAP);
}
