import { existsSync, globSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import sqlParser from 'node-sql-parser';

/**
 * The columns of bench:docs' application-schema PII sets: the CREATE TABLE statements of open-source
 * applications. dev_env/pii-schemas.list, pii-schemas-holdout.list and pii-schemas-holdout-4.list (tuning sets,
 * each the hold-out until its one run; Debian bookworm packages) and pii-schemas-holdout-5.list (the reporting
 * hold-out; mostly PyPI, Go module, crates.io and Maven Central archives) name the sources, versions and files;
 * `bash dev_env/pii-schemas.sh` fetches them into dev_env/.runtime/pii-schemas, which is not committed.
 * Each statement is parsed with node-sql-parser in the file's dialect; a statement it cannot read is split
 * by a plain column-list reader instead, and the two counts are reported so the set's coverage is known.
 * Files that are not plain SQL are turned into SQL first (see schemaSqlOf): gzipped files are unpacked and a
 * PHP file gives its CREATE TABLE string literals. A list line whose path is a glob names a migrations folder:
 * its files are read in path order, and their `ALTER TABLE … ADD COLUMN` (and `RENAME COLUMN`) statements add
 * columns to the app's tables, so that the set holds every column the migrations ever create. Plain files are
 * read for their CREATE TABLE statements only, as the earlier sets were labelled (GNUmed's upgrade scripts alter
 * tables too).
 */

export type SchemaDialect = 'postgresql' | 'mysql' | 'sqlite';

const PARSER_DATABASE: Record<SchemaDialect, string> = {
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  sqlite: 'Sqlite',
};

export interface AppSchemaFile {
  app: string;
  /**
   * The source as it was served when the set was labelled: Debian's `package=version` (or `deb:package=version`),
   * `pypi:name==version`, `go:module@version`, `crate:name@version` or `maven:group:artifact:version`.
   */
  pin: string;
  dialect: SchemaDialect;
  /**
   * Path inside the package (and under the app's folder of the runtime directory); a bash extglob (`*`, `?`,
   * `[…]`, `@(a|b)`, `+(…)`) names a migrations folder's files.
   */
  path: string;
}

export interface AppColumn {
  app: string;
  table: string;
  column: string;
  type: string;
}

export interface AppSchemaParse {
  columns: AppColumn[];
  /** CREATE TABLE statements node-sql-parser read. */
  parsed: number;
  /** Statements it could not read, whose columns came from the plain column-list reader. */
  fallback: number;
  /** Statements neither could read (their columns are missing from the set). */
  unreadable: number;
  /** With `alters`: the columns the file's ALTER TABLE statements add, in order, for the loader to apply. */
  added?: AppColumn[];
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const APP_SCHEMA_LIST = `${ROOT}dev_env/pii-schemas.list`;
export const APP_SCHEMA_HOLDOUT_LIST = `${ROOT}dev_env/pii-schemas-holdout.list`;
export const APP_SCHEMA_HOLDOUT_4_LIST = `${ROOT}dev_env/pii-schemas-holdout-4.list`;
export const APP_SCHEMA_HOLDOUT_5_LIST = `${ROOT}dev_env/pii-schemas-holdout-5.list`;
export const APP_SCHEMA_DIR = `${ROOT}dev_env/.runtime/pii-schemas`;

/** The schema files the list names, in order. */
export function readAppSchemaList(text = readFileSync(APP_SCHEMA_LIST, 'utf8')): AppSchemaFile[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [app, pin, dialect, path] = line.split(/\s+/);
      if (!app || !pin || !path || !dialect || !(dialect in PARSER_DATABASE)) {
        throw new Error(`pii-schemas.list: cannot read line "${line}"`);
      }
      return { app, pin, dialect: dialect as SchemaDialect, path };
    });
}

