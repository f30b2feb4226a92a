import {
  schemaFieldUrn,
  tableNameOf,
  type CatalogView,
  type DatasetView,
  type FieldView,
} from './catalog-view.js';
import { analyzeSql, SqlParseError, type DerivedColumn, type SqlAnalysis } from './sql-lineage.js';
import type { Evidence, Proposal } from './types.js';

/**
 * Column descriptions and column-level lineage from the SQL behind a dataset (or, without SQL, from the lineage
 * DataHub has): each undocumented column gets its upstream column's documentation and the expression that
 * derives it; each column DataHub has no fine-grained lineage for gets the upstream columns the SQL reads.
 */

export interface UpstreamField {
  urn: string;
  fieldPath: string;
  description: string | null;
}

const AGGREGATE_WORDS: Record<string, string> = {
  SUM: 'Sum',
  COUNT: 'Count',
  AVG: 'Average',
  MIN: 'Minimum',
  MAX: 'Maximum',
  MEDIAN: 'Median',
  STDDEV: 'Standard deviation',
  ANY_VALUE: 'Any value',
  LISTAGG: 'List',
  ARRAY_AGG: 'List',
};

/** The SQL's analysis, or the reason it could not be parsed (for the evidence); null without SQL. */
export function analysisOf(dataset: DatasetView): SqlAnalysis | { error: string } | null {
  if (!dataset.sql || dataset.sql.language.toUpperCase() !== 'SQL') return null;
  try {
    return analyzeSql(dataset.sql.sql, dataset.platform);
  } catch (error) {
    if (error instanceof SqlParseError) return { error: error.message };
    throw error;
  }
}

/** Datasets by their table name, for source tables the SQL names that lineage does not. */
export function datasetsByTableName(catalog: CatalogView): Map<string, DatasetView[]> {
  const byName = new Map<string, DatasetView[]>();
  for (const d of catalog.datasets.values()) {
    const list = byName.get(d.name.toLowerCase()) ?? [];
    list.push(d);
    byName.set(d.name.toLowerCase(), list);
  }
  return byName;
}

function fieldIn(d: DatasetView, column: string): FieldView | undefined {
  const c = column.toLowerCase();
  return d.fields.find((f) => f.fieldPath.toLowerCase() === c || f.fieldPath.toLowerCase().endsWith(`.${c}`));
}

/** The datasets a source table name stands for: the dataset's upstreams of that name first, then the catalog's. */
function candidates(
  table: string,
  dataset: DatasetView,
  catalog: CatalogView,
  byName: Map<string, DatasetView[]>,
): DatasetView[] {
  const ups = dataset.upstreams
    .filter((u) => tableNameOf(u) === table)
    .map((u) => catalog.datasets.get(u))
    .filter((d): d is DatasetView => d !== undefined);
  if (ups.length > 0) return ups;
  return (byName.get(table) ?? []).filter((d) => d.urn !== dataset.urn);
}

/** The upstream fields a derived column reads, resolved to datasets of the catalog. */
export function resolveSources(
  column: DerivedColumn,
  analysis: SqlAnalysis,
  dataset: DatasetView,
  catalog: CatalogView,
  byName: Map<string, DatasetView[]>,
): UpstreamField[] {
  const out: UpstreamField[] = [];
  for (const s of column.sources) {
    const tables = s.table ? [s.table] : analysis.sources;
    let found: UpstreamField | null = null;
    for (const t of tables) {
      for (const d of candidates(t, dataset, catalog, byName)) {
        const f = fieldIn(d, s.column);
        // A documented field wins over an undocumented copy of the same table on another platform.
        if (f && (!found || (!found.description && f.description)))
          found = { urn: d.urn, fieldPath: f.fieldPath, description: f.description };
      }
      if (found) break;
    }
    if (found) out.push(found);
  }
  return out;
}

const quoteField = (u: UpstreamField) => `\`${tableNameOf(u.urn)}.${u.fieldPath}\``;

