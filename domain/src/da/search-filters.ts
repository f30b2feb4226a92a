import type { BoundedCache } from '@dataspoke/platform/cache/bounded-cache';
import type { FacetLabel, FilterClause, FilterColumn } from '../ports/search-documents.js';
import { InvalidInputError } from '../shared/errors.js';
import type { NlSearchFilters } from './nl-search.js';
import { STOP, stem, tokens, wordsAt } from './question-words.js';

/**
 * The structured filters of a natural-language search: those a question names, understood from the catalog's
 * own labels (tags, glossary terms, domains, owners, platforms, layers, "used by …"), and those given
 * explicitly, made into filter clauses over the search documents.
 *
 * A label the question merely mentions ("customers in order of age" mentions the term Order) is evidence: it
 * raises the score of the datasets that carry it (nl-search) and never removes one. A filter is hard only when
 * the question says so: an operator (`tag:PII`, `domain:"Customer Data"`), a phrase that names the kind
 * ("tagged PII", "in the marketing domain", "on snowflake", "owned by finance", "used by the X dashboard"),
 * or the caller's own filters.
 */

/** Urns a filter answers at most. */
export const FILTER_CAP = 50_000;

export interface UnderstoodFilter {
  /** tag | term | domain | owner | platform | layer | usedBy */
  kind: string;
  /** The words of the question it came from. */
  phrase: string;
  values: { urn: string; name: string }[];
  /**
   * True: the question (or caller) asked for it, and only datasets meeting it are answered. False: inferred
   * from a mention, a ranking signal the user may turn into a filter.
   */
  explicit: boolean;
  /**
   * What to take out of the question to drop this filter, as typed: the label's words and, for an explicit
   * filter, the words that made it one ("tagged PII", "in the marketing domain", "on snowflake", "used by the
   * Revenue dashboard", `tag:PII`).
   */
  matched: string;
  /** Where `matched` is in the question: UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
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
  const at = wordsAt(question);
  const words = at.map((w) => w.word);
  const stemmed = words.map(stem);
  const index = labelIndex(labels, labelIndexes);
  const found: (Omit<UnderstoodFilter, 'phrase'> & { phrase: Phrase })[] = [];
  const usedBy =
    /\b(?:used|read|consumed|owned)\s+by\s+(?:the\s+)?(.+?)(?:[,.;?!]|\s+(?:and|with|that|which|where|in|on|for)\s|$)/di.exec(
      question,
    );
  const usedByWords = usedBy ? tokens(usedBy[1]!) : [];
  const ownedBy = usedBy !== null && /^owned\b/i.test(usedBy[0]);
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
    if (inUsedBy && ownedBy && l.kind === 'owner') {
      add('owner', 'owners', phrase, l.urn, l.label);
      continue;
    }
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
  for (const e of byKind.values()) {
    const clause = e.kind === 'usedBy' || (e.kind === 'owner' && ownedBy);
    const cue = clause ? null : cueWords(stemmed, e.kind, e.phrase);
    // A "used by …" clause goes whole; a label named with its kind goes with those words.
    let start = at[cue?.start ?? e.phrase.start]!.start;
    let end = at[(cue?.end ?? e.phrase.end) - 1]!.end;
    if (clause && usedBy?.indices?.[1]) [start, end] = [usedBy.index, usedBy.indices[1][1]];
    const matched = question.slice(start, end).trimEnd();
    found.push({
      kind: e.kind,
      phrase: e.phrase,
      values: [...e.values].map(([urn, name]) => ({ urn, name })),
      explicit: clause || cue !== null,
      matched,
      start,
      end: start + matched.length,
    });
  }
  // A phrase inside a longer one ("customer" inside "customer data platform") yields to it.
  const inside = (f: Phrase, g: Phrase) =>
    g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start;
  return found
    .filter((f) => !found.some((g) => inside(f.phrase, g.phrase)))
    .map(({ phrase, ...f }) => ({ ...f, phrase: phrase.text }));
}

/**
 * Words before or after a label that name its kind make it a filter the user asked for: "tagged PII", "with
 * the PII tag", "in the marketing domain", "on snowflake", "gold layer". Matched on stemmed words.
 */
const BEFORE: Record<string, string[][]> = {
  tag: [
    ['tagged'],
    ['tagged', 'as'],
    ['tag'],
    ['label', 'as'],
    ['labelled'],
    ['labeled'],
    ['marked'],
    ['marked', 'as'],
  ],
  term: [['term'], ['classified', 'as'], ['marked', 'as'], ['tagged'], ['tagged', 'as']],
  domain: [['domain']],
  platform: [['on'], ['in'], ['from'], ['platform']],
  owner: [['owner'], ['owned', 'by']],
  layer: [['layer']],
};
const AFTER: Record<string, string[]> = {
  tag: ['tag'],
  term: ['term', 'tag'],
  domain: ['domain'],
  platform: ['platform'],
  owner: [],
  layer: ['layer'],
};

/** Words that lead into a label named with its kind after it: "with the PII tag", "in the gold layer". */
const LEAD_IN = new Set(['in', 'with', 'from', 'on', 'of', 'within', 'under', 'as']);

/**
 * The words (word positions, end exclusive) that name a label's kind around it, with the label, when there
 * are some: the label is then a filter the user asked for.
 */
function cueWords(
  stemmed: readonly string[],
  kind: string,
  phrase: Phrase,
): { start: number; end: number } | null {
  // "in the marketing domain", "with the PII tag": an article may sit between.
  let before = phrase.start;
  if (stemmed[before - 1] === 'the') before--;
  const preceded = (BEFORE[kind] ?? [])
    .filter(
      (ws) => before - ws.length >= 0 && ws.every((w, i) => stemmed[before - ws.length + i] === stem(w)),
    )
    .sort((a, b) => b.length - a.length)[0];
  if (preceded) return { start: before - preceded.length, end: phrase.end };
  if (!(AFTER[kind] ?? []).some((w) => stemmed[phrase.end] === stem(w))) return null;
  let start = phrase.start;
  if (stemmed[start - 1] === 'the') start--;
  if (start > 0 && LEAD_IN.has(stemmed[start - 1]!)) start--;
  return { start, end: phrase.end + 1 };
}

/** Operators a question may hold: `tag:PII`, `domain:"Customer Data"`, `platform:snowflake`, … */
const OPERATOR = /(?:^|\s)(tag|term|domain|owner|platform|layer|usedby|used_by):(?:"([^"]+)"|(\S+))/gi;

