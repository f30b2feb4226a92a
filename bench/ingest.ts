/**
 * Ingest benchmark: the generated demo catalog, scaled to N datasets, imported through the embedded hub's
 * ingest (EmbeddedHub.ingest, in batches, as `dataspoke hub import` and the demo loader do) into
 * file-backed PGlite and into PostgreSQL. Prints one JSON document on stdout; progress goes to stderr.
 *
 *   npm run bench:ingest -- [--datasets 100000] [--history-days 7] [--batch 1000] [--seed 42]
 *                           [--database-url postgres://…] [--stores pglite,postgres] [--out FILE]
 *
 * PostgreSQL: --database-url, or DATASPOKE_TEST_DATABASE_URL (eval "$(dev_env/services.sh env)"); the
 * benchmark creates a fresh database on that server and drops it afterwards.
 *
 * Each store runs in its own child process, so that peak RSS is that store's alone. For PostgreSQL the
 * figure is this client process; the server's own memory is not in it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadConfig } from '@dataspoke/platform/config/config';
import { generateDemoCatalog } from '@dataspoke/demo/index';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { openEmbeddedStack } from '@dataspoke/gateway/embedded-stack';

type StoreName = 'pglite' | 'postgres';

const TARGETS = {
  postgres_aspects_per_second: 5000,
  pglite_aspects_per_second: 2000,
  peak_rss_mb: 1024,
} as const;

interface Options {
  datasets: number;
  historyDays: number;
  batch: number;
  seed: number;
  now: number;
  databaseUrl: string | undefined;
  stores: StoreName[];
  out: string | undefined;
  child: StoreName | undefined;
  expected: number | undefined;
}

interface StoreResult {
  store: StoreName;
  /** Proposals applied (new or changed aspect versions, timeseries rows included). */
  aspects: number;
  unchanged: number;
  failed: number;
  /** Time spent inside EmbeddedHub.ingest: the figure the rate is computed from. */
  seconds: number;
  aspects_per_second: number;
  /** Whole run of the store, generating the proposals on the fly included. */
  wall_seconds: number;
  peak_rss_mb: number;
  storage: string;
  server_version?: string;
  failure_examples?: string[];
}

