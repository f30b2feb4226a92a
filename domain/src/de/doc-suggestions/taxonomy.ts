import type { CatalogView, DatasetView, GlossaryTermView } from './catalog-view.js';
import { classifyPii, nameTokens, PII_TERM_NAMES, piiColumnOf, type PiiKind } from './pii.js';
import { copyKey } from './similar-tables.js';
import type { Proposal } from './types.js';

/**
 * Glossary and domain proposals: PII terms for columns (pii.ts), business terms of the catalog's own glossary
 * whose name a column's name spells, new terms for column names that recur across datasets with no term, and
 * a domain for a dataset without one from its lineage neighbours.
 */

const normal = (s: string) => nameTokens(s).join(' ');

/** Term names for the part of a person's name a column holds, before the general ones. */
const NAME_PARTS: [RegExp, string[]][] = [
  [/(^|_)(first|given|fore|f)_?name$/, ['first name', 'given name']],
  [/(^|_)(last|family|sur|l)_?name$|(^|_)surname$/, ['last name', 'family name', 'surname']],
];

/** The catalog's glossary terms that can stand for PII kinds, by normalised name. */
export type PiiTermIndex = Map<string, GlossaryTermView>;

export function piiTerms(terms: readonly GlossaryTermView[]): PiiTermIndex {
  return new Map(terms.map((t) => [normal(t.name), t]));
}

/** The catalog's term for a column of a PII kind: a name part's own term first, then the kind's. */
function piiTermFor(index: PiiTermIndex, kind: PiiKind, fieldPath: string): GlossaryTermView | undefined {
  const key = nameTokens(fieldPath).join('_');
  const names = [
    ...(kind === 'person_name' ? (NAME_PARTS.find(([re]) => re.test(key))?.[1] ?? []) : []),
    ...PII_TERM_NAMES[kind],
  ];
  for (const name of names) {
    const t = index.get(normal(name));
    if (t) return t;
  }
  return undefined;
}

/** The catalog's terms other than those standing for PII kinds (which only the PII classifier proposes). */
export function businessTerms(terms: readonly GlossaryTermView[], pii: PiiTermIndex): GlossaryTermView[] {
  const piiNames = new Set(
    [...Object.values(PII_TERM_NAMES).flat(), ...NAME_PARTS.flatMap(([, names]) => names)].map(normal),
  );
  const piiUrns = new Set([...pii.entries()].filter(([name]) => piiNames.has(name)).map(([, t]) => t.urn));
  return terms.filter((t) => !piiUrns.has(t.urn));
}

/** Glossary term proposals (PII kinds and business terms) for the columns of one dataset. */
export function termProposals(dataset: DatasetView, catalog: CatalogView, pii: PiiTermIndex): Proposal[] {
  const out: Proposal[] = [];
  // Business terms whose whole name is the column's name or its ending (`customer_lifetime_value`).
  const business = businessTerms(catalog.terms, pii)
    .map((t) => ({ term: t, words: normal(t.name) }))
    .filter((t) => t.words.split(' ').length >= 1 && t.words.length >= 4);
  for (const field of dataset.fields) {
    const finding = classifyPii(
      piiColumnOf(
        dataset.name,
        field,
        dataset.fields.map((f) => f.fieldPath),
      ),
    );
    const term = finding && piiTermFor(pii, finding.kind, field.fieldPath);
    if (finding && term && !field.termUrns.includes(term.urn)) {
      out.push({
        datasetUrn: dataset.urn,
        fieldPath: field.fieldPath,
        kind: 'glossary_term',
        value: { kind: 'glossary_term', termUrn: term.urn, termName: term.name },
        baseline: null,
        evidence: finding.reasons.map((r) => ({
          kind: r.includes('sampled') ? 'sample_values' : 'name',
          detail: r,
          fieldPath: field.fieldPath,
        })),
        confidence: finding.confidence,
        phrasedBy: 'deterministic',
      });
      continue;
    }
    if (finding) continue;
    const words = normal(field.fieldPath);
    const match = business.find((b) => words === b.words || words.endsWith(` ${b.words}`));
    if (match && !field.termUrns.includes(match.term.urn))
      out.push({
        datasetUrn: dataset.urn,
        fieldPath: field.fieldPath,
        kind: 'glossary_term',
        value: { kind: 'glossary_term', termUrn: match.term.urn, termName: match.term.name },
        baseline: null,
        evidence: [
          {
            kind: 'glossary',
            detail: `the column's name spells the term "${match.term.name}"`,
            fieldPath: field.fieldPath,
          },
        ],
        confidence: words === match.words ? 0.75 : 0.6,
        phrasedBy: 'deterministic',
      });
  }
  return out;
}