const GLOB = /[*?[]|[@+!]\(/;

/** Whether a list line names a migrations folder's files rather than one file. */
export function isMigrationGlob(path: string): boolean {
  return GLOB.test(path);
}

/**
 * The installed paths (under the app's folder) a list line names: itself, or a glob's matches in path order
 * (migrations are named so that this is the order they run in).
 */
export function schemaPathsOf(file: AppSchemaFile, dir = APP_SCHEMA_DIR): string[] {
  if (!isMigrationGlob(file.path)) return [file.path];
  return globSync(file.path, { cwd: `${dir}/${file.app}` })
    .map((p) => p.split('\\').join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The list's files that are not installed (empty when `dev_env/pii-schemas.sh` has run). */
export function missingAppSchemas(files: readonly AppSchemaFile[], dir = APP_SCHEMA_DIR): string[] {
  return files
    .filter((f) => {
      const paths = schemaPathsOf(f, dir);
      return paths.length === 0 || paths.some((p) => !existsSync(`${dir}/${f.app}/${p}`));
    })
    .map((f) => `${dir}/${f.app}/${f.path}`);
}

/**
 * Every column of every listed file; the first definition of an app's table wins. A migrations folder's ALTER
 * TABLE statements then add the columns its tables lack (a column an app table already has is kept as it is).
 */
export function loadAppColumns(files: readonly AppSchemaFile[], dir = APP_SCHEMA_DIR): AppSchemaParse {
  const result: AppSchemaParse = { columns: [], parsed: 0, fallback: 0, unreadable: 0 };
  const seen = new Set<string>();
  /** `app\u001ftable` (lower case) → the table's name as created and its columns (lower case). */
  const tables = new Map<string, { table: string; columns: Set<string> }>();
  const keyOf = (app: string, table: string) => `${app}\u001f${table.toLowerCase()}`;
  for (const file of files) {
    const alters = isMigrationGlob(file.path);
    for (const path of schemaPathsOf(file, dir)) {
      const one = parseCreateTables(
        file.app,
        schemaSqlOf(path, readFileSync(`${dir}/${file.app}/${path}`)),
        file.dialect,
        { alters },
      );
      result.parsed += one.parsed;
      result.fallback += one.fallback;
      result.unreadable += one.unreadable;
      const tablesHere = new Set<string>();
      for (const c of one.columns) {
        const table = `${c.app}\u001f${c.table}`;
        if (seen.has(table) && !tablesHere.has(table)) continue;
        tablesHere.add(table);
        result.columns.push(c);
        const known = tables.get(keyOf(c.app, c.table)) ?? { table: c.table, columns: new Set<string>() };
        known.columns.add(c.column.toLowerCase());
        tables.set(keyOf(c.app, c.table), known);
      }
      for (const t of tablesHere) seen.add(t);
      for (const c of one.added ?? []) {
        const known = tables.get(keyOf(c.app, c.table));
        if (!known || known.columns.has(c.column.toLowerCase())) continue;
        known.columns.add(c.column.toLowerCase());
        result.columns.push({ ...c, table: known.table });
      }
    }
  }
  return result;
}

/**
 * The SQL text of a schema file. Most are plain SQL (whatever their extension); `.gz` files are gunzipped (Zabbix
 * and jabberd2 ship their schema compressed), and a `.php` file is read as PHP that builds its CREATE TABLE
 * statements in string literals (WordPress's wp-admin/includes/schema.php): see phpCreateTables. A README
 * (amavisd-new's README.sql-pg) is prose followed by the schema: it is read from its first line that starts a
 * CREATE TABLE, because the prose's apostrophes would otherwise open string literals that swallow the statements.
 */
export function schemaSqlOf(path: string, bytes: Buffer): string {
  const unpacked = path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  const text = unpacked.toString('utf8');
  if (/\.php(?:\.gz)?$/.test(path)) return phpCreateTables(text);
  if (/(?:^|\/)README[^/]*$/.test(path)) return text.slice(Math.max(0, text.search(/^CREATE TABLE/im)));
  return text;
}

/** PHP's escapes in double-quoted strings that schema files use; any other backslash stays as written. */
const PHP_ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * The CREATE TABLE statements a PHP file writes in double-quoted string literals, as SQL. Inside those strings
 * `$wpdb->name` is WordPress's table name with its default prefix (`wp_name`), a variable assigned an integer in
 * the file (`$max_index_length = 191;`) takes that value, and any other variable (`$charset_collate`, the table
 * options a site configures) is dropped. A table that two literals create (WordPress's single-site and
 * multisite `users`) is taken from the first, as across files. Other PHP (concatenation, single-quoted strings,
 * heredocs) is not read: a file built that way yields fewer statements, which the set's table counts show.
 */
export function phpCreateTables(php: string): string {
  const integers = new Map<string, string>();
  for (const m of php.matchAll(/\$(\w+)\s*=\s*(\d+)\s*;/g)) integers.set(m[1] ?? '', m[2] ?? '');
  const statements: string[] = [];
  const tables = new Set<string>();
  for (const m of php.matchAll(/"((?:[^"\\]|\\.)*)"/gs)) {
    const literal = m[1] ?? '';
    if (!/\bcreate\s+table\b/i.test(literal)) continue;
    const sql = literal.replace(
      /\\(.)|\$wpdb->(\w+)|\$(\w+)/gs,
      (whole, escaped?: string, table?: string, variable?: string) => {
        if (escaped !== undefined) return PHP_ESCAPES[escaped] ?? whole;
        if (table !== undefined) return `wp_${table}`;
        return integers.get(variable ?? '') ?? '';
      },
    );
    for (const statement of sql.split(/(?=\bcreate\s+table\b)/i)) {
      const name = /^create\s+table\s+(?:if\s+not\s+exists\s+)?([^\s(]+)/i.exec(statement)?.[1];
      if (!name || tables.has(name.toLowerCase())) continue;
      tables.add(name.toLowerCase());
      statements.push(statement.trim().replace(/;?$/, ';'));
    }
  }
  return statements.join('\n');
}

/**
 * The columns of the CREATE TABLE statements in one SQL file; with `alters`, also the columns its ALTER TABLE
 * statements add or rename to (in `added`, in file order, whatever file created the table).
 */
export function parseCreateTables(
  app: string,
  sql: string,
  dialect: SchemaDialect,
  options: { alters?: boolean } = {},
): AppSchemaParse {
  const parser = new sqlParser.Parser();
  const result: AppSchemaParse = { columns: [], parsed: 0, fallback: 0, unreadable: 0 };
  if (options.alters) result.added = [];
  const tables = new Map<string, Omit<AppColumn, 'app' | 'table'>[]>();
  const types = new Map<string, string>();
  for (const statement of tableStatements(stripComments(sql, dialect), dialect, options.alters)) {
    if (/^alter\b/i.test(statement)) {
      result.added?.push(...alteredColumns(statement, types).map((c) => ({ app, ...c })));
      continue;
    }
    let columns = astColumns(parser, statement, dialect);
    const parsed = columns.length > 0;
    if (!parsed) columns = columnsFromText(statement, tables);
    columns = withInheritedColumns(statement, columns, tables);
    if (parsed) result.parsed += 1;
    else if (columns.length) result.fallback += 1;
    else result.unreadable += 1;
    const table = columns[0]?.table;
    if (table && !tables.has(table.toLowerCase())) {
      tables.set(
        table.toLowerCase(),
        columns.map(({ column, type }) => ({ column, type })),
      );
    }
    for (const c of columns) types.set(`${c.table.toLowerCase()}\u001f${c.column.toLowerCase()}`, c.type);
    result.columns.push(...columns.map((c) => ({ app, ...c })));
  }
  return result;
}

const ALTER_HEAD = /^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?("[^"]+"|`[^`]+`|[^\s(]+)\s+/i;

/**
 * The columns an `ALTER TABLE` statement adds (`ADD [COLUMN] [IF NOT EXISTS] name type`, one or several
 * actions) or renames to (`RENAME [COLUMN] old TO new`, typed as the file's CREATE TABLE typed `old`, else
 * untyped). Constraints, indexes, drops and type changes add nothing.
 */
function alteredColumns(statement: string, types: ReadonlyMap<string, string>): Omit<AppColumn, 'app'>[] {
  const head = ALTER_HEAD.exec(statement);
  if (!head?.[1]) return [];
  const table = unquote(head[1]);
  return topLevelItems(statement.slice(head[0].length)).flatMap((action): Omit<AppColumn, 'app'>[] => {
    const add = /^add\s+(column\s+)?(?:if\s+not\s+exists\s+)?(.*)$/is.exec(action);
    if (add) {
      const rest = add[2] ?? '';
      if (!add[1] && CONSTRAINT_START.test(rest)) return [];
      const m = COLUMN_ITEM.exec(rest);
      return m?.[1] ? [{ table, column: unquote(m[1]), type: (m[2] ?? '').toLowerCase() }] : [];
    }
    const rename = /^rename\s+(?:column\s+)?("[^"]+"|`[^`]+`|\S+)\s+to\s+("[^"]+"|`[^`]+`|\S+)$/i.exec(
      action,
    );
    if (!rename?.[1] || !rename[2] || /^to$/i.test(rename[1])) return [];
    const from = unquote(rename[1]).toLowerCase();
    return [
      { table, column: unquote(rename[2]), type: types.get(`${table.toLowerCase()}\u001f${from}`) ?? '' },
    ];
  });
}

/** The comma-separated items of a list, split at the top level (not inside parentheses or quotes), trimmed. */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') i = closingQuote(text, i);
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(from, i));
      from = i + 1;
    }
  }
  items.push(text.slice(from));
  return items.map((item) => item.trim()).filter(Boolean);
}

/** The statement's columns as node-sql-parser reads them; none when it cannot. */
function astColumns(
  parser: InstanceType<typeof sqlParser.Parser>,
  statement: string,
  dialect: SchemaDialect,
): Omit<AppColumn, 'app'>[] {
  try {
    return columnsFromAst(parser.astify(statement, { database: PARSER_DATABASE[dialect] }));
  } catch {
    return [];
  }
}

/**
 * PostgreSQL's `CREATE TABLE child (…) INHERITS (parent, …)`: the child has its parents' columns first, then its
 * own (a column it declares again is merged, as PostgreSQL does). LedgerSMB builds its note, translation and file
 * tables this way, often with no column of their own. Parents are looked up among the file's earlier tables.
 */
function withInheritedColumns(
  statement: string,
  own: Omit<AppColumn, 'app'>[],
  tables: ReadonlyMap<string, Omit<AppColumn, 'app' | 'table'>[]>,
): Omit<AppColumn, 'app'>[] {
  const parents = /\)\s*inherits\s*\(([^)]*)\)[^()]*$/i.exec(statement)?.[1];
  const table = own[0]?.table ?? tableNameOf(statement);
  if (!parents || !table) return own;
  const inherited = parents
    .split(',')
    .flatMap((parent) => tables.get(unquote(parent.trim()).toLowerCase()) ?? [])
    .map((c) => ({ table, ...c }));
  const names = new Set(inherited.map((c) => c.column.toLowerCase()));
  return [...inherited, ...own.filter((c) => !names.has(c.column.toLowerCase()))];
}

/** SQL without its comments (string literals kept), so that statement boundaries can be found. */
function stripComments(sql: string, dialect: SchemaDialect): string {
  let out = '';
  for (let i = 0; i < sql.length; i += 1) {
    const ch = sql[i];
    const end = literalEnd(sql, i, dialect);
    if (end >= 0) {
      out += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
      out += '\n';
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

const DOLLAR_TAG = /\$(?:[A-Za-z_]\w*)?\$/y;

/**
 * When a quoted string, a quoted name or (in PostgreSQL) a dollar-quoted body starts at `start`, the offset of
 * its last character; else -1. Dollar-quoted bodies hold function code and COMMENT texts, whose apostrophes
 * and dashes are not SQL.
 */
function literalEnd(sql: string, start: number, dialect: SchemaDialect): number {
  const ch = sql[start];
  if (ch === "'" || ch === '"' || ch === '`') return closingQuote(sql, start);
  if (ch !== '$' || dialect !== 'postgresql' || /\w/.test(sql[start - 1] ?? '')) return -1;
  DOLLAR_TAG.lastIndex = start;
  const tag = DOLLAR_TAG.exec(sql)?.[0];
  if (!tag) return -1;
  const close = sql.indexOf(tag, start + tag.length);
  return close < 0 ? sql.length - 1 : close + tag.length - 1;
}

function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i += 1) {
    if (sql[i] === '\\' && quote === "'") i += 1;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 1;
      else return i;
    }
  }
  return sql.length - 1;
}

/**
 * Each `CREATE TABLE …;` statement (and with `alters`, each `ALTER TABLE …;`) of a comment-free file, in order
 * (views, indexes, functions and data are skipped, and so is a statement written inside a string or a PostgreSQL
 * dollar-quoted function body, which a function runs later with names it computes).
 */
function tableStatements(sql: string, dialect: SchemaDialect, alters = false): string[] {
  const literals = literalRanges(sql, dialect);
  const statements: string[] = [];
  const start = alters
    ? /\b(?:create\s+(?:unlogged\s+|temporary\s+|temp\s+)?table|alter\s+table)\b/gi
    : /\bcreate\s+(?:unlogged\s+|temporary\s+|temp\s+)?table\b/gi;
  let literal = 0;
  for (let m = start.exec(sql); m; m = start.exec(sql)) {
    while (literal < literals.length && (literals[literal]?.[1] ?? 0) < m.index) literal += 1;
    const inside = literals[literal];
    if (inside && inside[0] < m.index) {
      start.lastIndex = inside[1] + 1;
      continue;
    }
    let depth = 0;
    let i = m.index;
    for (; i < sql.length; i += 1) {
      const ch = sql[i];
      if (ch === "'" || ch === '"' || ch === '`') i = closingQuote(sql, i);
      else if (ch === '(') depth += 1;
      else if (ch === ')') depth -= 1;
      else if (ch === ';' && depth <= 0) break;
    }
    statements.push(sql.slice(m.index, i));
    start.lastIndex = i;
  }
  return statements;
}

/** The [first, last] offsets of the file's quoted strings and, in PostgreSQL, dollar-quoted bodies, in order. */
function literalRanges(sql: string, dialect: SchemaDialect): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < sql.length; i += 1) {
    const end = literalEnd(sql, i, dialect);
    if (end >= 0) {
      ranges.push([i, end]);
      i = end;
    }
  }
  return ranges;
}

