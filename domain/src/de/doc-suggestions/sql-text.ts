/**
 * The SQL behind a dataset as DataHub stores it: a view's or dbt model's `viewProperties` (dbt's raw code is
 * Jinja-templated; its compiled form is plain SQL), or a data job's `dataTransformLogic`. Jinja is reduced to
 * what dbt compiles it to for a full refresh: `ref('m')` and `source('s', 't')` become the table names, config
 * blocks and incremental-only branches go.
 */

export interface DatasetSql {
  sql: string;
  /** The language DataHub recorded (SQL, m_query, lookml…); only SQL is parsed. */
  language: string;
  /** Where it came from, for the evidence. */
  origin: 'viewProperties' | 'dataTransformLogic';
  /** The data job whose dataTransformLogic it is, when it is a job's that writes the dataset. */
  job?: string;
}

const INCREMENTAL_BLOCK = /\{%-?\s*if\s+is_incremental\(\)\s*-?%\}[\s\S]*?\{%-?\s*endif\s*-?%\}/g;
const REF = /\{\{-?\s*ref\(\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?\s*\)\s*-?\}\}/g;
const SOURCE = /\{\{-?\s*source\(\s*['"][^'"]+['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*-?\}\}/g;

/** dbt's Jinja reduced to the SQL a full refresh runs. */
export function stripJinja(sql: string): string {
  let out = sql
    .replace(/\{#[\s\S]*?#\}/g, '')
    .replace(INCREMENTAL_BLOCK, '')
    .replace(REF, (_m, a: string, b: string | undefined) => b ?? a)
    .replace(SOURCE, (_m, table: string) => table);
  // Nested expressions (a config block holding `{{ this }}`) go innermost first.
  for (let i = 0; i < 8 && /\{\{[^{}]*\}\}/.test(out); i++) out = out.replace(/\{\{[^{}]*\}\}/g, '');
  return out.replace(/\{%[\s\S]*?%\}/g, '').trim();
}

/** The SQL stored on a dataset's aspects (viewProperties) or a job's (dataTransformLogic), if any. */
export function sqlOfAspects(aspects: ReadonlyMap<string, unknown>): DatasetSql | null {
  const view = aspects.get('viewProperties') as
    { viewLogic?: unknown; viewLanguage?: unknown; formattedViewLogic?: unknown } | undefined;
  if (view && typeof view.viewLogic === 'string' && view.viewLogic.trim() !== '') {
    return {
      sql: stripJinja(view.viewLogic),
      language: typeof view.viewLanguage === 'string' ? view.viewLanguage : 'SQL',
      origin: 'viewProperties',
    };
  }
  const logic = aspects.get('dataTransformLogic') as
    { transforms?: { queryStatement?: { value?: unknown; language?: unknown } }[] } | undefined;
  const statement = logic?.transforms?.find(
    (t) => typeof t.queryStatement?.value === 'string',
  )?.queryStatement;
  if (statement && typeof statement.value === 'string') {
    return {
      sql: stripJinja(statement.value),
      language: typeof statement.language === 'string' ? statement.language : 'SQL',
      origin: 'dataTransformLogic',
    };
  }
  return null;
}
