import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { FacetLabel, FilterClause, FilterColumn } from '../ports/search-documents.js';
import { InvalidInputError } from '../shared/errors.js';
import type { NlSearchFilters } from './nl-search.js';
import { STOP, stem, tokens } from './question-words.js';

/**
 * The structured filters of a natural-language search: those a question names, understood from the catalog's
 * own labels (tags, glossary terms, domains, owners, platforms, layers, "used by …"), and those given
 * explicitly, both made into filter clauses over the search documents.
 */

/** Urns a filter answers at most. */
export const FILTER_CAP = 50_000;

export interface UnderstoodFilter {
  /** tag | term | domain | owner | platform | layer | usedBy */
  kind: string;
  /** The words of the question it came from. */
  phrase: string;
  values: { urn: string; name: string }[];
}

const FILTER_KIND: Record<FacetLabel['kind'], { kind: string; column: FilterColumn }> = {
  tag: { kind: 'tag', column: 'tags' },
  term: { kind: 'term', column: 'terms' },
  domain: { kind: 'domain', column: 'domain' },
  owner: { kind: 'owner', column: 'owners' },
  platform: { kind: 'platform', column: 'platform' },
  layer: { kind: 'layer', column: 'layer' },
  dashboard: { kind: 'usedBy', column: 'consumers' },
  chart: { kind: 'usedBy', column: 'consumers' },
};

const LAYERS = ['bronze', 'silver', 'gold', 'source'];

interface Phrase {
  start: number;
  end: number;
  text: string;
}

/** Where a label's words occur, in order and adjacent, in the question's words. */
function findPhrase(words: string[], label: string): Phrase | null {
  const target = tokens(label).map(stem);
  if (target.length === 0) return null;
  if (target.length === 1 && (STOP.has(target[0]!) || target[0]!.length < 2)) return null;
  for (let i = 0; i + target.length <= words.length; i++) {
    if (target.every((t, j) => stem(words[i + j]!) === t))
      return { start: i, end: i + target.length, text: words.slice(i, i + target.length).join(' ') };
  }
  return null;
}

/** Where stemmed label words occur, in order and adjacent, in the question's stemmed words. */
function findStemmed(words: string[], stemmed: string[], target: string[]): Phrase | null {
  for (let i = 0; i + target.length <= stemmed.length; i++) {
    if (target.every((t, j) => stemmed[i + j] === t))
      return { start: i, end: i + target.length, text: words.slice(i, i + target.length).join(' ') };
  }
  return null;
}

/** The catalog's labels split into stemmed words once, indexed by their first word. */
export interface LabelIndex {
  targets: (string[] | null)[];
  byFirst: Map<string, number[]>;
}

function labelIndex(
  labels: readonly FacetLabel[],
  kept?: BoundedCache<readonly FacetLabel[], LabelIndex>,
): LabelIndex {
  let index = kept?.get(labels);
  if (!index) {
    const targets = labels.map((l) => {
      const target = tokens(l.label).map(stem);
      if (target.length === 0) return null;
      if (target.length === 1 && (STOP.has(target[0]!) || target[0]!.length < 2)) return null;
      return target;
    });
    const byFirst = new Map<string, number[]>();
    targets.forEach((t, i) => {
      if (t) byFirst.set(t[0]!, [...(byFirst.get(t[0]!) ?? []), i]);
    });
    index = { targets, byFirst };
    kept?.set(labels, index);
  }
  return index;
}

/**
 * The structured filters a question names, from the catalog's own labels: tag, term, domain, owner,
 * platform and layer names, and "used by X" where X names a dashboard, chart, owner, group or domain that
 * reads datasets. A label only counts when all its words appear together; the longest match wins.
 */
