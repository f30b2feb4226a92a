/**
 * Incident benchmark (issue #23): does the validator catch what breaks in a warehouse, and keep quiet when
 * nothing did? A synthetic warehouse (bench/incidents-data.ts: ten table kinds, growth, weekday seasonality,
 * month-end peaks, holidays; incidents of seven types and clean points) is ingested into the embedded hub
 * as DataHub aspects, then validated causally the way a user asks: the REST facade's read-only validation
 * (`POST /api/v1/spoke/da/datasets/{urn}/methods/validate?as_of=…`) just after each incident and at clean
 * times. Beside it, in the same run, a naive rolling median ± 3·MAD rule (bench/incidents-baseline.ts).
 * Prints one JSON document on stdout: per split and incident type recall, precision, F1 and the false-alarm
 * rate, for FAIL verdicts and for FAIL or WARN; progress goes to stderr.
 *
 *   npm run bench:incidents -- [--split tune|report|all|NAME,NAME] [--tables N] [--misses N]
 *
 * Tune on `tuning`, `previous` and `reporting` (`--split tune`, the default; the last two were reporting splits
 * once and have been seen), report `fresh` (`--split report`: never tuned on, run once the changes are final):
 * they differ in seed, calendar alignment, kind mix, how noise is drawn and (fresh) the holidays.
 * `--misses N` lists up to N missed incidents, false alarms and warnings on clean points with their issues.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { mcp, ownersAspect, stamp } from '@dataspoke/demo/aspects';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { openEmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { loadConfig } from '@dataspoke/platform/config/config';
import { naiveFails } from './incidents-baseline.js';
import {
  generateSplit,
  SPLITS,
  type Column,
  type Split,
  type SplitName,
  type TableCase,
} from './incidents-data.js';
import { score, type Verdict } from './incidents-score.js';

const TARGETS = { fail_recall_per_type: 0.9, fail_false_alarm_rate: 0.02, fail_f1: 0.9 };

const { values: args } = parseArgs({
  options: {
    split: { type: 'string', default: 'tune' },
    tables: { type: 'string' },
    misses: { type: 'string', default: '0' },
  },
});
const log = (msg: string) => process.stderr.write(`${msg}\n`);

function schemaAspect(table: TableCase, columns: readonly Column[], version: number, at: number): unknown {
  return {
    schemaName: table.urn,
    platform: 'urn:li:dataPlatform:snowflake',
    version,
    created: stamp(table.created),
    lastModified: stamp(at),
    hash: columns.map((c) => `${c.name}:${c.native}`).join(','),
    platformSchema: { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } },
    fields: columns.map((c) => ({
      fieldPath: c.name,
      nativeDataType: c.native,
      type: {
        type: {
          [c.type === 'NUMBER'
            ? 'com.linkedin.schema.NumberType'
            : c.type === 'TIME'
              ? 'com.linkedin.schema.TimeType'
              : 'com.linkedin.schema.StringType']: {},
        },
      },
      nullable: !c.key,
      isPartOfKey: c.key,
      recursive: false,
    })),
  };
}

/** A table as the DataHub aspects an ingestion would write: properties, owner, schema, profiles, operations. */
function* proposals(table: TableCase): Generator<MetadataChangeProposal> {
  const { urn } = table;
  yield mcp(
    'dataset',
    urn,
    'datasetProperties',
    { name: urn.split(',')[1], description: `Benchmark table (${table.kind}).`, customProperties: {} },
    table.created,
  );
  yield mcp(
    'dataset',
    urn,
    'ownership',
    ownersAspect([['urn:li:corpuser:bench', 'TECHNICAL_OWNER']], table.created),
    table.created,
  );
  yield mcp(
    'dataset',
    urn,
    'schemaMetadata',
    schemaAspect(table, table.columns, 0, table.created),
    table.created,
  );
  if (table.schemaChange)
    yield mcp(
      'dataset',
      urn,
      'schemaMetadata',
      schemaAspect(table, table.schemaChange.columns, 1, table.schemaChange.at),
      table.schemaChange.at,
    );
  for (const p of table.profiles)
    yield mcp(
      'dataset',
      urn,
      'datasetProfile',
      {
        timestampMillis: p.t,
        rowCount: p.rowCount,
        columnCount: p.columnCount,
        sizeInBytes: p.sizeInBytes,
        fieldProfiles: p.fields.map((f) => ({
          fieldPath: f.fieldPath,
          uniqueCount: f.uniqueCount,
          uniqueProportion: p.rowCount > 0 ? Number((f.uniqueCount / p.rowCount).toFixed(6)) : 0,
          nullCount: f.nullCount,
          nullProportion: f.nullProportion,
          ...(f.min !== undefined && { min: String(f.min) }),
          ...(f.max !== undefined && { max: String(f.max) }),
          ...(f.mean !== undefined && { mean: String(f.mean) }),
        })),
      },
      p.t,
    );
  for (const l of table.loads)
    yield mcp(
      'dataset',
      urn,
      'operation',
      {
        timestampMillis: l.t,
        lastUpdatedTimestamp: l.t,
        operationType: l.type,
        numAffectedRows: l.rows,
        actor: 'urn:li:corpuser:etl',
        sourceType: 'DATA_PROCESS',
        partitionSpec: { type: 'FULL_TABLE', partition: 'FULL_TABLE_SNAPSHOT' },
      },
      l.t,
    );
}

