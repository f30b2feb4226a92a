import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { storeKinds } from '@dataspoke/platform/testing/stores';
import { openDemoActivities, type DemoActivities } from '../testing/demo-activities.js';
import {
  openTemporalTestInstallation,
  type TemporalTestInstallation,
} from '../testing/temporal-installation.js';
import { SWEEP_BATCH } from '../workflows/catalog-health-sweep.js';
import type { RunOutcome } from '../workflows/types.js';

/**
 * A `dataspoke worker` killed (SIGKILL) in the middle of a catalog health sweep: another worker takes the
 * sweep over from Temporal's history and finishes it; batches completed before the kill are not run again,
 * and the interrupted batch resumes after the last dataset its heartbeat reported.
 */
const ADDRESS = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
const postgres = storeKinds().find((k) => k.name === 'postgres');
const skip = !ADDRESS
  ? 'DATASPOKE_TEST_TEMPORAL_ADDRESS is not set (dev_env/services.sh start temporal sets it)'
  : !postgres
    ? 'two worker processes share the store through PostgreSQL, and DATASPOKE_TEST_DATABASE_URL is not set'
    : null;
if (skip) console.warn(`[skip] worker kill test: ${skip}`);

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = ['--import', 'tsx', '--conditions=@dataspoke/source', path.join(ROOT, 'gateway/src/cli.ts')];

describe.skipIf(skip !== null)('a Temporal worker killed in the middle of a sweep', () => {
  let demo: DemoActivities;
  let temporal: TemporalTestInstallation;
  let dataDir: string;
  const workers: ChildProcess[] = [];

  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [...CLI, 'worker'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: demo.test.databaseUrl!,
        DATASPOKE_DATA_DIR: dataDir,
        ...temporal.env,
        DATASPOKE_DEMO: 'false',
        DATASPOKE_EMBEDDER: 'none',
        DATASPOKE_SCHEDULE_CATALOG_HEALTH_SWEEP: 'off',
        DATASPOKE_SCHEDULE_METRICS_COLLECTION: 'off',
        DATASPOKE_SCHEDULE_EMBEDDING_MAINTENANCE: 'off',
        DATASPOKE_SCHEDULE_TECHSPEC_INGESTION: 'off',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    workers.push(child);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker did not start:\n${stderr}`)), 120_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('dataspoke worker: running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the worker exited (${code}):\n${stderr}`)));
    });
    return child;
  };

  const validations = async () =>
    demo.test.store.query<{ urn: string; n: number }>(
      sql`select dataset_urn as urn, count(*)::int as n from spoke_de.validation_run group by 1`,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-worker-'));
    demo = await openDemoActivities(postgres!, 200);
    temporal = await openTemporalTestInstallation(ADDRESS!, 'worker-kill');
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await temporal?.remove();
    await demo?.test.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes on another worker and finishes without redoing completed activities', async () => {
    const first = await startWorker();
    const handle = await temporal.client.workflow.start('catalogHealthSweep', {
      taskQueue: temporal.taskQueue,
      workflowId: `${temporal.idPrefix}sweep`,
      args: [{ trigger: 'manual' }],
    });
    // Kill it once the first batch is done and the second under way.
    let atKill = 0;
    const deadline = Date.now() + 120_000;
    while (atKill < SWEEP_BATCH + SWEEP_BATCH / 2) {
      if (Date.now() > deadline) throw new Error('the sweep did not get going');
      atKill = (await validations()).reduce((n, r) => n + Number(r.n), 0);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await startWorker();
    const outcome = (await handle.result()) as RunOutcome;

    const batches = Math.ceil(outcome.counts.due! / SWEEP_BATCH);
    expect(outcome.counts.due).toBeGreaterThan(2 * SWEEP_BATCH);
    expect(outcome.counts.validated).toBe(outcome.counts.due);
    expect(atKill).toBeLessThan(outcome.counts.due!);

    // Temporal scheduled each batch once: the ones completed before the kill were not scheduled again.
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a?.activityType?.name === 'validateDatasets'
        ? [defaultPayloadConverter.fromPayload<{ urns: string[] }>(a.input!.payloads![0]!).urns]
        : [];
    });
    expect(scheduled).toHaveLength(batches);
    const listed = (history.events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'findDueDatasets',
    );
    expect(listed).toHaveLength(1);

    // Every due dataset validated; the only ones validated twice are of the one interrupted batch, and
    // fewer than a batch: the retry resumed after its last heartbeat.
    const counts = new Map((await validations()).map((r) => [r.urn, Number(r.n)]));
    expect(scheduled.flat().every((urn) => (counts.get(urn) ?? 0) >= 1)).toBe(true);
    const twice = [...counts].filter(([, n]) => n > 1).map(([urn]) => urn);
    expect(twice.length).toBeLessThan(SWEEP_BATCH);
    const batchesTouched = new Set(twice.map((urn) => scheduled.findIndex((b) => b.includes(urn))));
    expect(batchesTouched.size).toBeLessThanOrEqual(1);
    expect(batchesTouched.has(0)).toBe(false);

    const run = await demo.runs.get(handle.workflowId);
    expect(run).toMatchObject({ status: 'COMPLETED', engine: 'temporal' });
  }, 300_000);
});
