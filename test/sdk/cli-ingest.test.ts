import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMetadataFiles } from '@dataspoke/gateway/commands/hub-import';
import { allowEveryAccess } from '@dataspoke/hub/access';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { registerGmsRoutes } from '@dataspoke/hub/gms-http';
import { parseUrn } from '@dataspoke/hub/urn';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';

/**
 * DataHub's own CLI runs clean against the embedded hub's GMS routes (issue #15): `datahub ingest` with the
 * `file` source and the `datahub-rest` sink, in its default modes (ASYNC_BATCH) and with its default run
 * report (the dataHubIngestionSource and dataHubExecutionRequest it sends to the sink), exits 0 on DataHub's
 * bootstrap MCE file, every file of the showcase pack and a file of DataHub's own PATCH builders; every
 * non-timeseries aspect then reads back through DataHubGraph.get_aspect equal to what was written (UPSERT)
 * or decodable (PATCH). `dataspoke hub import` takes the same files with the same read-back counts.
 * test/sdk/cli_ingest.py does the DataHub side; DataHub's files are read from ../shared, never copied here.
 */
const execFileAsync = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const SCRIPT = path.join(ROOT, 'test/sdk/cli_ingest.py');
const SHARED = path.resolve(ROOT, '../shared/datahub');
const SHOWCASE = path.join(SHARED, 'showcase-ecommerce');
const PATCHES = 'patches.json';
const GOLDENS = path.join(ROOT, 'test/sdk/connector_goldens.py');

/**
 * The connectors test/sdk/connector_goldens.py writes a file for: equivalents of the golden files of DataHub's
 * connectors (metadata-ingestion/tests/integration/<connector>/ in DataHub's repository), generated with
 * DataHub's SDK from reading them; nothing of DataHub's files is copied or fetched.
 */
const CONNECTORS = [
  'airflow',
  'bigquery',
  'clickhouse',
  'dbt',
  'delta-lake',
  'feast',
  'fivetran',
  'hive',
  'iceberg',
  'kafka',
  'kafka-connect',
  'looker',
  'lookml',
  'metabase',
  'mlflow',
  'mode',
  'mongodb',
  'mysql',
  'nifi',
  'postgres',
  'powerbi',
  'redshift',
  's3',
  'snowflake',
  'superset',
  'tableau',
  'trino',
];

/** In load order: the showcase pack's index.json lists its files in this order. */
const FILES = [
  path.join(SHARED, 'bootstrap_mce.json'),
  path.join(SHOWCASE, '01-definitions.json'),
  path.join(SHOWCASE, '02-data.json'),
  path.join(SHOWCASE, '03-context.json'),
  PATCHES,
];

/**
 * The showcase pack was exported from DataHub Cloud: its Cloud-only aspects are not in DataHub's registry, an
 * open-source GMS refuses them (and with them the whole ASYNC_BATCH batch), and `datahub datapack load` drops
 * them before sending. cli_ingest.py drops them by the SDK's registry; the hub refuses exactly these.
 */
const CLOUD_ONLY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '02-data.json': {
    'chart/lineageFeatures': 12,
    'corpuser/corpUserUsageFeatures': 4,
    'dashboard/lineageFeatures': 3,
    'dashboard/proposals': 1,
    'dashboard/usageFeatures': 1,
    'dataJob/lineageFeatures': 23,
    'dataset/assertionsSummary': 9,
    'dataset/entityInferenceMetadata': 67,
    'dataset/lineageFeatures': 67,
    'dataset/proposals': 1,
    'dataset/schemaProposals': 1,
    'domain/status': 6,
  },
};

interface Counts {
  read: number;
  equal: number;
  decoded: number;
  absent: number;
  mismatched: number;
  errors: number;
  unknown: number;
}

interface Result {
  file: string;
  dropped: Record<string, number>;
  cli?: { exitCode: number; closing: string | null; errors: string[] };
  counts: Counts;
  problems: string[];
}

