import sqlParser from 'node-sql-parser';

/**
 * Column-level lineage of one SQL query, read from node-sql-parser's syntax tree: for each output column, the
 * base table columns it is derived from (through CTEs and subqueries), the expression that derives it and the
 * aggregate it applies; for the query, its source tables, filters and grain (GROUP BY). DataHub stores SQL of
 * many engines, so the platform's dialect is tried first and the others after it.
 */

type Node = Record<string, unknown>;

export interface SourceColumn {
  /** The base table as written (last name part), lower case; null when the query's sources leave it open. */
  table: string | null;
  column: string;
}

export interface DerivedColumn {
  name: string;
  /** The outermost expression that derives it, as SQL text (identifiers unquoted). */
  expression: string;
  /** Expressions of the CTEs and subqueries in between, innermost last. */
  through: string[];
  sources: SourceColumn[];
  /** COUNT, SUM, … when an aggregate derives it. */
  aggregate: string | null;
  /** A plain copy of one source column (possibly renamed). */
  direct: boolean;
}

export interface SqlAnalysis {
  dialect: string;
  columns: DerivedColumn[];
  /** `SELECT t.*` over a base table: the table's columns pass through unchanged. */
  starTables: string[];
  /** Base tables read, lower case (last name part). */
  sources: string[];
  /** WHERE and HAVING conditions of every level, as SQL text. */
  filters: string[];
  /** The outer query's GROUP BY expressions: its grain. */
  grain: string[];
}

const PLATFORM_DIALECTS: Record<string, string> = {
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  redshift: 'redshift',
  mysql: 'mysql',
  mariadb: 'mariadb',
  hive: 'hive',
  spark: 'hive',
  databricks: 'hive',
  trino: 'trino',
  presto: 'trino',
  athena: 'athena',
  mssql: 'transactsql',
  sqlite: 'sqlite',
};
const FALLBACK_DIALECTS = ['snowflake', 'bigquery', 'postgresql', 'mysql', 'hive', 'trino'];

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

export class SqlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlParseError';
  }
}

interface Scope {
  /** alias or table name (lower case) → a base table or a query's output. */
  sources: Map<string, { table: string } | { query: QueryOutput }>;
}

interface QueryOutput {
  columns: DerivedColumn[];
  starTables: string[];
}

interface Context {
  parser: InstanceType<typeof sqlParser.Parser>;
  dialect: string;
  ctes: Map<string, QueryOutput>;
  tables: Set<string>;
  filters: string[];
}

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isNode(v)) {
    if (isNode(v.expr)) return nameOf(v.expr.value ?? v.expr);
    if (typeof v.value === 'string') return v.value;
  }
  return null;
}

