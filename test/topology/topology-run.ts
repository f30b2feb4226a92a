import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '@dataspoke/platform/testing/free-port';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { SUBGRAPH_NAMES, type SubgraphName } from '@dataspoke/subgraphs/schema-file';
import { openDemoHub, type DemoHub } from '@dataspoke/subgraphs/testing/demo-hub';
import { startCommand, startDataspoke, type RunningCommand } from '@dataspoke/gateway/testing/cli';
import {
  openTemporalTestInstallation,
  type TemporalTestInstallation,
} from '@dataspoke/workflows/testing/temporal-installation';

const SECRET = 'a-secret-only-the-gateway-and-subgraphs-share';
const WORDS = 'topology marmot probe';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'dataspoke-topology-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export interface TopologyFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failedRequests: number;
  /** From the first failed request to the last (0 when none failed). */
  failingMs: number;
  /** From the kill until the dg subgraph had started again (and, next, the consumer). */
  restartMs: number;
  consumerRestartMs: number;
  writesAcknowledged: number;
  writesMissing: number;
  /** Acknowledged write to searchable, through Kafka and the consumer: p50, p95 and the worst, over the run. */
  mclLagP50Ms: number;
  mclLagP95Ms: number;
  mclLagMaxMs: number;
  /** From the kill until the gateways answered without error again. */
  recoveryMs: number;
  sweepsBeforeKill: number;
  sweepsAfterKill: number;
  /** Sweeps Temporal had started and not finished when the worker was killed (they resume on the new one). */
  sweepsInFlightAtKill: number;
  /** From the worker's kill until its schedule started a sweep with no worker up, and until a new worker ran. */
  sweepStartedWithoutWorkerMs: number;
  workerRestartMs: number;
  /** Every sweep Temporal's schedule started, against the run history: none lost, none run twice. */
  sweepsOnTemporal: number;
  sweepsCompleted: number;
  sweepsLost: number;
  sweepsRunTwice: number;
  /** The sweep started while no worker ran: COMPLETED by the new worker. */
  sweepStartedWithoutWorker: string;
}

interface RunRow {
  id: string;
  status: string;
  startedAt: number;
  trigger: string;
  engine: string;
}

/** The sweep executions the installation's schedule started, from Temporal's visibility. */
async function sweepExecutions(temporal: TemporalTestInstallation) {
  const executions: { workflowId: string; status: string }[] = [];
  const query = `WorkflowId STARTS_WITH '${temporal.idPrefix}catalog-health-sweep'`;
  for await (const w of temporal.client.workflow.list({ query }))
    executions.push({ workflowId: w.workflowId, status: w.status.name });
  return executions;
}

/**
 * The deployment the Helm chart makes, on one machine: two gateways, the four subgraphs, one change-log
 * consumer and one worker, each its own process, sharing PostgreSQL (the embedded hub's GMS routes are served
 * by the gateways), Kafka and Redis, the worker on Temporal. Under a steady load through both gateways (reads, and
 * writes through /gms) the dg subgraph process, the consumer and the worker are killed (SIGKILL); the first two
 * are started again at once, the worker once its schedule has started a sweep that no worker runs.
 */