interface Asked {
  table: TableCase;
  label: Verdict['label'];
  context: string;
  asOf: number;
  status: string;
  issues: { check: string; metric: string; severity: string; expectation?: string; explanation: string }[];
  ms: number;
  naive: boolean;
}

async function runSplit(split: Split, misses: number) {
  const tables = generateSplit(split);
  const dataDir = mkdtempSync(path.join(tmpdir(), `dataspoke-incidents-${split.name}-`));
  const stack = await openEmbeddedStack(
    loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_EMBEDDER: 'none' }),
  );
  let app: FastifyInstance | undefined;
  try {
    let batch: MetadataChangeProposal[] = [];
    let written = 0;
    const ingest = async (proposals: MetadataChangeProposal[]) => {
      const outcome = await stack.hub.ingest(proposals);
      if (outcome.failed > 0)
        throw new Error(
          `ingest refused ${outcome.failed} aspects: ${JSON.stringify(outcome.outcomes.find((o) => o.status === 'failed'))}`,
        );
    };
    const started = performance.now();
    for (const table of tables)
      for (const p of proposals(table)) {
        batch.push(p);
        if (batch.length >= 2000) {
          await ingest(batch);
          written += batch.length;
          batch = [];
          log(`${split.name}: ingested ${written} aspects`);
        }
      }
    if (batch.length > 0) await ingest(batch);
    written += batch.length;
    const ingestSeconds = (performance.now() - started) / 1000;
    const { key } = await new ApiKeyService(stack.store).create('da', ['da']);
    app = await buildServer(stack, { logger: false });
    const asked: Asked[] = [];
    const points = tables.flatMap((table) => table.points.map((point) => ({ table, point })));
    for (const [n, { table, point }] of points.entries()) {
      const t0 = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/spoke/da/datasets/${encodeURIComponent(table.urn)}/methods/validate?as_of=${new Date(point.asOf).toISOString()}`,
        headers: { authorization: `Bearer ${key}` },
      });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`validate ${table.urn} → ${res.statusCode}: ${res.body}`);
      const body = res.json<{ status: string; issues: Asked['issues'] }>();
      asked.push({
        table,
        label: point.label,
        context: point.context,
        asOf: point.asOf,
        status: body.status,
        issues: body.issues.map((i) => ({ ...i, explanation: i.explanation.slice(0, 200) })),
        ms,
        naive: naiveFails(table, point.asOf),
      });
      if ((n + 1) % 100 === 0) log(`${split.name}: validated ${n + 1}/${points.length}`);
    }
    const verdicts = (alarm: (a: Asked) => boolean) =>
      asked.map((a) => ({ label: a.label, alarm: alarm(a) }));
    const clean = asked.filter((a) => a.label === 'clean');
    const rate = (xs: Asked[], f: (a: Asked) => boolean) =>
      xs.length > 0 ? Number((xs.filter(f).length / xs.length).toFixed(3)) : null;
    const isFail = (a: Asked) => a.status === 'FAIL';
    const groupRate = (key: (a: Asked) => string) =>
      Object.fromEntries(
        [...new Set(clean.map(key))].sort().map((k) => [
          k,
          {
            points: clean.filter((a) => key(a) === k).length,
            fail_rate: rate(
              clean.filter((a) => key(a) === k),
              isFail,
            ),
          },
        ]),
      );
    // Which check and metric raised the issues on clean points.
    const causes = (severity: string) => {
      const out: Record<string, number> = {};
      for (const a of clean)
        for (const i of a.issues.filter((x) => x.severity === severity)) {
          const what = `${i.check}:${i.metric}`;
          out[what] = (out[what] ?? 0) + 1;
        }
      return out;
    };
    const times = asked.map((a) => a.ms).sort((a, b) => a - b);
    const fail = score(verdicts(isFail));
    const failWarn = score(verdicts((a) => a.status === 'FAIL' || a.status === 'WARN'));
    const naive = score(verdicts((a) => a.naive));
    const sample = (xs: Asked[]) =>
      xs.slice(0, misses).map((a) => ({
        urn: a.table.urn,
        kind: a.table.kind,
        label: a.label,
        context: a.context,
        as_of: new Date(a.asOf).toISOString(),
        status: a.status,
        issues: a.issues.map(
          (i) => `${i.severity} ${i.check} ${i.metric} [${i.expectation ?? ''}] ${i.explanation}`,
        ),
      }));
    return {
      split: split.name,
      seed: split.seed,
      tables: tables.length,
      history_days: split.days,
      history_end: new Date(split.end).toISOString().slice(0, 10),
      aspects: written,
      ingest_seconds: Number(ingestSeconds.toFixed(1)),
      points: { incidents: asked.length - clean.length, clean: clean.length },
      validator_fail: fail,
      validator_fail_or_warn: failWarn,
      naive_median_3mad: naive,
      fail_false_alarm_rate_by_kind: groupRate((a) => a.table.kind),
      fail_false_alarm_rate_by_context: groupRate((a) => a.context),
      false_alarm_causes: causes('FAIL'),
      warning_causes_on_clean_points: causes('WARN'),
      latency_ms: {
        p50: Number(times[Math.floor(times.length * 0.5)]!.toFixed(1)),
        p95: Number(times[Math.floor(times.length * 0.95)]!.toFixed(1)),
      },
      meets_targets:
        Object.values(fail.by_type).every((s) => s.recall >= TARGETS.fail_recall_per_type) &&
        fail.overall.false_alarm_rate <= TARGETS.fail_false_alarm_rate &&
        fail.overall.f1 >= TARGETS.fail_f1,
      ...(misses > 0 && {
        missed: sample(asked.filter((a) => a.label !== 'clean' && !isFail(a))),
        false_alarms: sample(clean.filter(isFail)),
        warnings: sample(clean.filter((a) => a.status === 'WARN')),
      }),
    };
  } finally {
    await app?.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const named: Record<string, readonly SplitName[]> = {
    tune: ['tuning', 'previous', 'reporting'],
    report: ['fresh'],
    all: ['tuning', 'previous', 'reporting', 'fresh'],
  };
  const which = named[args.split] ?? args.split.split(',');
  for (const w of which)
    if (!(w in SPLITS))
      throw new Error(
        `--split must be tune, report, all or split names (${Object.keys(SPLITS).join(', ')}), got ${w}`,
      );
  const tablesArg = args.tables === undefined ? undefined : Number(args.tables);
  if (tablesArg !== undefined && (!Number.isInteger(tablesArg) || tablesArg < 10))
    throw new Error(`--tables must be an integer of at least 10, got ${args.tables}`);
  const misses = Number(args.misses);
  const results = [];
  for (const w of which) {
    const split = SPLITS[w as SplitName];
    results.push(await runSplit(tablesArg ? { ...split, tables: tablesArg } : split, misses));
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'incidents',
        note: 'tuned on the tuning, previous and reporting splits; the fresh split is never tuned on',
        load_average_1m: Number(loadavg()[0]!.toFixed(2)),
        targets: TARGETS,
        splits: results,
      },
      null,
      2,
    ),
  );
}

await main();