interface CreateDefinition {
  resource?: string;
  column?: { column?: unknown };
  definition?: { dataType?: string; length?: number | null; scale?: number | null };
}

function columnsFromAst(ast: unknown): Omit<AppColumn, 'app'>[] {
  const create = (Array.isArray(ast) ? ast[0] : ast) as {
    type?: string;
    keyword?: string;
    table?: { table?: string }[];
    create_definitions?: CreateDefinition[] | null;
  };
  const table = create?.table?.[0]?.table;
  if (create?.type !== 'create' || create.keyword !== 'table' || !table) return [];
  return (create.create_definitions ?? [])
    .filter((d) => d.resource === 'column')
    .map((d) => ({
      table: unquote(table),
      column: unquote(identifierText(d.column?.column)),
      type: typeText(d.definition),
    }))
    .filter((c) => c.column);
}

/** node-sql-parser gives a column as a string or as `{ expr: { value } }` depending on version and dialect. */
function identifierText(value: unknown): string {
  if (typeof value === 'string') return value;
  const expr = (value as { expr?: { value?: unknown } } | undefined)?.expr;
  return typeof expr?.value === 'string' ? expr.value : '';
}

function typeText(definition: CreateDefinition['definition']): string {
  if (!definition?.dataType) return '';
  const { length, scale } = definition;
  const size = length == null ? '' : `(${length}${scale == null ? '' : `,${scale}`})`;
  return `${definition.dataType.toLowerCase()}${size}`;
}

