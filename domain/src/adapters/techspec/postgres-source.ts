import postgres from 'postgres';
import { z } from 'zod';
import type {
  PostgresIndexSpec,
  PostgresTableSpec,
  SpecObservation,
  TechSpecSource,
  TechSpecSourceType,
} from '../../ports/techspec-source.js';
import { datasetUrn, fabricSchema, matcherOf, regexSchema, sourceFailure } from './common.js';

const configSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().min(1),
    user: z.string().min(1),
    password: z.string().optional(),
    ssl: z.enum(['disable', 'require', 'prefer']).default('prefer'),
    /** Schemas to read (all but the system ones when absent). */
    schemas: z.array(z.string().min(1)).min(1).optional(),
    /** A regular expression over `schema.table`; only matching tables are read. */
    tablePattern: regexSchema.optional(),
    env: fabricSchema,
    /** DataHub's platform_instance of the recipe that ingested the database, prefixed to the name. */
    platformInstance: z.string().min(1).optional(),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

type PostgresSourceConfig = z.infer<typeof configSchema>;

interface TableRow extends Record<string, unknown> {
  oid: number;
  schema: string;
  table: string;
  relkind: string;
  total: string;
  tbl: string;
  idx: string;
  toast: string;
  est: number;
  fillfactor: string | null;
  tablespace: string;
  partstrat: string | null;
  partkey: string | null;
  parent: number | null;
  last_vacuum: Date | null;
  last_autovacuum: Date | null;
  last_analyze: Date | null;
  last_autoanalyze: Date | null;
  n_live_tup: string | null;
  n_dead_tup: string | null;
}

interface IndexRow extends Record<string, unknown> {
  table_oid: number;
  name: string;
  definition: string;
  size: string;
  unique: boolean;
  primary: boolean;
}

const STRATEGY: Record<string, string> = { r: 'RANGE', l: 'LIST', h: 'HASH' };

const time = (d: Date | null): number | null => (d ? d.getTime() : null);

