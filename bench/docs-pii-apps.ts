import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sqlParser from 'node-sql-parser';

/**
 * The columns of bench:docs' PII hold-out set: the CREATE TABLE statements of open-source applications as
 * Debian bookworm packages them (dev_env/pii-schemas.list names the packages, versions and files;
 * `bash dev_env/pii-schemas.sh` fetches them into dev_env/.runtime/pii-schemas, which is not committed).
 * Each statement is parsed with node-sql-parser in the file's dialect; a statement it cannot read is split
 * by a plain column-list reader instead, and the two counts are reported so the set's coverage is known.
 */

export type SchemaDialect = 'postgresql' | 'mysql';

export interface AppSchemaFile {
  app: string;
  /** `package=version` as Debian bookworm served it when the set was labelled. */
  pin: string;
  dialect: SchemaDialect;
  /** Path inside the package (and under the app's folder of the runtime directory). */
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
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const APP_SCHEMA_LIST = `${ROOT}dev_env/pii-schemas.list`;
export const APP_SCHEMA_DIR = `${ROOT}dev_env/.runtime/pii-schemas`;

/** The schema files the list names, in order. */
export function readAppSchemaList(text = readFileSync(APP_SCHEMA_LIST, 'utf8')): AppSchemaFile[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [app, pin, dialect, path] = line.split(/\s+/);
      if (!app || !pin || !path || (dialect !== 'postgresql' && dialect !== 'mysql')) {
        throw new Error(`pii-schemas.list: cannot read line "${line}"`);
      }
      return { app, pin, dialect, path };
    });
}

/** The list's files that are not installed (empty when `dev_env/pii-schemas.sh` has run). */
export function missingAppSchemas(files: readonly AppSchemaFile[], dir = APP_SCHEMA_DIR): string[] {
  return files.map((f) => `${dir}/${f.app}/${f.path}`).filter((p) => !existsSync(p));
}

/** Every column of every listed file; the first definition of an app's table wins. */
export function loadAppColumns(files: readonly AppSchemaFile[], dir = APP_SCHEMA_DIR): AppSchemaParse {
  const result: AppSchemaParse = { columns: [], parsed: 0, fallback: 0, unreadable: 0 };
  const seen = new Set<string>();
  for (const file of files) {
    const one = parseCreateTables(
      file.app,
      readFileSync(`${dir}/${file.app}/${file.path}`, 'utf8'),
      file.dialect,
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
    }
    for (const t of tablesHere) seen.add(t);
  }
  return result;
}

/** The columns of the CREATE TABLE statements in one SQL file. */
export function parseCreateTables(app: string, sql: string, dialect: SchemaDialect): AppSchemaParse {
  const parser = new sqlParser.Parser();
  const result: AppSchemaParse = { columns: [], parsed: 0, fallback: 0, unreadable: 0 };
  for (const statement of createTableStatements(stripComments(sql))) {
    let columns: Omit<AppColumn, 'app'>[] | undefined;
    try {
      columns = columnsFromAst(
        parser.astify(statement, { database: dialect === 'mysql' ? 'MySQL' : 'PostgresQL' }),
      );
      if (columns.length) result.parsed += 1;
    } catch {
      columns = undefined;
    }
    if (!columns?.length) {
      columns = columnsFromText(statement);
      if (columns.length) result.fallback += 1;
      else result.unreadable += 1;
    }
    result.columns.push(...columns.map((c) => ({ app, ...c })));
  }
  return result;
}

/** SQL without its comments (string literals kept), so that statement boundaries can be found. */
function stripComments(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; i += 1) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i);
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

/** Each `CREATE TABLE …;` statement of a comment-free file (views, indexes, functions and data are skipped). */
function createTableStatements(sql: string): string[] {
  const statements: string[] = [];
  const start = /\bcreate\s+(?:unlogged\s+|temporary\s+|temp\s+)?table\b/gi;
  for (let m = start.exec(sql); m; m = start.exec(sql)) {
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

/** The plain reader: the table name, then each top-level item of the column list that is not a constraint. */
function columnsFromText(statement: string): Omit<AppColumn, 'app'>[] {
  const head = /^create\s+(?:\w+\s+)*?table\s+(?:if\s+not\s+exists\s+)?([^\s(]+)\s*\(/i.exec(statement);
  if (!head?.[1]) return [];
  const table = unquote(head[1]);
  const body = statement.slice(head[0].length, statement.lastIndexOf(')'));
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (ch === "'" || ch === '"' || ch === '`') i = closingQuote(body, i);
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      items.push(body.slice(from, i));
      from = i + 1;
    }
  }
  items.push(body.slice(from));
  return items
    .map((item) => item.trim())
    .filter((item) => item && !CONSTRAINT_START.test(item))
    .map((item) => {
      const m = /^("[^"]+"|`[^`]+`|[^\s]+)\s+([a-z_][\w ]*?(?:\([^)]*\))?)(?=\s|$)/i.exec(item);
      return {
        table,
        column: unquote(m?.[1] ?? item.split(/\s+/)[0] ?? ''),
        type: (m?.[2] ?? '').toLowerCase(),
      };
    })
    .filter((c) => c.column);
}

/** `schema.name`, `"Name"` or `` `Name` `` → the bare name as written. */
function unquote(name: string): string {
  const last = name.split('.').pop() ?? name;
  return last.replace(/^["`[]|["`\]]$/g, '');
}
