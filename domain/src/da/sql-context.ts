import type { DatasetIncident, IndexedDataset } from '../ports/search-documents.js';
import { InvalidInputError } from '../shared/errors.js';
import { rankCatalog, type NlSearchDeps } from './nl-search.js';
import { stem } from './question-words.js';
import { findJoins, joinable, shortName } from './joins.js';
import { identifierWords } from '../shared/identifier-words.js';

/**
 * Text-to-SQL context: for a question, the smallest set of tables and columns an LLM needs to write the SQL,
 * with descriptions, types, keys, join paths, grain, freshness and caveats, as structured data and as a
 * compact prompt-ready block that fits a token budget. Tables come from the hybrid search, kept to the
 * database or schema of the best hit (one SQL statement runs against one), and joined by lineage and by
 * key-like naming (a column named like another table's key).
 */

export const DEFAULT_TOKEN_BUDGET = 1500;
const MIN_BUDGET = 100;
const MAX_BUDGET = 32_000;
/** Tables a context takes from the ranking when they belong to no database or schema. */
const MAX_TABLES = 6;
/** Ranked hits a context looks at. */
const CANDIDATES = 10;
/** A database or schema with at most this many tables is offered whole, budget permitting. */
const MAX_SIBLINGS = 40;
/** Another database whose best hit scores at least this share of the best one's is offered after it. */
const ALTERNATIVE = 0.5;
const MAX_DATABASES = 3;
/** Validation runs that failed or warned within this many days are caveats. */
const INCIDENT_DAYS = 7;
/** Wide tables keep their keys, join columns and the columns the question names, up to this many. */
const MAX_COLUMNS = 24;

export interface SqlContextInput {
  question: string;
  tokenBudget?: number | null;
  /** Start from these datasets instead of searching (Dataset.sqlContext). */
  datasetUrns?: readonly string[] | null;
}

export interface SqlColumn {
  name: string;
  type: string;
  description: string | null;
  primaryKey: boolean;
  /** `table.column` this column joins to, when it is a key-like reference. */
  references: string | null;
  /** Known values of a categorical column. */
  valueHints: string[];
}

export interface SqlTable {
  urn: string;
  name: string;
  qualifiedName: string | null;
  platform: string;
  description: string | null;
  /** One row per … (the primary key), when known. */
  grain: string | null;
  lastUpdated: string | null;
  caveats: string[];
  columns: SqlColumn[];
  /** Columns left out to fit the budget or because the table is wide. */
  omittedColumns: number;
}

export type { JoinPath as SqlJoin } from './joins.js';
import type { JoinPath as SqlJoin } from './joins.js';

export interface SqlContextResult {
  question: string;
  tables: SqlTable[];
  joins: SqlJoin[];
  text: string;
  tokens: number;
  tokenBudget: number;
  warnings: string[];
}