export async function runTopology(options: {
  kafkaBrokers: string;
  /** The Temporal frontend; the run is an installation of its own there (an id prefix and a task queue). */
  temporalAddress: string;
  /** Shared by the replicas as the chart advises: the response cache's invalidation reaches every gateway. */
  redisUrl: string;
  /** Load before the kill and after the restart. */
  beforeKillMs?: number;
  afterRestartMs?: number;
  log?: (line: string) => void;
}): Promise<TopologyFigures> {
  const log = options.log ?? (() => undefined);
  let demo: DemoHub | undefined;
  let temporal: TemporalTestInstallation | undefined;
  const running = new Map<string, RunningCommand>();
  const killed = new Set<RunningCommand>();
  let finishing = false;
  /** Keeps a process, and says why if it exits when nobody stopped it (the tail of its stderr). */
  const track = (id: string, command: RunningCommand) => {
    running.set(id, command);
    let tail = '';
    command.process.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
    command.process.once('exit', (code, signal) => {
      if (!killed.has(command) && !finishing)
        log(`topology: ${id} exited by itself (${code ?? signal}):\n${tail}`);
    });
  };
  try {
    temporal = await openTemporalTestInstallation(options.temporalAddress, 'topology');
    const postgres = storeKinds().find((k) => k.name === 'postgres')!;
    demo = await openDemoHub(postgres, { datasets: 60, historyDays: 14 });
    const suffix = `${process.pid}-${Date.now()}`;
    const env = () => ({
      DATABASE_URL: demo!.databaseUrl!,
      DATASPOKE_SUBGRAPH_SECRET: SECRET,
      DATASPOKE_DEMO: 'false',
      DATASPOKE_EMBEDDER: 'none',
      KAFKA_BROKERS: options.kafkaBrokers,
      REDIS_URL: options.redisUrl,
      DATASPOKE_REDIS_PREFIX: `topology-${suffix}:`,
      // Topics and groups of this run only: other runs share the broker.
      METADATA_CHANGE_LOG_VERSIONED_TOPIC_NAME: `topology-mcl-v-${suffix}`,
      METADATA_CHANGE_LOG_TIMESERIES_TOPIC_NAME: `topology-mcl-t-${suffix}`,
      METADATA_CHANGE_PROPOSAL_TOPIC_NAME: `topology-mcp-${suffix}`,
      DATASPOKE_DEAD_LETTER_TOPIC: `topology-dlq-${suffix}`,
      DATASPOKE_PROPOSAL_DEAD_LETTER_TOPIC: `topology-mcp-dlq-${suffix}`,
      DATASPOKE_CONSUMER_GROUP: `topology-${suffix}`,
      DATASPOKE_PROPOSAL_CONSUMER_GROUP: `topology-mcp-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
      DATASPOKE_SCHEDULE_CATALOG_HEALTH_SWEEP: 'every 3s',
      DATASPOKE_SCHEDULE_METRICS_COLLECTION: 'off',
      DATASPOKE_SCHEDULE_EMBEDDING_MAINTENANCE: 'off',
      DATASPOKE_SCHEDULE_TECHSPEC_INGESTION: 'off',
      DATASPOKE_CONSUMER: 'off',
      ...temporal!.env,
    });
    const ports = new Map<SubgraphName, number>();
    for (const name of SUBGRAPH_NAMES) ports.set(name, await freeLoopbackPort());
    const startSubgraph = (name: SubgraphName) =>
      startCommand(['subgraph', name], dataDir(), { ...env(), PORT: String(ports.get(name)) }, (out) =>
        /running at \S+\n/.test(out),
      );
    const startConsumer = () =>
      startCommand(
        ['consumer', '--metrics-port', '0'],
        dataDir(),
        { ...env(), DATASPOKE_CONSUMER: 'inline' },
        (out) => /probes at \S+\n/.test(out),
      );
    log('topology: starting 4 subgraphs, a consumer, a worker and 2 gateways');
    const subgraphs = await Promise.all(SUBGRAPH_NAMES.map(startSubgraph));
    SUBGRAPH_NAMES.forEach((name, i) => track(name, subgraphs[i]!));
    track('consumer', await startConsumer());
    const startWorker = () =>
      startCommand(['worker'], dataDir(), env(), (out) => /probes at \S+\n/.test(out));
    track('worker', await startWorker());
    const urls = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [
        `DATASPOKE_SUBGRAPH_URL_${name.toUpperCase()}`,
        `http://127.0.0.1:${ports.get(name)}/`,
      ]),
    );
    const gateways: string[] = [];
    for (const id of ['gateway-a', 'gateway-b']) {
      const gateway = await startDataspoke(['--open'], dataDir(), {
        ...env(),
        ...urls,
        DATASPOKE_WORKER: 'off',
      });
      track(id, gateway);
      gateways.push(/health:\s+(http:\/\/\S+)\/health/.exec(gateway.banner)![1]!);
    }

    const startedAt = Date.now();
    const outcomes: { at: number; ms: number; ok: boolean }[] = [];
    const acknowledgedAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    let stop = false;

    const searchable = async () => {
      const urns = new Set<string>();
      for (let offset = 0; ; offset += 100) {
        // A gateway that cannot be reached shows nothing new this round (and its exit is logged).
        const response = await fetch(
          `${gateways[0]}/api/v1/spoke/da/search?q=${encodeURIComponent(WORDS)}&limit=100&offset=${offset}`,
        ).catch(() => null);
        if (response?.status !== 200) return urns;
        const page = (await response.json()) as { datasets: { urn: string }[] };
        page.datasets.forEach((d) => urns.add(d.urn));
        if (page.datasets.length < 100) return urns;
      }
    };
    // Reads that reach every subgraph and no response cache: the dataset's own fields, freshness (de) and
    // documentation coverage (dg), beside a search (da).
    let urn = '';
    for (const proposal of demo.catalog.proposals())
      if (proposal.entityType === 'dataset' && proposal.entityUrn) {
        urn = proposal.entityUrn;
        break;
      }
    const readLoad = async (gateway: string) => {
      while (!stop) {
        const at = Date.now();
        let ok: boolean;
        try {
          const response = await fetch(`${gateway}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: `query($urn: String!) {
                dataset(urn: $urn) { urn freshness { status } documentationCoverage { ratio } }
                searchDatasets(query: "orders", limit: 3) { total }
              }`,
              variables: { urn },
            }),
          });
          const body = (await response.json()) as { errors?: unknown[] };
          ok = response.status === 200 && !body.errors;
        } catch {
          ok = false;
        }
        outcomes.push({ at, ms: Date.now() - at, ok });
        await sleep(25);
      }
    };
    const writeLoad = async () => {
      for (let i = 0; !stop; i++) {
        const urn = `urn:li:dataset:(urn:li:dataPlatform:hive,topology.marmot_${i},PROD)`;
        // A write that gets no answer is not acknowledged: it is not counted.
        const response = await fetch(`${gateways[i % 2]}/gms/aspects?action=ingestProposal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            proposal: {
              entityType: 'dataset',
              entityUrn: urn,
              changeType: 'UPSERT',
              aspectName: 'datasetProperties',
              aspect: {
                value: JSON.stringify({ name: `marmot_${i}`, description: WORDS }),
                contentType: 'application/json',
              },
            },
            async: 'false',
          }),
        }).catch(() => null);
        if (response?.status === 200) acknowledgedAt.set(urn, Date.now());
        await sleep(100);
      }
    };
    const watch = async () => {
      while (!stop || seenAt.size < acknowledgedAt.size) {
        const have = await searchable();
        for (const urn of have) if (!seenAt.has(urn)) seenAt.set(urn, Date.now());
        if (stop && Date.now() - stoppedAt > 60_000) return;
        await sleep(250);
      }
    };
    let stoppedAt = Infinity;
    const load = [...gateways.map(readLoad), writeLoad()];
    const watching = watch();

    await sleep(options.beforeKillMs ?? 3_000);
    const sweepsInFlightAtKill = (await sweepExecutions(temporal)).filter(
      (e) => e.status === 'RUNNING',
    ).length;
    const killedAt = Date.now();
    log('topology: SIGKILL the dg subgraph, the consumer and the worker; start the first two again');
    for (const id of ['dg', 'consumer', 'worker']) {
      const victim = running.get(id)!;
      killed.add(victim);
      const exited = new Promise<void>((resolve) => victim.process.once('exit', () => resolve()));
      victim.process.kill('SIGKILL');
      await exited;
    }
    const timed = async <T>(start: Promise<T>) => {
      const started = await start;
      return { started, ms: Date.now() - killedAt };
    };
    // The worker comes back once a sweep waits for it: one the schedule started while no worker ran, or one
    // the killed worker was running (the schedule skips while it is open, so it would start none). That run
    // must be taken up by the new worker, not lost.
    const sweepSchedule = temporal.client.schedule.getHandle(`${temporal.idPrefix}catalog-health-sweep`);
    const startedWithoutWorker = (async () => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
        const taken = (await sweepSchedule.describe()).info.recentActions.find(
          (a) => a.takenAt.getTime() > killedAt,
        );
        if (taken)
          return { workflowId: taken.action.workflow.workflowId, ms: taken.takenAt.getTime() - killedAt };
        for (const e of await sweepExecutions(temporal)) {
          if (e.status !== 'RUNNING') continue;
          // Visibility may lag: the workflow's own description says whether it is still open.
          const open = await temporal.client.workflow.getHandle(e.workflowId).describe();
          if (open.status.name === 'RUNNING') return { workflowId: e.workflowId, ms: Date.now() - killedAt };
        }
      }
      throw new Error('no sweep waited for a worker in 120 s after the worker was killed');
    })();
    const [dg, consumer, worker] = await Promise.all([
      timed(startSubgraph('dg')),
      timed(startConsumer()),
      timed(startedWithoutWorker.then(() => startWorker())),
    ]);
    track('dg', dg.started);
    track('consumer', consumer.started);
    track('worker', worker.started);
    const restartMs = dg.ms;
    const consumerRestartMs = consumer.ms;
    const withoutWorker = await startedWithoutWorker;
    log(`topology: the worker is back; the sweep ${withoutWorker.workflowId} waited for it`);
    await sleep(options.afterRestartMs ?? 4_000);
    stop = true;
    stoppedAt = Date.now();
    await Promise.all(load);
    await watching;

    // No new sweep from here; every one started finishes (each within its timeouts and retries).
    await sweepSchedule.pause('the topology run is over');
    let executions = await sweepExecutions(temporal);
    for (
      const deadline = Date.now() + 120_000;
      executions.some((e) => e.status === 'RUNNING') && Date.now() < deadline;
      await sleep(500)
    )
      executions = await sweepExecutions(temporal);

    const runs = await fetch(`${gateways[1]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ workflowRuns(workflow: CATALOG_HEALTH_SWEEP, limit: 100) { runs { id status startedAt trigger engine } } }',
      }),
    });
    const sweepRuns = ((await runs.json()) as { data: { workflowRuns: { runs: RunRow[] } } }).data
      .workflowRuns.runs;
    const sweeps = sweepRuns.map((r) => r.startedAt);
    const recorded = new Map<string, RunRow[]>();
    for (const r of sweepRuns) recorded.set(r.id, [...(recorded.get(r.id) ?? []), r]);
    const byWorkflowId = new Map<string, number>();
    for (const e of executions) byWorkflowId.set(e.workflowId, (byWorkflowId.get(e.workflowId) ?? 0) + 1);

    const failed = outcomes.filter((o) => !o.ok);
    const latencies = outcomes
      .filter((o) => o.ok)
      .map((o) => o.ms)
      .sort((a, b) => a - b);
    const lags = [...acknowledgedAt]
      .filter(([urn]) => seenAt.has(urn))
      .map(([urn, at]) => Math.max(0, seenAt.get(urn)! - at))
      .sort((a, b) => a - b);
    const lastFailure = failed.at(-1)?.at;
    const seconds = (stoppedAt - startedAt) / 1000;
    return {
      requests: outcomes.length,
      requestsPerSecond: Math.round((outcomes.length / seconds) * 10) / 10,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      failedRequests: failed.length,
      failingMs: failed.length > 0 ? lastFailure! - failed[0]!.at : 0,
      restartMs,
      consumerRestartMs,
      writesAcknowledged: acknowledgedAt.size,
      writesMissing: [...acknowledgedAt.keys()].filter((u) => !seenAt.has(u)).length,
      mclLagP50Ms: percentile(lags, 0.5),
      mclLagP95Ms: percentile(lags, 0.95),
      mclLagMaxMs: lags.at(-1) ?? 0,
      recoveryMs: lastFailure !== undefined ? lastFailure - killedAt : 0,
      sweepsBeforeKill: sweeps.filter((t) => t >= startedAt - 60_000 && t < killedAt).length,
      sweepsAfterKill: sweeps.filter((t) => t > killedAt).length,
      sweepsInFlightAtKill,
      sweepStartedWithoutWorkerMs: withoutWorker.ms,
      workerRestartMs: worker.ms,
      sweepsOnTemporal: executions.length,
      sweepsCompleted: executions.filter(
        (e) => e.status === 'COMPLETED' && recorded.get(e.workflowId)?.[0]?.status === 'COMPLETED',
      ).length,
      sweepsLost: executions.filter((e) => !recorded.has(e.workflowId)).length,
      // An execution started again under the same id, or a run in the history that Temporal never started.
      sweepsRunTwice:
        [...byWorkflowId.values()].filter((n) => n > 1).length +
        [...recorded.values()].filter((rows) => rows.length > 1).length +
        sweepRuns.filter((r) => !byWorkflowId.has(r.id)).length,
      sweepStartedWithoutWorker:
        recorded.get(withoutWorker.workflowId)?.[0]?.status ?? 'not in the run history',
    };
  } finally {
    finishing = true;
    await Promise.all([...running.values()].map((r) => r.stop()));
    await temporal?.remove();
    await demo?.dispose();
  }
}