async function python(args: string[], script = SCRIPT): Promise<string> {
  if (!existsSync(PYTHON)) {
    throw new Error(
      `${PYTHON} is missing: run dev_env/python-venv.sh to create the venv with DataHub's Python SDK (acryl-datahub)`,
    );
  }
  const { stdout } = await execFileAsync(PYTHON, [script, ...args], {
    // cli_ingest.py runs the CLI with HOME in its work dir and no DATAHUB_* variables of the caller.
    env: { ...process.env, DATAHUB_TELEMETRY_ENABLED: 'false' },
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function run(
  mode: 'ingest' | 'readback',
  server: string,
  file: string,
  workDir: string,
): Promise<Result> {
  const stdout = await python([mode, server, file, workDir]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Result;
}

async function serve(hub: EmbeddedHub): Promise<{ app: FastifyInstance; server: string }> {
  const app = Fastify({ logger: false });
  await app.register(registerGmsRoutes, {
    prefix: '/gms',
    hub,
    maxBodyBytes: 64 * 1024 * 1024,
    authorize: allowEveryAccess,
  });
  return { app, server: `${await app.listen({ port: 0, host: '127.0.0.1' })}/gms` };
}

function line(how: string, result: Result): string {
  const { read, equal, decoded, absent } = result.counts;
  const exit = result.cli ? `exit ${result.cli.exitCode}, ` : '';
  return `[cli-ingest] ${how} ${result.file}: ${exit}aspects read ${read} / equal ${equal} / decoded ${decoded} / absent ${absent}`;
}

function expectClean(result: Result): void {
  expect(result.problems, result.problems.join('\n')).toEqual([]);
  expect(result.counts.read).toBeGreaterThan(0);
  expect(result.counts).toEqual({
    ...result.counts,
    absent: 0,
    mismatched: 0,
    errors: 0,
    unknown: 0,
    read: result.counts.equal + result.counts.decoded,
  });
}

describe.skipIf(!existsSync(SHARED)).each(storeKinds())(
  "DataHub's CLI `datahub ingest` against the GMS routes on $name",
  (kind) => {
    const work = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-ingest-'));
    const stores: TestStore[] = [];
    const apps: FastifyInstance[] = [];
    /** Fed by DataHub's CLI. */
    let cli: { hub: EmbeddedHub; server: string };
    /** Fed by `dataspoke hub import`'s importMetadataFiles, the same files. */
    let imported: { hub: EmbeddedHub; server: string };
    /** `entityType.aspectName` of every aspect the CLI's run wrote. */
    const written = new Set<string>();
    const cliCounts = new Map<string, Counts>();

    const file = (name: string): string => (name === PATCHES ? path.join(work, PATCHES) : name);

    beforeAll(async () => {
      const open = async (record: boolean): Promise<{ hub: EmbeddedHub; server: string }> => {
        const store = await kind.open();
        stores.push(store);
        const events = new InProcessEventBus();
        if (record) {
          events.subscribe((event) => {
            written.add(`${event.entityType}.${event.aspectName}`);
          });
        }
        const hub = new EmbeddedHub({ store: store.store, events });
        const { app, server } = await serve(hub);
        apps.push(app);
        return { hub, server };
      };
      cli = await open(true);
      imported = await open(false);
      await python(['patches', path.join(work, PATCHES)]);
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
      for (const store of stores) await store.dispose();
      rmSync(work, { recursive: true, force: true });
    });

    it.each(FILES.map((name) => [path.basename(name), name]))(
      '%s: exits 0 with no failures; every aspect reads back as written',
      { timeout: 900_000 },
      async (name, source) => {
        const result = await run('ingest', cli.server, file(source), path.join(work, `cli-${name}`));
        console.log(line('datahub ingest', result));
        expect(result.cli?.errors).toEqual([]);
        expect(result.cli?.exitCode).toBe(0);
        expect(result.cli?.closing).toMatch(/^Pipeline finished successfully;/);
        expect(result.dropped).toEqual(CLOUD_ONLY[name] ?? {});
        expectClean(result);
        if (name === PATCHES) expect(result.counts.decoded).toBeGreaterThan(0);
        cliCounts.set(name, result.counts);
      },
    );

    it('the hub took the run report the CLI sends by default', () => {
      expect(written).toContain('dataHubIngestionSource.dataHubIngestionSourceInfo');
      expect(written).toContain('dataHubExecutionRequest.dataHubExecutionRequestInput');
      expect(written).toContain('dataHubExecutionRequest.dataHubExecutionRequestResult');
    });

    it.each(FILES.map((name) => [path.basename(name), name]))(
      '%s: `hub import` refuses only what a GMS refuses and reads back the same',
      { timeout: 900_000 },
      async (name, source) => {
        const summary = await importMetadataFiles(imported.hub, [file(source)]);
        const refused: Record<string, number> = {};
        for (const failure of summary.failures) {
          expect(failure.code).toBe('UNKNOWN_ASPECT');
          const key = `${parseUrn(failure.urn ?? '').entityType}/${failure.aspectName ?? ''}`;
          refused[key] = (refused[key] ?? 0) + 1;
        }
        expect(refused).toEqual(CLOUD_ONLY[name] ?? {});
        const result = await run(
          'readback',
          imported.server,
          file(source),
          path.join(work, `import-${name}`),
        );
        console.log(line('hub import', result));
        expectClean(result);
        expect(result.counts).toEqual(cliCounts.get(name));
      },
    );
  },
);

/**
 * The same CLI run on the generated equivalent of each connector's golden files, into one hub (the files'
 * urns do not overlap). On PGlite only: the 27 CLI runs take about 80 s, and the PostgreSQL store
 * takes the same GMS calls in the tests above, so a second run would add minutes to dev_env/test.sh and
 * nothing the showcase files do not already check there.
 */
describe("DataHub's CLI `datahub ingest` on DataHub connectors' golden-file equivalents", () => {
  const work = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-goldens-'));
  const stores: TestStore[] = [];
  const apps: FastifyInstance[] = [];
  let server: string;
  /** A second hub fed by `dataspoke hub import`'s importMetadataFiles, the same files. */
  let imported: { hub: EmbeddedHub; server: string };
  const files = new Map<string, string>();
  const cliCounts = new Map<string, Counts>();

  beforeAll(async () => {
    const [pglite] = storeKinds();
    if (!pglite) throw new Error('no PGlite store kind');
    const open = async () => {
      const store = await pglite.open();
      stores.push(store);
      const hub = new EmbeddedHub({ store: store.store, events: new InProcessEventBus() });
      const served = await serve(hub);
      apps.push(served.app);
      return { hub, server: served.server };
    };
    ({ server } = await open());
    imported = await open();
    const stdout = await python([path.join(work, 'goldens')], GOLDENS);
    const written = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
      files: Record<string, { path: string; records: number }>;
    };
    for (const [connector, { path: file }] of Object.entries(written.files)) files.set(connector, file);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('the generator writes a file for every connector listed here (at least 20)', () => {
    expect([...files.keys()].sort()).toEqual(CONNECTORS);
    expect(CONNECTORS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CONNECTORS)(
    '%s: exits 0 with no failures; every aspect reads back as written',
    { timeout: 300_000 },
    async (connector) => {
      const source = files.get(connector);
      if (!source) throw new Error(`no file for ${connector}`);
      const result = await run('ingest', server, source, path.join(work, `cli-${connector}`));
      console.log(line(`datahub ingest (${connector})`, result));
      expect(result.cli?.errors).toEqual([]);
      expect(result.cli?.exitCode).toBe(0);
      expect(result.cli?.closing).toMatch(/^Pipeline finished successfully;/);
      expect(result.dropped).toEqual({});
      expectClean(result);
      cliCounts.set(connector, result.counts);
    },
  );

  it.each(CONNECTORS)(
    '%s: `hub import` takes every record and reads back the same',
    { timeout: 300_000 },
    async (connector) => {
      const source = files.get(connector);
      if (!source) throw new Error(`no file for ${connector}`);
      const summary = await importMetadataFiles(imported.hub, [source]);
      expect(summary.failures).toEqual([]);
      const result = await run('readback', imported.server, source, path.join(work, `import-${connector}`));
      console.log(line(`hub import (${connector})`, result));
      expectClean(result);
      expect(result.counts).toEqual(cliCounts.get(connector));
    },
  );
});