/** The first expression on the way from the column to its sources that does more than copy a column. */
function derivingExpression(column: DerivedColumn): string | null {
  return [column.expression, ...column.through].find((e) => e !== '' && !/^[\w.]+$/.test(e)) ?? null;
}

/** A column's description in plain words, from the SQL and the upstream documentation. */
export function describeDerivedColumn(
  column: DerivedColumn,
  upstream: UpstreamField[],
  analysis: SqlAnalysis,
): { text: string; confidence: number } | null {
  const documented = upstream.filter((u) => u.description);
  const expression = derivingExpression(column);
  if (column.direct && upstream.length === 1 && documented.length === 1 && !column.aggregate)
    return { text: documented[0]!.description!.trim(), confidence: 0.9 };
  if (upstream.length === 0 && !expression) return null;
  const parts: string[] = [];
  const grain = analysis.grain.length > 0 ? ` per ${analysis.grain.join(', ')}` : '';
  const filters = analysis.filters.length > 0 ? `, where ${analysis.filters.join(' and ')}` : '';
  if (column.aggregate && upstream.length <= 1) {
    const word = AGGREGATE_WORDS[column.aggregate] ?? column.aggregate;
    const distinct = expression && /\bDISTINCT\b/i.test(expression) ? 'distinct ' : '';
    const of = upstream.length === 1 ? quoteField(upstream[0]!) : 'rows';
    parts.push(`${word} of ${distinct}${of}${grain}${filters}.`);
  } else if (expression) {
    parts.push(
      upstream.length > 0
        ? `Derived from ${upstream.map(quoteField).join(', ')} as \`${expression}\`${column.aggregate ? grain : ''}.`
        : `Computed as \`${expression}\`.`,
    );
  } else {
    parts.push(`Copied from ${upstream.map(quoteField).join(', ')}.`);
  }
  for (const u of documented) parts.push(`${quoteField(u)}: ${u.description!.trim()}`);
  return { text: parts.join(' '), confidence: documented.length > 0 ? 0.7 : 0.5 };
}

function transformOperation(column: DerivedColumn): string {
  if (column.aggregate) return `AGGREGATE:${column.aggregate}`;
  return column.direct ? 'IDENTITY' : 'TRANSFORM';
}

/** The derived column of a field: by name, or through `SELECT t.*` of a base table. */
function derivedFor(field: FieldView, analysis: SqlAnalysis): DerivedColumn | null {
  const name = field.fieldPath.toLowerCase();
  const c = analysis.columns.find((x) => x.name.toLowerCase() === name);
  if (c) return c;
  if (analysis.starTables.length === 1)
    return {
      name: field.fieldPath,
      expression: field.fieldPath,
      through: [],
      sources: [{ table: analysis.starTables[0]!, column: field.fieldPath }],
      aggregate: null,
      direct: true,
    };
  return null;
}

/** Upstream fields of the same name in the dataset's upstream datasets (lineage without SQL). */
function sameNameUpstreams(field: FieldView, dataset: DatasetView, catalog: CatalogView): UpstreamField[] {
  const out: UpstreamField[] = [];
  for (const u of dataset.upstreams) {
    const d = catalog.datasets.get(u);
    const f = d && fieldIn(d, field.fieldPath);
    if (d && f) out.push({ urn: d.urn, fieldPath: f.fieldPath, description: f.description });
  }
  return out;
}

function lineageProposal(
  dataset: DatasetView,
  field: FieldView,
  upstream: UpstreamField[],
  operation: string,
  evidence: Evidence[],
  confidence: number,
): Proposal {
  return {
    datasetUrn: dataset.urn,
    fieldPath: field.fieldPath,
    kind: 'column_lineage',
    value: {
      kind: 'column_lineage',
      downstream: schemaFieldUrn(dataset.urn, field.fieldPath),
      upstreams: upstream.map((u) => schemaFieldUrn(u.urn, u.fieldPath)),
      transformOperation: operation,
    },
    baseline: null,
    evidence,
    confidence,
    phrasedBy: 'deterministic',
  };
}