const CONSTRAINT_START =
  /^(?:constraint|primary|unique|key|index|foreign|check|exclude|fulltext|spatial|like)\b/i;

/** A column definition: its name, then its type (with a size in parentheses). */
const COLUMN_ITEM = /^("[^"]+"|`[^`]+`|[^\s]+)\s+([a-z_][\w ]*?(?:\([^)]*\))?)(?=\s|$)/i;

/**
 * The plain reader: the table name, then each top-level item of the column list that is not a constraint; a
 * `LIKE other` item stands for the columns of an earlier table of the file (Bacula's JobHisto is `LIKE Job`).
 */
function columnsFromText(
  statement: string,
  tables: ReadonlyMap<string, Omit<AppColumn, 'app' | 'table'>[]>,
): Omit<AppColumn, 'app'>[] {
  const head = /^create\s+(?:\w+\s+)*?table\s+(?:if\s+not\s+exists\s+)?([^\s(]+)\s*\(/i.exec(statement);
  if (!head?.[1]) return [];
  const table = unquote(head[1]);
  const items: string[] = [];
  let depth = 0;
  let from = head[0].length;
  for (let i = from; i < statement.length && depth >= 0; i += 1) {
    const ch = statement[i];
    if (ch === "'" || ch === '"' || ch === '`') i = closingQuote(statement, i);
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    if ((ch === ',' && depth === 0) || depth < 0) {
      items.push(statement.slice(from, i));
      from = i + 1;
    }
  }
  if (depth >= 0) items.push(statement.slice(from));
  return items
    .map((item) => item.trim())
    .flatMap((item): Omit<AppColumn, 'app'>[] => {
      const like = /^like\s+([^\s,()]+)/i.exec(item)?.[1];
      if (like) return (tables.get(unquote(like).toLowerCase()) ?? []).map((c) => ({ table, ...c }));
      if (!item || CONSTRAINT_START.test(item)) return [];
      const m = COLUMN_ITEM.exec(item);
      return [
        {
          table,
          column: unquote(m?.[1] ?? item.split(/\s+/)[0] ?? ''),
          type: (m?.[2] ?? '').toLowerCase(),
        },
      ];
    })
    .filter((c) => c.column);
}

/** The name a CREATE TABLE statement gives its table. */
function tableNameOf(statement: string): string | undefined {
  const name = /^create\s+(?:\w+\s+)*?table\s+(?:if\s+not\s+exists\s+)?([^\s(]+)/i.exec(statement)?.[1];
  return name ? unquote(name) : undefined;
}

/** `schema.name`, `"Name"` or `` `Name` `` → the bare name as written. */
function unquote(name: string): string {
  const last = name.split('.').pop() ?? name;
  return last.replace(/^["`[]|["`\]]$/g, '');
}