const OPERATOR_KIND: Record<string, { kind: string; labels: FacetLabel['kind'][] }> = {
  tag: { kind: 'tag', labels: ['tag'] },
  term: { kind: 'term', labels: ['term'] },
  domain: { kind: 'domain', labels: ['domain'] },
  owner: { kind: 'owner', labels: ['owner'] },
  platform: { kind: 'platform', labels: ['platform'] },
  usedby: { kind: 'usedBy', labels: ['dashboard', 'chart', 'owner', 'domain'] },
  used_by: { kind: 'usedBy', labels: ['dashboard', 'chart', 'owner', 'domain'] },
};

/**
 * The operators of a question as explicit filters (an operator naming nothing in the catalog has no values:
 * nothing can meet it), and the question's text without them.
 */
export function operatorsOf(
  question: string,
  labels: readonly FacetLabel[],
): { text: string; masked: string; filters: UnderstoodFilter[] } {
  const filters: UnderstoodFilter[] = [];
  let masked = '';
  let last = 0;
  const text = question
    .replace(
      OPERATOR,
      (all: string, rawKind: string, quoted: string | undefined, bare: string | undefined, at: number) => {
        const key = rawKind.toLowerCase();
        const value = (quoted ?? bare ?? '').trim();
        const v = value.toLowerCase();
        const phrase = `${rawKind}:${quoted !== undefined ? `"${value}"` : value}`;
        const start = at + all.length - all.trimStart().length;
        const span = { matched: question.slice(start, at + all.length), start, end: at + all.length };
        masked += question.slice(last, at) + ' '.repeat(all.length);
        last = at + all.length;
        if (key === 'layer') {
          filters.push({
            kind: 'layer',
            phrase,
            values: LAYERS.includes(v) ? [{ urn: v, name: v }] : [],
            explicit: true,
            ...span,
          });
          return ' ';
        }
        const { kind, labels: kinds } = OPERATOR_KIND[key]!;
        const values = new Map<string, string>();
        for (const l of labels) if (kinds.includes(l.kind) && matchesName(l, v)) values.set(l.urn, l.label);
        filters.push({
          kind,
          phrase,
          values: [...values].map(([urn, name]) => ({ urn, name })),
          explicit: true,
          ...span,
        });
        return ' ';
      },
    )
    .replace(/\s+/g, ' ')
    .trim();
  // The question with its operators blanked out: its words stay where they were typed.
  return { text, masked: masked + question.slice(last), filters };
}

/** The question without its operators: the words ranking reads. */
export function withoutOperators(question: string): string {
  return question.replace(OPERATOR, ' ').replace(/\s+/g, ' ').trim();
}

/** A label named by a user: its urn, its name, or the urn's last part, case-insensitive. */
function matchesName(l: FacetLabel, lowered: string): boolean {
  const urn = l.urn.toLowerCase();
  return urn === lowered || l.label.toLowerCase() === lowered || urn.endsWith(`:${lowered}`);
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
      const match = labels.filter((l) => kinds.includes(l.kind) && matchesName(l, v));
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