function usage(message?: string): never {
  if (message) process.stderr.write(`bench:ingest: ${message}\n`);
  process.stderr.write(
    'usage: npm run bench:ingest -- [--datasets N] [--history-days D] [--batch N] [--seed S] ' +
      '[--database-url URL] [--stores pglite,postgres] [--out FILE]\n',
  );
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive integer, got ${value}`);
  return n;
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        datasets: { type: 'string' },
        'history-days': { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        'database-url': { type: 'string' },
        stores: { type: 'string' },
        out: { type: 'string' },
        child: { type: 'string' },
        expected: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) usage();
  const stores = (values.stores ?? 'pglite,postgres').split(',').map((s) => s.trim());
  for (const s of stores) if (s !== 'pglite' && s !== 'postgres') usage(`unknown store ${s}`);
  const child = values.child;
  if (child !== undefined && child !== 'pglite' && child !== 'postgres') usage(`unknown store ${child}`);
  return {
    datasets: positiveInt('datasets', values.datasets, 100_000),
    // A week of daily profile and operation history per dataset: 120 days (the start command's demo)
    // would make 100k datasets about 23 million proposals.
    historyDays: positiveInt('history-days', values['history-days'], 7),
    batch: positiveInt('batch', values.batch, 1000),
    seed: values.seed === undefined ? 42 : Number.parseInt(values.seed, 10),
    // Pinned so that every store, and every run, imports the same catalog.
    now: values.now === undefined ? Date.UTC(2026, 0, 1) : Number(values.now),
    databaseUrl: values['database-url'] ?? process.env.DATASPOKE_TEST_DATABASE_URL,
    stores: stores as StoreName[],
    out: values.out,
    child,
    expected: values.expected === undefined ? undefined : Number(values.expected),
  };
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const peakRssMb = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function catalogFor(opts: Options) {
  return generateDemoCatalog({
    seed: opts.seed,
    now: opts.now,
    datasets: opts.datasets,
    historyDays: opts.historyDays,
  });
}

/** Child: imports the catalog into one store and prints its StoreResult as one JSON line. */
async function runStore(store: StoreName, opts: Options): Promise<StoreResult> {
  const started = performance.now();
  let storage: string;
  let serverVersion: string | undefined;
  let cleanup: () => Promise<void>;
  const env: NodeJS.ProcessEnv = { DATASPOKE_DEMO: 'false', LOG_LEVEL: 'silent' };

  if (store === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dataspoke-bench-pglite-'));
    env.DATASPOKE_DATA_DIR = dir;
    storage = 'PGlite, file-backed in a temporary directory (as the embedded default)';
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    if (!opts.databaseUrl) throw new Error('no PostgreSQL URL');
    const dbName = `dataspoke_bench_${randomBytes(6).toString('hex')}`;
    const admin = postgres(opts.databaseUrl, { max: 1, onnotice: () => undefined });
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    serverVersion = row?.server_version;
    await admin.unsafe(`create database ${dbName}`);
    const url = new URL(opts.databaseUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    storage = `PostgreSQL ${serverVersion ?? ''} at ${url.host}, a fresh database`.replace('  ', ' ');
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end({ timeout: 5 });
    };
  }

  const stack = await openEmbeddedStack(loadConfig(env));
  let aspects = 0;
  let unchanged = 0;
  let failed = 0;
  let ingestMillis = 0;
  let done = 0;
  const failureExamples: string[] = [];
  let lastReport = performance.now();
  const report = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastReport < 5000) return;
    lastReport = now;
    const rate = ingestMillis > 0 ? Math.round((done / ingestMillis) * 1000) : 0;
    const pct = opts.expected ? ` (${Math.floor((done / opts.expected) * 100)}%)` : '';
    process.stderr.write(
      `[${store}] ${done.toLocaleString('en-US')} proposals${pct}, ${rate.toLocaleString('en-US')}/s, ` +
        `rss ${mb(process.memoryUsage.rss())} MB, ${round((now - started) / 1000, 1)} s\n`,
    );
  };

  const ingest = async (batch: MetadataChangeProposal[]) => {
    const t = performance.now();
    const result = await stack.hub.ingest(batch, { runId: 'dataspoke-bench', now: opts.now });
    ingestMillis += performance.now() - t;
    aspects += result.applied;
    unchanged += result.unchanged;
    failed += result.failed;
    done += batch.length;
    if (result.failed > 0 && failureExamples.length < 5) {
      for (const o of result.outcomes) {
        if (o.status === 'failed' && failureExamples.length < 5) {
          failureExamples.push(`${o.urn} ${o.aspectName}: ${o.code} ${o.reason}`);
        }
      }
    }
    report(false);
  };

  try {
    let batch: MetadataChangeProposal[] = [];
    for (const proposal of catalogFor(opts).proposals()) {
      batch.push(proposal);
      if (batch.length >= opts.batch) {
        await ingest(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await ingest(batch);
    report(true);
  } finally {
    await stack.close();
    await cleanup();
  }

  const seconds = ingestMillis / 1000;
  return {
    store,
    aspects,
    unchanged,
    failed,
    seconds: round(seconds),
    aspects_per_second: Math.round(aspects / Math.max(seconds, 1e-9)),
    wall_seconds: round((performance.now() - started) / 1000),
    peak_rss_mb: peakRssMb(),
    storage,
    ...(serverVersion !== undefined && { server_version: serverVersion }),
    ...(failureExamples.length > 0 && { failure_examples: failureExamples }),
  };
}

/** Parent: runs each store in a child process of the same node with the same loader flags. */
function runChild(store: StoreName, argv: string[], expected: number): Promise<StoreResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, script, ...argv, '--child', store, '--expected', String(expected)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the ${store} run exited with code ${code}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as StoreResult);
      } catch {
        reject(new Error(`the ${store} run printed no result: ${stdout.slice(-500)}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = parseOptions(argv);

  if (opts.child) {
    const result = await runStore(opts.child, opts);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  if (opts.stores.includes('postgres') && !opts.databaseUrl) {
    usage(
      'PostgreSQL needs --database-url or DATASPOKE_TEST_DATABASE_URL ' +
        '(bash dev_env/services.sh start && eval "$(bash dev_env/services.sh env)"), or pass --stores pglite',
    );
  }

  // The catalog is generated once here to count it; each store's run generates it again as it streams.
  process.stderr.write(
    `generating the catalog: ${opts.datasets.toLocaleString('en-US')} datasets, ${opts.historyDays} days of history\n`,
  );
  const t0 = performance.now();
  let proposals = 0;
  const aspectCounts: Record<string, number> = {};
  for (const p of catalogFor(opts).proposals()) {
    proposals++;
    aspectCounts[p.aspectName] = (aspectCounts[p.aspectName] ?? 0) + 1;
  }
  const generateSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `${proposals.toLocaleString('en-US')} proposals generated in ${round(generateSeconds, 1)} s\n`,
  );

  const stores: Partial<Record<StoreName, StoreResult>> = {};
  for (const store of opts.stores) {
    stores[store] = await runChild(store, argv, proposals);
  }

  const pg = stores.postgres;
  const lite = stores.pglite;
  const output = {
    benchmark: 'ingest',
    datasets: opts.datasets,
    history_days: opts.historyDays,
    batch_size: opts.batch,
    seed: opts.seed,
    proposals,
    proposals_by_aspect: aspectCounts,
    generate_seconds: round(generateSeconds),
    machine: {
      cpus: os.cpus().length,
      memory_gb: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
    },
    stores,
    ratio_postgres_to_pglite:
      pg && lite && lite.aspects_per_second > 0
        ? round(pg.aspects_per_second / lite.aspects_per_second)
        : null,
    targets: TARGETS,
    targets_met: {
      ...(pg && {
        postgres_aspects_per_second: pg.aspects_per_second >= TARGETS.postgres_aspects_per_second,
      }),
      ...(lite && {
        pglite_aspects_per_second: lite.aspects_per_second >= TARGETS.pglite_aspects_per_second,
      }),
      peak_rss_mb: Object.values(stores).every((s) => s.peak_rss_mb <= TARGETS.peak_rss_mb),
    },
    notes: [
      'seconds and aspects_per_second count the time inside EmbeddedHub.ingest; wall_seconds adds generating the proposals on the fly and opening the store',
      'peak_rss_mb is the benchmark process of each store; the PostgreSQL server process is not included',
    ],
  };
  const json = JSON.stringify(output, null, 2);
  if (opts.out) await writeFile(opts.out, `${json}\n`);
  process.stdout.write(`${json}\n`);
  const failures = Object.values(stores).reduce((n, s) => n + s.failed, 0);
  if (failures > 0) {
    process.stderr.write(`bench:ingest: ${failures} proposals were refused (see failure_examples)\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:ingest: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