function lastPart(name: string): string {
  return (name.split('.').pop() ?? name).replace(/[`"[\]]/g, '').toLowerCase();
}

function sqlText(ctx: Context, expr: unknown): string {
  try {
    return ctx.parser
      .exprToSQL(expr, { database: ctx.dialect })
      .replace(/[`"]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  } catch {
    return '';
  }
}

/** Walks an expression: column references and aggregate names, not descending into subqueries. */
function walk(expr: unknown, refs: { table: string | null; column: string }[], aggs: string[]): void {
  if (Array.isArray(expr)) {
    for (const e of expr) walk(e, refs, aggs);
    return;
  }
  if (!isNode(expr)) return;
  if (expr.type === 'column_ref') {
    const column = nameOf(expr.column);
    if (column) refs.push({ table: nameOf(expr.table), column });
    return;
  }
  if (expr.type === 'aggr_func' && typeof expr.name === 'string') aggs.push(expr.name.toUpperCase());
  if ('ast' in expr || expr.type === 'select') return;
  for (const [key, value] of Object.entries(expr)) {
    if (key === 'over' || key === 'loc') continue;
    if (typeof value === 'object' && value !== null) walk(value, refs, aggs);
  }
}

function resolve(
  scope: Scope,
  ref: { table: string | null; column: string },
): { sources: SourceColumn[]; through: string[]; aggregate: string | null } {
  const column = ref.column.toLowerCase();
  const fromQuery = (q: QueryOutput) => {
    const c = q.columns.find((x) => x.name.toLowerCase() === column);
    if (c) return { sources: c.sources, through: [c.expression, ...c.through], aggregate: c.aggregate };
    if (q.starTables.length === 1)
      return { sources: [{ table: q.starTables[0]!, column }], through: [], aggregate: null };
    return null;
  };
  if (ref.table) {
    const source = scope.sources.get(ref.table.toLowerCase()) ?? scope.sources.get(lastPart(ref.table));
    if (source && 'table' in source)
      return { sources: [{ table: source.table, column }], through: [], aggregate: null };
    if (source && 'query' in source) {
      const found = fromQuery(source.query);
      if (found) return found;
    }
    return {
      sources: [{ table: source ? null : lastPart(ref.table), column }],
      through: [],
      aggregate: null,
    };
  }
  const all = [...new Map([...scope.sources.values()].map((s) => ['table' in s ? s.table : s, s])).values()];
  if (all.length === 1) {
    const only = all[0]!;
    if ('table' in only) return { sources: [{ table: only.table, column }], through: [], aggregate: null };
    return fromQuery(only.query) ?? { sources: [{ table: null, column }], through: [], aggregate: null };
  }
  // Several sources and no qualifier: a query source that outputs the name decides; else it stays open.
  for (const s of all)
    if ('query' in s && s.query.columns.some((c) => c.name.toLowerCase() === column))
      return fromQuery(s.query)!;
  return { sources: [{ table: null, column }], through: [], aggregate: null };
}

function analyzeSelect(ctx: Context, select: Node): QueryOutput {
  const outer = new Map(ctx.ctes);
  for (const cte of Array.isArray(select.with) ? (select.with as Node[]) : []) {
    const name = nameOf(cte.name);
    const stmt = isNode(cte.stmt) ? ((cte.stmt.ast as Node | undefined) ?? cte.stmt) : null;
    if (!name || !stmt) continue;
    // Analysed first: analyzeSelect restores ctx.ctes to a copy of its own when it returns.
    const output = analyzeSelect(ctx, stmt);
    ctx.ctes.set(name.toLowerCase(), output);
  }
  const scope: Scope = { sources: new Map() };
  for (const item of Array.isArray(select.from) ? (select.from as Node[]) : []) {
    const alias = nameOf(item.as)?.toLowerCase() ?? null;
    if (typeof item.table === 'string') {
      const table = item.table.toLowerCase();
      const cte = !item.db && !item.schema ? ctx.ctes.get(table) : undefined;
      const source = cte ? { query: cte } : { table: lastPart(table) };
      if (!cte) ctx.tables.add(lastPart(table));
      scope.sources.set(alias ?? table, source);
      if (!alias) scope.sources.set(lastPart(table), source);
    } else if (isNode(item.expr) && isNode(item.expr.ast)) {
      const query = analyzeSelect(ctx, item.expr.ast);
      scope.sources.set(alias ?? `subquery${scope.sources.size}`, { query });
    }
  }
  for (const clause of [select.where, select.having]) if (clause) ctx.filters.push(sqlText(ctx, clause));
  const columns: DerivedColumn[] = [];
  const starTables: string[] = [];
  const items = Array.isArray(select.columns) ? (select.columns as Node[]) : [];
  for (const item of items) {
    const expr = item.expr;
    if (isNode(expr) && expr.type === 'column_ref' && nameOf(expr.column) === '*') {
      const table = nameOf(expr.table)?.toLowerCase() ?? null;
      const targets = table
        ? [scope.sources.get(table)].filter((s) => s !== undefined)
        : [...scope.sources.values()];
      for (const t of targets) {
        if ('table' in t) starTables.push(t.table);
        else {
          columns.push(...t.query.columns);
          starTables.push(...t.query.starTables);
        }
      }
      continue;
    }
    const refs: { table: string | null; column: string }[] = [];
    const aggs: string[] = [];
    walk(expr, refs, aggs);
    const resolved = refs.map((r) => resolve(scope, r));
    const sources = uniqueSources(resolved.flatMap((r) => r.sources));
    const direct = isNode(expr) && expr.type === 'column_ref' && resolved.length === 1;
    const alias = nameOf(item.as);
    const name =
      alias ??
      (isNode(expr) && expr.type === 'column_ref' ? nameOf(expr.column) : null) ??
      sqlText(ctx, expr);
    columns.push({
      name,
      expression: sqlText(ctx, expr),
      through: direct ? resolved[0]!.through : [],
      sources,
      aggregate: aggs[0] ?? (direct ? resolved[0]!.aggregate : null),
      direct: direct && (resolved[0]!.through.length === 0 || resolvedIsDirect(resolved[0]!)),
    });
  }
  // A set operation (UNION …) reads more tables; its columns follow the first branch's names.
  if (isNode(select._next)) {
    const next = analyzeSelect(ctx, select._next);
    next.columns.forEach((c, i) => {
      const own = columns[i];
      if (own) own.sources = uniqueSources([...own.sources, ...c.sources]);
    });
  }
  ctx.ctes = outer;
  return { columns, starTables };
}

function resolvedIsDirect(r: { through: string[] }): boolean {
  return r.through.every((e) => /^[\w.]+$/.test(e));
}

function uniqueSources(sources: SourceColumn[]): SourceColumn[] {
  const seen = new Map<string, SourceColumn>();
  for (const s of sources) seen.set(`${s.table ?? ''}.${s.column.toLowerCase()}`, s);
  return [...seen.values()];
}

function mainSelect(ast: unknown): Node | null {
  const statements: unknown[] = Array.isArray(ast) ? (ast as unknown[]) : [ast];
  for (const s of [...statements].reverse()) {
    if (!isNode(s)) continue;
    if (s.type === 'select') return s;
    if (isNode(s.select)) return s.select;
    if (s.type === 'insert' && isNode(s.values) && s.values.type === 'select') return s.values;
  }
  return null;
}

/** The platform's dialect first, then the others; throws SqlParseError when none parses the query. */
export function analyzeSql(sql: string, platform?: string): SqlAnalysis {
  const parser = new sqlParser.Parser();
  const preferred = platform ? PLATFORM_DIALECTS[platform.toLowerCase()] : undefined;
  const dialects = [...new Set([...(preferred ? [preferred] : []), ...FALLBACK_DIALECTS])];
  let lastError = 'no dialect parsed it';
  for (const dialect of dialects) {
    let ast: unknown;
    try {
      ast = parser.astify(sql, { database: dialect });
    } catch (error) {
      lastError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      continue;
    }
    const select = mainSelect(ast);
    if (!select) throw new SqlParseError('the statement has no SELECT to derive columns from');
    const ctx: Context = { parser, dialect, ctes: new Map(), tables: new Set(), filters: [] };
    const out = analyzeSelect(ctx, select);
    const grain = Array.isArray((select.groupby as Node | null)?.columns)
      ? ((select.groupby as Node).columns as unknown[]).map((g) => sqlText(ctx, g))
      : Array.isArray(select.groupby)
        ? (select.groupby as unknown[]).map((g) => sqlText(ctx, g))
        : [];
    return {
      dialect,
      columns: out.columns,
      starTables: [...new Set(out.starTables)],
      sources: [...ctx.tables].sort(),
      filters: ctx.filters.filter((f) => f !== ''),
      grain,
    };
  }
  throw new SqlParseError(`cannot parse the SQL in any supported dialect: ${lastError}`);
}
