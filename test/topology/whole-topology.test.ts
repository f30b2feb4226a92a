import { describe, expect, it } from 'vitest';
import { POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from '@dataspoke/platform/testing/stores';
import { runTopology } from './topology-run.js';

const KAFKA = process.env.DATASPOKE_TEST_KAFKA_BROKERS;
const REDIS = process.env.DATASPOKE_TEST_REDIS_URL;
const TEMPORAL = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
const skip = !TEST_DATABASE_URL
  ? POSTGRES_SKIP_REASON
  : !KAFKA || !REDIS || !TEMPORAL
    ? 'DATASPOKE_TEST_KAFKA_BROKERS, DATASPOKE_TEST_REDIS_URL and DATASPOKE_TEST_TEMPORAL_ADDRESS are not all set (dev_env/services.sh start kafka redis temporal sets them)'
    : null;
if (skip) console.warn(`[skip] the whole topology as separate processes: ${skip}`);

/** The Helm chart's deployment on one machine (topology-run.ts); `npm run bench:topology` measures the same. */
describe.skipIf(skip !== null)(
  'the whole topology: a subgraph, the consumer and the worker killed under load',
  () => {
    it('fails requests no longer than the restart, loses no change event, and loses or repeats no sweep', async () => {
      const figures = await runTopology({
        kafkaBrokers: KAFKA!,
        redisUrl: REDIS!,
        temporalAddress: TEMPORAL!,
      });
      const report = JSON.stringify(figures);
      expect(figures.requests, report).toBeGreaterThan(50);
      // The kill was felt (the dg subgraph answers part of every read), and only for as long as the restart took.
      expect(figures.failedRequests, report).toBeGreaterThan(0);
      // Requests through either gateway failed only while the dg process was away.
      expect(figures.failingMs, report).toBeLessThanOrEqual(figures.restartMs + 1_000);
      expect(figures.recoveryMs, report).toBeLessThanOrEqual(figures.restartMs + 1_000);
      // Every acknowledged write reached the search index through Kafka and the restarted consumer.
      expect(figures.writesAcknowledged, report).toBeGreaterThan(20);
      expect(figures.writesMissing, report).toBe(0);
      // The worker's sweep fired on its Temporal schedule before the kills and after them.
      expect(figures.sweepsBeforeKill, report).toBeGreaterThan(0);
      expect(figures.sweepsAfterKill, report).toBeGreaterThan(0);
      // The sweep Temporal started while no worker ran was taken up by the new worker and finished.
      expect(figures.sweepStartedWithoutWorker, report).toBe('COMPLETED');
      // Every sweep the schedule started (those in flight at the kill too) finished and is in the run
      // history once; the history holds no run Temporal did not start.
      expect(figures.sweepsOnTemporal, report).toBeGreaterThan(figures.sweepsBeforeKill);
      expect(figures.sweepsCompleted, report).toBe(figures.sweepsOnTemporal);
      expect(figures.sweepsLost, report).toBe(0);
      expect(figures.sweepsRunTwice, report).toBe(0);
    }, 600_000);
  },
);
