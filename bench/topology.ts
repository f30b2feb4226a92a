/**
 * Whole-topology benchmark: the Helm chart's deployment on one machine (test/topology/topology-run.ts): two
 * gateways, the four subgraphs, one change-log consumer and one worker as separate processes over PostgreSQL
 * and Kafka, the worker on Temporal, a steady load through both gateways (GraphQL reads that reach the
 * datahub, da and dg subgraphs, and a write through /gms every 100 ms), and the dg subgraph, the consumer and
 * the worker killed (SIGKILL) and started again in the middle (the worker once its schedule has started a
 * sweep no worker runs). Prints one JSON document on stdout; progress goes to stderr.
 *
 *   npm run bench:topology -- [--before-kill-seconds 10] [--after-restart-seconds 15] [--out FILE]
 *
 * Needs PostgreSQL, Kafka, Redis and Temporal from dev_env/services.sh (eval "$(dev_env/services.sh env)").
 *
 * Figures: requests/s and p50/p99 of the reads that succeeded; failed reads and how long failures lasted,
 * beside the restart time (the target: no request fails for longer than the restart); MCL lag, from a write's
 * acknowledgement to it being found by search (through Kafka and the consumer), over the whole run with the
 * kill inside it; recovery time from the kill to the last failed read; sweep runs before and after the kill,
 * and the sweeps Temporal started against the run history (target: none lost, none run twice).
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runTopology } from '../test/topology/topology-run.js';

const { values } = parseArgs({
  options: {
    'before-kill-seconds': { type: 'string', default: '10' },
    'after-restart-seconds': { type: 'string', default: '15' },
    out: { type: 'string' },
  },
});
const brokers = process.env.DATASPOKE_TEST_KAFKA_BROKERS;
const redisUrl = process.env.DATASPOKE_TEST_REDIS_URL;
const temporalAddress = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
if (!brokers || !redisUrl || !temporalAddress || !process.env.DATASPOKE_TEST_DATABASE_URL) {
  process.stderr.write(
    'bench:topology needs PostgreSQL, Kafka, Redis and Temporal: bash dev_env/services.sh start && eval "$(bash dev_env/services.sh env)"\n',
  );
  process.exit(2);
}
const figures = await runTopology({
  kafkaBrokers: brokers,
  redisUrl,
  temporalAddress,
  beforeKillMs: Number(values['before-kill-seconds']) * 1000,
  afterRestartMs: Number(values['after-restart-seconds']) * 1000,
  log: (line) => process.stderr.write(`${line}\n`),
});
const report = {
  benchmark: 'topology',
  date: new Date().toISOString(),
  load_average: loadavg().map((x) => Math.round(x * 100) / 100),
  figures,
  failing_to_restart_ratio:
    figures.restartMs > 0 ? Math.round((figures.failingMs / figures.restartMs) * 100) / 100 : null,
  targets: {
    failing_ms_at_most_restart_ms: figures.failingMs <= figures.restartMs,
    no_change_event_lost: figures.writesMissing === 0,
    sweep_fired_after_kill: figures.sweepsAfterKill > 0,
    no_sweep_lost_or_run_twice:
      figures.sweepsLost === 0 &&
      figures.sweepsRunTwice === 0 &&
      figures.sweepsCompleted === figures.sweepsOnTemporal,
  },
};
const json = `${JSON.stringify(report, null, 2)}\n`;
if (values.out) await writeFile(values.out, json);
process.stdout.write(json);