/** Key, date and bookkeeping columns that recur everywhere and need no term. */
export const GENERIC =
  /(^|_)(id|key|ts|date|time|timestamp|at|created|updated|loaded|etl|batch|run|flag|is|has|count|version)$/;

/**
 * New term proposals: a column name (normalised) found in at least `minDatasets` tables (copies of one table
 * counting once) where no column of
 * that name carries a term. Proposed once per name, on the dataset where it is documented best.
 */
export function newTermProposals(catalog: CatalogView, minDatasets = 3): Proposal[] {
  const groups = new Map<
    string,
    { dataset: DatasetView; fieldPath: string; description: string | null; termed: boolean }[]
  >();
  for (const d of catalog.datasets.values())
    for (const f of d.fields) {
      const key = normal(f.fieldPath).replace(/ /g, '_');
      if (key.length < 4 || GENERIC.test(key)) continue;
      const list = groups.get(key) ?? [];
      list.push({
        dataset: d,
        fieldPath: f.fieldPath,
        description: f.description,
        termed: f.termUrns.length > 0,
      });
      groups.set(key, list);
    }
  const known = new Set(catalog.terms.map((t) => normal(t.name).replace(/ /g, '_')));
  const out: Proposal[] = [];
  for (const [key, members] of groups) {
    // Copies of one table (the same name on several platforms) count once.
    const datasets = new Set(members.map((m) => copyKey(m.dataset.name)));
    if (datasets.size < minDatasets || members.some((m) => m.termed) || known.has(key)) continue;
    const anchor = members.find((m) => m.description) ?? members[0]!;
    const name = key
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' ');
    out.push({
      datasetUrn: anchor.dataset.urn,
      fieldPath: anchor.fieldPath,
      kind: 'new_glossary_term',
      value: {
        kind: 'new_glossary_term',
        termUrn: `urn:li:glossaryTerm:dataspoke.proposed.${key}`,
        name,
        definition: anchor.description?.trim() ?? `${name}, as recorded in ${datasets.size} tables.`,
        fieldPaths: members.slice(0, 50).map((m) => `${m.dataset.name}.${m.fieldPath}`),
      },
      baseline: null,
      evidence: [
        {
          kind: 'cluster',
          detail: `"${key}" is a column of ${datasets.size} tables, none with a glossary term`,
        },
      ],
      confidence: Math.min(0.9, 0.4 + datasets.size * 0.05),
      phrasedBy: 'deterministic',
    });
  }
  return out;
}

/** A domain for a dataset that has none: the domain most of its lineage neighbours share (at least two, a majority). */
export function domainProposal(
  dataset: DatasetView,
  catalog: CatalogView,
  downstreams: ReadonlyMap<string, readonly string[]>,
): Proposal | null {
  if (dataset.domainUrn) return null;
  const neighbours = [...dataset.upstreams, ...(downstreams.get(dataset.urn) ?? [])]
    .map((u) => catalog.datasets.get(u))
    .filter((d): d is DatasetView => d !== undefined);
  const counts = new Map<string, number>();
  for (const n of neighbours) if (n.domainUrn) counts.set(n.domainUrn, (counts.get(n.domainUrn) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < 2 || best[1] * 2 <= neighbours.length) return null;
  const domain = catalog.domains.find((d) => d.urn === best[0]);
  return {
    datasetUrn: dataset.urn,
    fieldPath: null,
    kind: 'domain',
    value: { kind: 'domain', domainUrn: best[0], domainName: domain?.name ?? best[0] },
    baseline: null,
    evidence: [
      {
        kind: 'neighbours',
        detail: `${best[1]} of its ${neighbours.length} lineage neighbours are in ${domain?.name ?? best[0]}`,
      },
    ],
    confidence: Math.min(0.9, 0.5 + (best[1] / neighbours.length) * 0.4),
    phrasedBy: 'deterministic',
  };
}
