/**
 * The Spider benchmark's catalog (../shared/spider/tables.json, read in place) as DataHub metadata: each
 * database a container, each table a dataset with its schemaMetadata (original column names, types, primary
 * keys) and properties, so the benchmark runs the product path: proposals into the hub, the index following
 * the hub's change events. Gold tables and columns of a question come from its parsed gold SQL.
 */
import { readFileSync } from 'node:fs';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';

export interface SpiderDb {
  db_id: string;
  table_names_original: string[];
  table_names: string[];
  column_names_original: [number, string][];
  column_names: [number, string][];
  column_types: string[];
  primary_keys: (number | number[])[];
  foreign_keys: [number, number][];
}

export interface SpiderQuestion {
  db_id: string;
  question: string;
  query: string;
  sql: unknown;
}

export function readSpider(dir: string): { dbs: SpiderDb[]; questions: SpiderQuestion[] } {
  return {
    dbs: JSON.parse(readFileSync(`${dir}/tables.json`, 'utf8')) as SpiderDb[],
    questions: JSON.parse(readFileSync(`${dir}/dev.json`, 'utf8')) as SpiderQuestion[],
  };
}

export function spiderUrn(db: string, table: string): string {
  return `urn:li:dataset:(urn:li:dataPlatform:sqlite,${db}.${table},PROD)`;
}

const TYPE: Record<string, string> = {
  text: 'com.linkedin.schema.StringType',
  number: 'com.linkedin.schema.NumberType',
  time: 'com.linkedin.schema.TimeType',
  boolean: 'com.linkedin.schema.BooleanType',
  others: 'com.linkedin.schema.NullType',
};

const words = (s: string) =>
  s
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();

export function* spiderProposals(dbs: readonly SpiderDb[]): Iterable<MetadataChangeProposal> {
  const mcp = (entityType: string, entityUrn: string, aspectName: string, aspect: unknown) =>
    ({ entityType, entityUrn, changeType: 'UPSERT', aspectName, aspect }) as MetadataChangeProposal;
  for (const db of dbs) {
    const container = `urn:li:container:spider_${db.db_id}`;
    yield mcp('container', container, 'containerProperties', { name: db.db_id, customProperties: {} });
    yield mcp('container', container, 'subTypes', { typeNames: ['Database'] });
    const pks = new Set(db.primary_keys.flat());
    for (const [t, table] of db.table_names_original.entries()) {
      const urn = spiderUrn(db.db_id, table);
      const cols = db.column_names_original
        .map(([ti, name], ci) => ({ ti, name, ci }))
        .filter((c) => c.ti === t);
      yield* [
        mcp('dataset', urn, 'datasetProperties', {
          name: table,
          qualifiedName: `${db.db_id}.${table}`,
          // The human name of the table, as a catalog's description would carry it when it says more.
          ...(words(db.table_names[t]!) !== words(table) && { description: db.table_names[t] }),
          customProperties: {},
        }),
        mcp('dataset', urn, 'container', { container }),
        mcp('dataset', urn, 'schemaMetadata', {
          schemaName: table,
          platform: 'urn:li:dataPlatform:sqlite',
          version: 0,
          hash: '',
          platformSchema: { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } },
          fields: cols.map((c) => {
            const natural = db.column_names[c.ci]![1];
            return {
              fieldPath: c.name,
              nativeDataType: db.column_types[c.ci],
              type: { type: { [TYPE[db.column_types[c.ci]!] ?? TYPE.others!]: {} } },
              nullable: !pks.has(c.ci),
              isPartOfKey: pks.has(c.ci),
              ...(words(natural) !== words(c.name) && { description: natural }),
            };
          }),
          primaryKeys: cols.filter((c) => pks.has(c.ci)).map((c) => c.name),
        }),
      ];
    }
  }
}

/** Tables (as urns) and columns (as `urn#column`) a gold SQL uses, from Spider's parsed SQL. */
export function goldOf(q: SpiderQuestion, db: SpiderDb): { tables: string[]; columns: string[] } {
  const tables = new Set<number>();
  const columns = new Set<number>();
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) {
      if (node && typeof node === 'object') Object.values(node).forEach(walk);
      return;
    }
    if (node.length === 2 && node[0] === 'table_unit' && typeof node[1] === 'number') {
      tables.add(node[1]);
      return;
    }
    if (
      node.length === 3 &&
      typeof node[0] === 'number' &&
      typeof node[1] === 'number' &&
      typeof node[2] === 'boolean'
    ) {
      if (node[1] > 0) columns.add(node[1]);
      return;
    }
    node.forEach(walk);
  };
  walk(q.sql);
  for (const c of columns) tables.add(db.column_names_original[c]![0]);
  return {
    tables: [...tables].map((t) => spiderUrn(db.db_id, db.table_names_original[t]!)),
    columns: [...columns].map((c) => {
      const [t, name] = db.column_names_original[c]!;
      return `${spiderUrn(db.db_id, db.table_names_original[t]!)}#${name}`;
    }),
  };
}