/** A rough token count for English and SQL identifiers (about four characters a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function tableOf(
  d: IndexedDataset,
  question: string,
  joinColumns: Set<string>,
  now: number,
  cutWide: boolean,
  incidents: readonly DatasetIncident[] = [],
): SqlTable {
  const q = new Set(identifierWords(question).split(' ').map(stem));
  const wide = cutWide && d.fields.length > MAX_COLUMNS;
  const wanted = wide
    ? d.fields.filter(
        (f) =>
          f.isKey ||
          joinColumns.has(`${shortName(d)}.${f.path}`) ||
          identifierWords(`${f.path} ${f.description ?? ''}`)
            .split(' ')
            .some((w) => q.has(stem(w))),
      )
    : d.fields;
  const columns = (
    wide ? [...wanted, ...d.fields.filter((f) => !wanted.includes(f))].slice(0, MAX_COLUMNS) : wanted
  ).map((f) => ({
    name: f.path,
    type: (f.nativeType ?? f.type).toLowerCase(),
    description: f.description,
    primaryKey: f.isKey,
    references: null as string | null,
    valueHints: f.valueHints ?? [],
  }));
  const caveats: string[] = [];
  if (d.deprecation) caveats.push(`deprecated${d.deprecation.note ? `: ${d.deprecation.note}` : ''}`);
  if (d.lastUpdated && now - d.lastUpdated > 7 * 86_400_000)
    caveats.push(`not updated for ${Math.floor((now - d.lastUpdated) / 86_400_000)} days`);
  for (const i of incidents.slice(0, 2))
    caveats.push(
      `validation ${i.status} ${new Date(i.at).toISOString().slice(0, 10)}${i.summary ? `: ${i.summary}` : ''}${i.issues > 1 ? ` (${i.issues} issues)` : ''}`,
    );
  if (d.tags.some((t) => /pii/i.test(t.name)) || d.terms.some((t) => /pii|personal/i.test(t.name)))
    caveats.push('contains personal data (PII)');
  return {
    urn: d.urn,
    name: shortName(d),
    qualifiedName: d.qualifiedName,
    platform: d.platform.name,
    description: d.description,
    grain: d.primaryKeys.length > 0 ? `one row per ${d.primaryKeys.join(', ')}` : null,
    lastUpdated: d.lastUpdated ? new Date(d.lastUpdated).toISOString() : null,
    caveats,
    columns,
    omittedColumns: d.fields.length - columns.length,
  };
}

/** The prompt-ready block: one line per table header, one per column, then the joins. */
export function renderContext(tables: readonly SqlTable[], joins: readonly SqlJoin[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    const meta = [
      t.platform,
      t.grain,
      t.lastUpdated ? `updated ${t.lastUpdated.slice(0, 10)}` : null,
      ...t.caveats,
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`TABLE ${t.qualifiedName ?? t.name}${meta ? ` -- ${meta}` : ''}`);
    if (t.description) lines.push(`  -- ${t.description}`);
    for (const c of t.columns) {
      const notes = [
        c.primaryKey ? 'PK' : null,
        c.references ? `-> ${c.references}` : null,
        c.description,
        c.valueHints.length > 0 ? `values: ${c.valueHints.join('|')}` : null,
      ].filter(Boolean);
      lines.push(`  ${c.name} ${c.type}${notes.length > 0 ? ` -- ${notes.join('; ')}` : ''}`);
    }
    if (t.omittedColumns > 0) lines.push(`  -- ${t.omittedColumns} more columns omitted`);
  }
  if (joins.length > 0) lines.push(`JOINS ${joins.map((j) => `${j.left} = ${j.right}`).join(', ')}`);
  return lines.join('\n');
}