/** Reads the specs of a database's tables from its catalog: sizes, indexes, partitioning, vacuum state. */
function openPostgresSource(name: string, config: PostgresSourceConfig): TechSpecSource {
  const include = matcherOf(config.tablePattern);
  return {
    type: 'postgres',
    name,
    async collect({ signal, onProgress }) {
      const sql = postgres({
        host: config.host,
        port: config.port,
        database: config.database,
        username: config.user,
        ...(config.password !== undefined && { password: config.password }),
        ssl: config.ssl === 'disable' ? false : config.ssl,
        max: 1,
        connect_timeout: Math.max(1, Math.ceil(config.connectTimeoutMs / 1000)),
        idle_timeout: 5,
        onnotice: () => undefined,
      });
      const stop = () => void sql.end({ timeout: 0 });
      signal.addEventListener('abort', stop, { once: true });
      try {
        const schemas = config.schemas ?? null;
        const tables = await sql<TableRow[]>`
          select c.oid::int as oid, n.nspname as schema, c.relname as table, c.relkind::text as relkind,
                 pg_total_relation_size(c.oid)::text as total, (pg_table_size(c.oid) - coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0))::text as tbl,
                 pg_indexes_size(c.oid)::text as idx,
                 coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)::text as toast,
                 c.reltuples::float8 as est,
                 (select option_value from pg_options_to_table(c.reloptions) where option_name = 'fillfactor') as fillfactor,
                 coalesce(t.spcname, (select ts.spcname from pg_database d join pg_tablespace ts on ts.oid = d.dattablespace
                                      where d.datname = current_database())) as tablespace,
                 pt.partstrat::text as partstrat,
                 case when pt.partrelid is not null then pg_get_partkeydef(c.oid) end as partkey,
                 (select inhparent::int from pg_inherits where inhrelid = c.oid limit 1) as parent,
                 s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
                 s.n_live_tup::text as n_live_tup, s.n_dead_tup::text as n_dead_tup
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          left join pg_tablespace t on t.oid = c.reltablespace
          left join pg_partitioned_table pt on pt.partrelid = c.oid
          left join pg_stat_user_tables s on s.relid = c.oid
          where c.relkind in ('r', 'p')
            and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
            and (${schemas}::text[] is null or n.nspname = any(${schemas}::text[]))
          order by n.nspname, c.relname`;
        const indexes = await sql<IndexRow[]>`
          select i.indrelid::int as table_oid, ic.relname as name, pg_get_indexdef(i.indexrelid) as definition,
                 pg_relation_size(i.indexrelid)::text as size, i.indisunique as unique, i.indisprimary as primary
          from pg_index i
          join pg_class ic on ic.oid = i.indexrelid
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
            and (${schemas}::text[] is null or n.nspname = any(${schemas}::text[]))
          order by ic.relname`;
        const observedAt = Date.now();
        const indexesOf = new Map<number, PostgresIndexSpec[]>();
        for (const i of indexes) {
          const list = indexesOf.get(i.table_oid) ?? [];
          list.push({
            name: i.name,
            definition: i.definition,
            sizeBytes: Number(i.size),
            unique: i.unique,
            primary: i.primary,
          });
          indexesOf.set(i.table_oid, list);
        }
        const byOid = new Map(tables.map((t) => [t.oid, t]));
        const partitionsOf = new Map<number, TableRow[]>();
        for (const t of tables)
          if (t.parent !== null && byOid.has(t.parent))
            partitionsOf.set(t.parent, [...(partitionsOf.get(t.parent) ?? []), t]);
        // A partitioned table holds nothing itself: its sizes and rows are its partitions' (all levels).
        const leaves = (t: TableRow): TableRow[] =>
          t.relkind === 'p' ? (partitionsOf.get(t.oid) ?? []).flatMap(leaves) : [t];
        const out: SpecObservation[] = [];
        const chosen = tables.filter((t) => include(`${t.schema}.${t.table}`));
        for (const t of chosen) {
          const parts = leaves(t);
          const sum = (f: (r: TableRow) => number) => parts.reduce((s, r) => s + f(r), 0);
          const live = sum((r) => Number(r.n_live_tup ?? 0));
          const dead = sum((r) => Number(r.n_dead_tup ?? 0));
          const hasStats = parts.some((r) => r.n_live_tup !== null);
          // reltuples is -1 until the first VACUUM or ANALYZE: the live tuple count stands in then.
          const estimate = (r: TableRow) => (r.est >= 0 ? r.est : Number(r.n_live_tup ?? 0));
          const spec: PostgresTableSpec = {
            kind: 'postgres',
            database: config.database,
            schema: t.schema,
            table: t.table,
            totalBytes: sum((r) => Number(r.total)),
            tableBytes: sum((r) => Number(r.tbl)),
            indexBytes: sum((r) => Number(r.idx)),
            toastBytes: sum((r) => Number(r.toast)),
            estimatedRows: Math.round(sum(estimate)),
            indexes: indexesOf.get(t.oid) ?? [],
            partitionStrategy: t.partstrat ? (STRATEGY[t.partstrat] ?? t.partstrat) : null,
            partitionKey: t.partkey,
            partitions: (partitionsOf.get(t.oid) ?? []).map((p) => `${p.schema}.${p.table}`),
            fillFactor: Number(t.fillfactor ?? 100),
            tablespace: t.tablespace,
            lastVacuum: time(t.last_vacuum),
            lastAutovacuum: time(t.last_autovacuum),
            lastAnalyze: time(t.last_analyze),
            lastAutoanalyze: time(t.last_autoanalyze),
            deadTupleRatio: hasStats && live + dead > 0 ? dead / (live + dead) : hasStats ? 0 : null,
          };
          const qualified = [config.platformInstance, config.database, t.schema, t.table]
            .filter(Boolean)
            .join('.');
          out.push({ urn: datasetUrn('postgres', qualified, config.env), observedAt, spec });
          onProgress?.(out.length, chosen.length);
        }
        return out;
      } catch (error) {
        throw sourceFailure(error, signal, `PostgreSQL ${config.host}:${config.port}/${config.database}`);
      } finally {
        signal.removeEventListener('abort', stop);
        await sql.end({ timeout: 1 }).catch(() => undefined);
      }
    },
  };
}

export const postgresSourceType: TechSpecSourceType = {
  type: 'postgres',
  schema: configSchema,
  secretKeys: ['password'],
  open: (name, config) => openPostgresSource(name, configSchema.parse(config)),
};
