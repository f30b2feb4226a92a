import type { IndexedDataset } from '../ports/search-documents.js';
import { STOP, stem, tokens } from './question-words.js';
import type { UnderstoodFilter } from './search-filters.js';

/**
 * Why a hit matched: its name, columns, descriptions and labels that share the question's words, the filters
 * understood from the question that it meets, and its semantic similarity.
 */

export interface Evidence {
  /** name | field | description | fieldDescription | tag | term | domain | owner | dashboard | semantic */
  kind: string;
  /** The field path, tag name, … that matched. */
  target: string;
  /** The matching words, or the similarity for a semantic match. */
  matched: string;
}

export function evidenceOf(
  d: IndexedDataset,
  question: string,
  understood: UnderstoodFilter[],
  dense?: number,
): Evidence[] {
  const q = new Set(
    tokens(question)
      .filter((w) => !STOP.has(w) && w.length > 1)
      .map(stem),
  );
  const hits = (text: string | null | undefined) =>
    text
      ? [
          ...new Set(
            tokens(text)
              .map(stem)
              .filter((w) => q.has(w)),
          ),
        ]
      : [];
  const out: Evidence[] = [];
  const name = hits(d.name.split(/[./]/).pop() ?? d.name);
  if (name.length > 0) out.push({ kind: 'name', target: d.name, matched: name.join(' ') });
  const desc = hits(d.description);
  if (desc.length > 0) out.push({ kind: 'description', target: 'description', matched: desc.join(' ') });
  for (const f of d.fields) {
    const n = hits(f.path);
    if (n.length > 0) out.push({ kind: 'field', target: f.path, matched: n.join(' ') });
    else {
      const fd = hits(f.description);
      if (fd.length > 0) out.push({ kind: 'fieldDescription', target: f.path, matched: fd.join(' ') });
    }
  }
  const understoodUrns = new Set(understood.flatMap((u) => u.values.map((v) => v.urn)));
  for (const t of d.tags)
    if (understoodUrns.has(t.urn) || hits(t.name).length > 0)
      out.push({ kind: 'tag', target: t.name, matched: t.name });
  for (const t of d.terms)
    if (understoodUrns.has(t.urn) || hits(t.name).length > 0)
      out.push({ kind: 'term', target: t.name, matched: t.name });
  if (d.domain && (understoodUrns.has(d.domain.urn) || hits(d.domain.name).length > 0))
    out.push({ kind: 'domain', target: d.domain.name, matched: d.domain.name });
  for (const o of d.owners)
    if (understoodUrns.has(o.urn)) out.push({ kind: 'owner', target: o.name, matched: o.name });
  for (const b of d.dashboards)
    if (
      understoodUrns.has(b.urn) ||
      b.owners.some((o) => understoodUrns.has(o.urn)) ||
      hits(b.name).length > 0
    )
      out.push({ kind: 'dashboard', target: b.name, matched: b.name });
  if (dense !== undefined) out.push({ kind: 'semantic', target: 'embedding', matched: dense.toFixed(3) });
  return out.slice(0, 20);
}
