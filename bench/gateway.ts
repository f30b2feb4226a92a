/**
 * Gateway benchmark: the embedded stack over the demo catalog scaled to N datasets (default 10,000), served
 * over HTTP as `dataspoke start` serves it. Two queries, each asked through the federated gateway (/graphql,
 * with an API key) and straight to the datahub subgraph served as its own server (the same DataHub fields,
 * no spoke fields, no query planning):
 *   - a dataset page: dataset, schema, owners, upstream lineage, and freshness (de) and documentation
 *     coverage (dg) through the gateway;
 *   - a list of 50 datasets (entities by urn) with name, platform, owners, and through the gateway their
 *     freshness and documentation coverage.
 * A fixed number of concurrent clients (in a worker thread, so the load generator does not share the
 * server's event loop) first reads each of the scenario's 2,000 sampled datasets once (`first_read`: the
 * hub's read cache is cold for them), then loops over them for a fixed time (the steady state); prints p50,
 * p99 and requests per second, and the gateway/direct ratios of the steady state, as one JSON document on
 * stdout (progress on stderr).
 *
 *   npm run bench:gateway -- [--datasets 10000] [--history-days 7] [--concurrency 16] [--seconds 15]
 *                            [--data-dir DIR]
 *
 * --data-dir keeps the loaded catalog in DIR and reuses it on the next run (loading 10k datasets takes
 * minutes); a reused catalog keeps the times it was generated with, so freshness ages with it.
 *
 * The da subgraph's Dataset fields (validation, sqlContext) are computations that take seconds, not page
 * fields, so the page asks for de's and dg's; validation has its own benchmark.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { signGatewayToken } from '@dataspoke/domain/auth/gateway-token';
import { loadConfig } from '@dataspoke/platform/config/config';
import { generateDemoCatalog } from '@dataspoke/demo/index';
import { openEmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import { serveSubgraph } from '@dataspoke/subgraphs/serve';
import { loadDemoCatalog } from '@dataspoke/demo/load';

const TARGETS = { gateway_p99_over_direct_p99_max: 1.5, gateway_dataset_page_rps_min: 300 };

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    'history-days': { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '15' },
    'data-dir': { type: 'string' },
  },
});
const DATASETS = Number(args.datasets);
const HISTORY_DAYS = Number(args['history-days']);
const CONCURRENCY = Number(args.concurrency);
const SECONDS = Number(args.seconds);

const log = (message: string) => process.stderr.write(`bench:gateway: ${message}\n`);

const OWNERS = 'ownership { owners { owner { ... on CorpUser { urn } ... on CorpGroup { urn } } type } }';
const PAGE_DATAHUB = `
  urn name platform { name } properties { description }
  schemaMetadata { fields { fieldPath type nativeDataType description } }
  ${OWNERS}
  lineage(input: { direction: UPSTREAM }) { total relationships { entity { urn } } }`;
const SPOKES = 'freshness { status lateBySeconds cadence { label } } documentationCoverage { ratio }';
const LIST_DATAHUB = `urn name platform { name } ${OWNERS}`;

const QUERIES = {
  page: {
    gateway: `query Page($urn: String!) { dataset(urn: $urn) { ${PAGE_DATAHUB} ${SPOKES} } }`,
    direct: `query Page($urn: String!) { dataset(urn: $urn) { ${PAGE_DATAHUB} } }`,
  },
  list50: {
    gateway: `query List($urns: [String!]!) { entities(urns: $urns) { ... on Dataset { ${LIST_DATAHUB} ${SPOKES} } } }`,
    direct: `query List($urns: [String!]!) { entities(urns: $urns) { ... on Dataset { ${LIST_DATAHUB} } } }`,
  },
};

/**
 * The load generator, run in a worker thread: CONCURRENCY clients looping POSTs until the deadline, or with
 * `once` until each body has been sent once.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, bodies, seconds, concurrency, once } = workerData;
(async () => {
  const latencies = [];
  let errors = 0;
  let sample = 0;
  const deadline = performance.now() + seconds * 1000;
  async function client() {
    while (once ? sample < bodies.length : performance.now() < deadline) {
      const body = bodies[sample++ % bodies.length];
      const started = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const json = await res.json();
        if (res.status !== 200 || json.errors) errors++;
      } catch { errors++; }
      latencies.push(performance.now() - started);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  parentPort.postMessage({ latencies, errors, elapsed: (performance.now() - started) / 1000 });
})();
`;

interface Figures {
  requests: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  requests_per_second: number;
}

async function load(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  seconds: number,
  once = false,
): Promise<Figures> {
  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: { url, headers, bodies, seconds, concurrency: CONCURRENCY, once },
  });
  const result = await new Promise<{ latencies: number[]; errors: number; elapsed: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  await worker.terminate();
  const sorted = result.latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    requests: sorted.length,
    errors: result.errors,
    p50_ms: Number(at(0.5).toFixed(2)),
    p99_ms: Number(at(0.99).toFixed(2)),
    requests_per_second: Number((sorted.length / result.elapsed).toFixed(1)),
  };
}

async function main(): Promise<void> {
  const keep = args['data-dir'];
  if (keep) await mkdir(keep, { recursive: true });
  const dataDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'dataspoke-bench-gateway-')));
  const stack = await openEmbeddedStack(loadConfig({ DATASPOKE_DATA_DIR: dataDir, DATASPOKE_DEMO: 'false' }));
  try {
    // The NL search index would embed every loaded dataset in the background; these queries do not read it,
    // and its work would only compete with the server for the CPU.
    await stack.search.indexer.stop();
    const listDatasets = async () => {
      const urns: string[] = [];
      for (let scrollId: string | null = null; ;) {
        const page = await stack.hubPort.scrollDatasets({ scrollId, count: 1000 });
        urns.push(...page.datasets.map((d) => d.urn));
        if (!page.nextScrollId) return urns;
        scrollId = page.nextScrollId;
      }
    };
    let datasets = await listDatasets();
    const reused = datasets.length > 0;
    if (datasets.length > 0 && datasets.length < DATASETS) {
      throw new Error(`${dataDir} holds ${datasets.length} datasets, fewer than --datasets ${DATASETS}`);
    }
    if (datasets.length === 0) {
      const catalog = generateDemoCatalog({
        seed: 42,
        now: Date.now(),
        datasets: DATASETS,
        historyDays: HISTORY_DAYS,
      });
      const loaded = await loadDemoCatalog(stack.hub, catalog, {
        batch: 2000,
        onProgress: (done) => {
          if (done % 40_000 === 0) log(`loading the demo catalog: ${done} proposals`);
        },
      });
      log(`loaded ${loaded.proposals} proposals in ${(loaded.ms / 1000).toFixed(0)} s`);
      datasets = await listDatasets();
    }
    log(`${datasets.length} datasets in the hub${keep ? ` (kept in ${keep})` : ''}`);

    const key = (await new ApiKeyService(stack.store).create('bench', ['admin'])).key;
    const app = await buildServer(stack, { logger: false });
    const gatewayUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
    const secret = 'bench-secret-shared-by-gateway-and-subgraph';
    const direct = await serveSubgraph('datahub', stack.hubPort, { gatewaySecret: secret });
    const admin = { subject: 'bench', groups: ['admin'] as const, via: 'api_key' as const };

    // Four disjoint samples of 2,000 datasets (while the catalog has 8,000 or more), one per scenario and
    // path, so that each path's first reads are first reads: the hub caches what it has read.
    const sample = (k: number) =>
      Array.from({ length: 2000 }, (_, i) => datasets[((k * 2000 + i) * 7919) % datasets.length]!);
    const pageBodies = (query: string, urns: string[]) =>
      urns.map((urn) => JSON.stringify({ query, variables: { urn } }));
    const listBodies = (query: string, urns: string[]) =>
      Array.from({ length: 200 }, (_, i) =>
        JSON.stringify({ query, variables: { urns: urns.slice((i * 50) % 1950, ((i * 50) % 1950) + 50) } }),
      );

    // Gateway tokens live 60 s, so each load signs its own (a first read on a busy machine can take longer).
    const headersFor = async (target: 'gateway' | 'direct'): Promise<Record<string, string>> =>
      target === 'gateway'
        ? { authorization: `Bearer ${key}` }
        : {
            'x-dataspoke-gateway-token': await signGatewayToken(
              { ...admin, groups: [...admin.groups] },
              secret,
            ),
          };
    const run = async (name: string, target: 'gateway' | 'direct', bodies: string[]) => {
      const url = target === 'gateway' ? gatewayUrl : direct.url;
      // The first read of each sampled dataset, then the steady state the timed run measures.
      log(`${name} via ${target}: first read of ${bodies.length} requests at concurrency ${CONCURRENCY}`);
      const firstRead = await load(url, await headersFor(target), bodies, 0, true);
      log(`${name} via ${target}: ${SECONDS} s at concurrency ${CONCURRENCY}`);
      return { ...(await load(url, await headersFor(target), bodies, SECONDS)), first_read: firstRead };
    };

    const page = {
      direct: await run('dataset page', 'direct', pageBodies(QUERIES.page.direct, sample(0))),
      gateway: await run('dataset page', 'gateway', pageBodies(QUERIES.page.gateway, sample(1))),
    };
    const list50 = {
      direct: await run('list 50 datasets', 'direct', listBodies(QUERIES.list50.direct, sample(2))),
      gateway: await run('list 50 datasets', 'gateway', listBodies(QUERIES.list50.gateway, sample(3))),
    };
    await direct.stop();
    await app.close();

    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const report = {
      benchmark: 'gateway',
      datasets: datasets.length,
      catalog_reused: reused,
      history_days: HISTORY_DAYS,
      store: stack.store.kind,
      concurrency: CONCURRENCY,
      seconds_per_scenario: SECONDS,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        node_options: process.env.NODE_OPTIONS ?? '',
      },
      dataset_page: { ...page, gateway_p99_over_direct_p99: ratio(page.gateway.p99_ms, page.direct.p99_ms) },
      list_50_datasets: {
        ...list50,
        gateway_p99_over_direct_p99: ratio(list50.gateway.p99_ms, list50.direct.p99_ms),
      },
      targets: TARGETS,
      meets_targets: {
        dataset_page_p99_ratio:
          ratio(page.gateway.p99_ms, page.direct.p99_ms) <= TARGETS.gateway_p99_over_direct_p99_max,
        dataset_page_rps: page.gateway.requests_per_second >= TARGETS.gateway_dataset_page_rps_min,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await stack.close();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:gateway failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