export function understand(
  question: string,
  labels: readonly FacetLabel[],
  labelIndexes?: BoundedCache<readonly FacetLabel[], LabelIndex>,
): UnderstoodFilter[] {
  const words = tokens(question);
  const stemmed = words.map(stem);
  const index = labelIndex(labels, labelIndexes);
  const found: (UnderstoodFilter & Phrase & { column: FilterColumn })[] = [];
  const usedBy =
    /\b(?:used|read|consumed|owned)\s+by\s+(?:the\s+)?(.+?)(?:[,.;?!]|\s+(?:and|with|that|which|where|in|on|for)\s|$)/i.exec(
      question,
    );
  const usedByWords = usedBy ? tokens(usedBy[1]!) : [];
  const usedByStemmed = usedByWords.map(stem);
  const byKind = new Map<
    string,
    { phrase: Phrase; column: FilterColumn; kind: string; values: Map<string, string> }
  >();
  const add = (kind: string, column: FilterColumn, phrase: Phrase, urn: string, name: string) => {
    const key = `${kind}\u0000${phrase.text}`;
    const entry = byKind.get(key) ?? { phrase, column, kind, values: new Map() };
    entry.values.set(urn, name);
    byKind.set(key, entry);
  };
  // Only labels whose first word is in the question can match (catalogs have thousands of labels).
  const candidates = [...new Set(stemmed.flatMap((w) => index.byFirst.get(w) ?? []))].sort((a, b) => a - b);
  for (const i of candidates) {
    const l = labels[i]!;
    const target = index.targets[i]!;
    const phrase = findStemmed(words, stemmed, target);
    if (!phrase) continue;
    const inUsedBy = usedByWords.length > 0 && findStemmed(usedByWords, usedByStemmed, target) !== null;
    if (inUsedBy && ['owner', 'domain', 'dashboard', 'chart'].includes(l.kind)) {
      add('usedBy', 'consumers', phrase, l.urn, l.label);
      continue;
    }
    if (l.kind === 'dashboard' || l.kind === 'chart') continue;
    const f = FILTER_KIND[l.kind];
    add(f.kind, f.column, phrase, l.urn, l.label);
  }
  for (const layer of LAYERS) {
    const phrase = findPhrase(words, layer);
    if (phrase) add('layer', 'layer', phrase, layer, layer);
  }
  for (const e of byKind.values())
    found.push({
      kind: e.kind,
      column: e.column,
      phrase: e.phrase.text,
      start: e.phrase.start,
      end: e.phrase.end,
      text: e.phrase.text,
      values: [...e.values].map(([urn, name]) => ({ urn, name })),
    });
  // A phrase inside a longer one ("customer" inside "customer data platform") yields to it.
  return found
    .filter(
      (f) =>
        !found.some(
          (g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start,
        ),
    )
    .map(({ kind, phrase, values }) => ({ kind, phrase, values }));
}

/** Understood filters of one phrase OR together (a PII tag or a PII term); phrases AND together. */
export function clausesOf(understood: readonly UnderstoodFilter[]): FilterClause[] {
  const byPhrase = new Map<string, FilterClause>();
  for (const u of understood) {
    const column = u.kind === 'usedBy' ? 'consumers' : FILTER_KIND[u.kind as FacetLabel['kind']].column;
    const clause = byPhrase.get(u.phrase) ?? [];
    clause.push({ column, values: u.values.map((v) => v.urn) });
    byPhrase.set(u.phrase, clause);
  }
  return [...byPhrase.values()];
}

export function resolveExplicit(filters: NlSearchFilters, labels: readonly FacetLabel[]): FilterClause[] {
  const clauses: FilterClause[] = [];
  const spec: [keyof NlSearchFilters, FacetLabel['kind'][], FilterColumn][] = [
    ['platforms', ['platform'], 'platform'],
    ['domains', ['domain'], 'domain'],
    ['tags', ['tag'], 'tags'],
    ['terms', ['term'], 'terms'],
    ['owners', ['owner'], 'owners'],
    ['usedBy', ['dashboard', 'chart', 'owner', 'domain'], 'consumers'],
  ];
  for (const [key, kinds, column] of spec) {
    const values = filters[key] as readonly string[] | null | undefined;
    if (!values || values.length === 0) continue;
    const urns: string[] = [];
    for (const raw of values) {
      const v = raw.trim().toLowerCase();
      const match = labels.filter(
        (l) =>
          kinds.includes(l.kind) &&
          (l.urn.toLowerCase() === v || l.label.toLowerCase() === v || l.urn.toLowerCase().endsWith(`:${v}`)),
      );
      if (match.length === 0)
        throw new InvalidInputError(
          'UNKNOWN_FILTER_VALUE',
          `filters.${key}: no ${kinds.join(' or ')} named "${raw}" in the indexed catalog`,
        );
      urns.push(...match.map((m) => m.urn));
    }
    clauses.push([{ column, values: [...new Set(urns)] }]);
  }
  if (filters.layers && filters.layers.length > 0) {
    const layers = filters.layers.map((l) => l.trim().toLowerCase());
    const bad = layers.find((l) => !LAYERS.includes(l));
    if (bad)
      throw new InvalidInputError(
        'UNKNOWN_FILTER_VALUE',
        `filters.layers: "${bad}" is not one of ${LAYERS.join(', ')}`,
      );
    clauses.push([{ column: 'layer', values: layers }]);
  }
  return clauses;
}