/** Column description and column lineage proposals for one dataset. */
export function columnProposals(
  dataset: DatasetView,
  catalog: CatalogView,
  byName: Map<string, DatasetView[]>,
): Proposal[] {
  const proposals: Proposal[] = [];
  const analysis = analysisOf(dataset);
  const parsed = analysis && !('error' in analysis) ? analysis : null;
  for (const field of dataset.fields) {
    const derived = parsed ? derivedFor(field, parsed) : null;
    const upstream = derived && parsed ? resolveSources(derived, parsed, dataset, catalog, byName) : [];
    const evidence: Evidence[] = [];
    if (derived && dataset.sql)
      evidence.push({
        kind: 'sql',
        detail: `${dataset.sql.origin}${dataset.sql.job ? ` of ${dataset.sql.job}` : ''} (${parsed!.dialect}): ${derived.name} = ${derived.expression}${derived.through.length ? ` ← ${derived.through.join(' ← ')}` : ''}`,
        urn: dataset.urn,
        fieldPath: field.fieldPath,
      });
    if (derived && upstream.length > 0 && !dataset.columnLineage.has(field.fieldPath)) {
      proposals.push(
        lineageProposal(
          dataset,
          field,
          upstream,
          transformOperation(derived),
          [...evidence],
          upstream.length === derived.sources.length ? 0.9 : 0.6,
        ),
      );
    }
    if (!derived && !dataset.columnLineage.has(field.fieldPath) && (!parsed || parsed.columns.length === 0)) {
      // No SQL to read it from: a column of the same name in an upstream dataset is taken to be its source.
      const same = sameNameUpstreams(field, dataset, catalog);
      const detail = `same column name in upstream ${same.map(quoteField).join(', ')}`;
      if (same.length > 0)
        proposals.push(
          lineageProposal(
            dataset,
            field,
            same,
            'IDENTITY',
            [{ kind: 'lineage', detail, urn: dataset.urn, fieldPath: field.fieldPath }],
            0.55,
          ),
        );
    }
    if (field.description) continue;
    let described: { text: string; confidence: number } | null = null;
    let sources = upstream;
    if (derived && parsed) described = describeDerivedColumn(derived, upstream, parsed);
    if (!described) {
      // No SQL for it: DataHub's own column lineage, else a column of the same name upstream.
      const lineage = dataset.columnLineage.get(field.fieldPath);
      sources = lineage
        ? lineage
            .map((l) => {
              const f = catalog.datasets.get(l.urn)?.fields.find((x) => x.fieldPath === l.fieldPath);
              return f ? { urn: l.urn, fieldPath: f.fieldPath, description: f.description } : null;
            })
            .filter((u): u is UpstreamField => u !== null)
        : sameNameUpstreams(field, dataset, catalog);
      const docs = [...new Set(sources.map((s) => s.description?.trim()).filter((d): d is string => !!d))];
      if (docs.length === 1) {
        described = { text: docs[0]!, confidence: lineage ? 0.8 : 0.7 };
        evidence.push({
          kind: 'lineage',
          detail: lineage
            ? `DataHub's column lineage: ${sources.map(quoteField).join(', ')}`
            : `same column name in upstream ${sources.map(quoteField).join(', ')}`,
          urn: dataset.urn,
          fieldPath: field.fieldPath,
        });
      }
    }
    if (!described) continue;
    for (const u of sources)
      if (u.description)
        evidence.push({ kind: 'upstream_doc', detail: u.description, urn: u.urn, fieldPath: u.fieldPath });
    proposals.push({
      datasetUrn: dataset.urn,
      fieldPath: field.fieldPath,
      kind: 'column_description',
      value: { kind: 'column_description', text: described.text },
      baseline: field.editableDescription,
      evidence,
      confidence: described.confidence,
      phrasedBy: 'deterministic',
    });
  }
  return proposals;
}