export async function sqlContext(deps: NlSearchDeps, input: SqlContextInput): Promise<SqlContextResult> {
  const budget = input.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
  if (!Number.isInteger(budget) || budget < MIN_BUDGET || budget > MAX_BUDGET)
    throw new InvalidInputError(
      'INVALID_TOKEN_BUDGET',
      `tokenBudget must be an integer from ${MIN_BUDGET} to ${MAX_BUDGET}`,
    );
  const now = deps.now?.() ?? Date.now();
  const warnings: string[] = [];
  let chosen: IndexedDataset[];
  if (input.datasetUrns && input.datasetUrns.length > 0) {
    const docs = await deps.documents.get(input.datasetUrns);
    chosen = input.datasetUrns.map((u) => docs.get(u)).filter((d): d is IndexedDataset => d !== undefined);
    // A question about one dataset may need the tables it joins to: take its ranked neighbours too.
    if (chosen.length > 0 && input.question.trim() !== '') {
      const ranked = await rankCatalog(deps, { query: input.question, limit: 20 });
      warnings.push(...ranked.warnings);
      const more = await deps.documents.get(ranked.ranked.slice(0, 10).map((r) => r.urn));
      const container = chosen[0]!.container?.urn;
      for (const r of ranked.ranked.slice(0, 10)) {
        const d = more.get(r.urn);
        if (
          d &&
          chosen.length < MAX_TABLES &&
          !chosen.some((c) => c.urn === d.urn) &&
          d.container?.urn === container
        )
          chosen.push(d);
      }
    }
  } else {
    const ranked = await rankCatalog(deps, { query: input.question, limit: 10 });
    warnings.push(...ranked.warnings);
    const head = ranked.ranked.slice(0, CANDIDATES);
    const docs = await deps.documents.get(head.map((r) => r.urn));
    const first = docs.get(head[0]?.urn ?? '');
    chosen = [];
    if (first) {
      // One statement runs in one database or schema: the best hit's (the ranking already weighs databases
      // as a whole), and, when another database's best hit scores nearly as well, that one too, after it:
      // the question may mean either. Per database, its ranked tables lead, then the tables they join to,
      // then the rest of a small database.
      const top = head[0]!.score || 1;
      const containers: (string | null)[] = [];
      for (const r of head) {
        const c = docs.get(r.urn)?.container?.urn ?? null;
        if (containers.includes(c) || containers.length >= MAX_DATABASES) continue;
        if (containers.length === 0 || (c !== null && r.score >= ALTERNATIVE * top)) containers.push(c);
      }
      for (const container of containers) {
        const ranked = head
          .map((r) => docs.get(r.urn))
          .filter((d): d is IndexedDataset => d !== undefined && (d.container?.urn ?? null) === container);
        if (container === null) {
          chosen.push(...ranked.slice(0, MAX_TABLES));
          continue;
        }
        const own = [...ranked];
        const siblings = await deps.documents.get(
          await deps.documents.filter([[{ column: 'container', values: [container] }]], 200),
        );
        const rest = [...siblings.values()]
          .filter((s) => !own.some((c) => c.urn === s.urn))
          .sort((a, b) => a.urn.localeCompare(b.urn));
        const joined = rest.filter((s) => own.some((c) => joinable(c, s, deps.memo?.joinProfiles)));
        own.push(...joined);
        if (siblings.size <= MAX_SIBLINGS) own.push(...rest.filter((s) => !joined.includes(s)));
        chosen.push(...own);
      }
    }
  }
  if (chosen.length === 0) warnings.push('no dataset matches the question');

  // Recent incidents (failing or warning validation runs of the last week) become caveats.
  const incidents = await deps.documents
    .recentIncidents(
      chosen.map((d) => d.urn),
      now - INCIDENT_DAYS * 86_400_000,
    )
    .catch(() => new Map<string, DatasetIncident[]>());

  // Take tables in order while the block fits the budget; the best table always stays, cut to its keys.
  let tables: SqlTable[] = [];
  let joins: SqlJoin[] = [];
  let text = '';
  const build = (set: IndexedDataset[], wideCut: boolean) => {
    const j = findJoins(set);
    const joinColumns = new Set(j.flatMap((x) => [x.left, x.right]));
    const t = set.map((d) =>
      tableOf(d, input.question, joinColumns, now, wideCut, incidents.get(d.urn) ?? []),
    );
    for (const x of j) {
      const [table, column] = x.left.split('.') as [string, string];
      const col = t.find((y) => y.name === table)?.columns.find((c) => c.name === column);
      if (col && !col.primaryKey) col.references = x.right;
    }
    return { tables: t, joins: j, text: renderContext(t, j) };
  };
  let kept: IndexedDataset[] = [];
  for (const d of chosen) {
    const next = [...kept, d];
    let attempt = build(next, false);
    if (estimateTokens(attempt.text) > budget) attempt = build(next, true);
    if (estimateTokens(attempt.text) > budget && kept.length > 0) continue;
    kept = next;
    ({ tables, joins, text } = attempt);
  }
  while (tables.length === 1 && estimateTokens(text) > budget && tables[0]!.columns.length > 1) {
    tables[0]!.columns.pop();
    tables[0]!.omittedColumns++;
    text = renderContext(tables, joins);
  }
  if (chosen.length > tables.length)
    warnings.push(`${chosen.length - tables.length} tables left out to fit the token budget`);
  return {
    question: input.question,
    tables,
    joins,
    text,
    tokens: estimateTokens(text),
    tokenBudget: budget,
    warnings,
  };
}
