import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATEWAY_TOKEN_HEADER, signGatewayToken } from '@dataspoke/domain/auth/gateway-token';
import { OPEN_IDENTITY } from '@dataspoke/domain/auth/identity';
import { openTemporalTestInstallation } from '@dataspoke/workflows/testing/temporal-installation';
import { startCommand, type RunningCommand } from '../testing/cli.js';

const SECRET = 'a-secret-only-the-gateway-and-subgraphs-share';
const KAFKA = process.env.DATASPOKE_TEST_KAFKA_BROKERS;
const TEMPORAL = process.env.DATASPOKE_TEST_TEMPORAL_ADDRESS;
const dataDir = () => mkdtempSync(path.join(tmpdir(), 'dataspoke-probes-'));
const running: RunningCommand[] = [];
afterAll(() => {
  for (const r of running) if (r.process.exitCode === null) r.process.kill('SIGKILL');
});

const exitOf = (r: RunningCommand) =>
  new Promise<number | null>((resolve) => {
    if (r.process.exitCode !== null) return resolve(r.process.exitCode);
    r.process.once('exit', (code) => resolve(code));
  });

interface ReadyBody {
  ready: boolean;
  code?: string;
  reason?: string;
  draining?: boolean;
  dependencies: Record<string, { ok: boolean; error?: string }>;
}
const ready = async (base: string) => {
  const response = await fetch(`${base}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
};

/**
 * A stand-in for DataHub's GMS that can be taken down and up (GMS itself cannot run here), and that answers
 * GraphQL slowly, so a request is still under way when the process is told to stop.
 */
async function fakeGms(delayMs: number) {
  const state = { healthy: false, graphqlCalls: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(state.healthy ? 200 : 503).end();
      return;
    }
    req.resume();
    req.on('end', () => {
      state.graphqlCalls++;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { dataset: null } }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, state, close: () => server.close() };
}

describe('a subgraph process: /health, /ready and SIGTERM', () => {
  it('is live while DataHub is down, ready only once it answers, and finishes a request under way on SIGTERM', async () => {
    const gms = await fakeGms(1_500);
    try {
      const subgraph = await startCommand(
        ['subgraph', 'datahub'],
        dataDir(),
        {
          DATASPOKE_HUB: 'gms',
          DATAHUB_GMS_URL: gms.url,
          DATASPOKE_SUBGRAPH_SECRET: SECRET,
          DATASPOKE_DEMO: 'false',
          DATASPOKE_EMBEDDER: 'none',
        },
        (out) => /running at \S+\n/.test(out),
      );
      running.push(subgraph);
      let stderr = '';
      subgraph.process.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const url = /running at (\S+)\n/.exec(subgraph.banner)![1]!;
      const base = url.replace(/\/$/, '');

      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      const down = await ready(base);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, code: 'NOT_READY' });
      expect(down.body.dependencies.hub).toMatchObject({ ok: false });
      expect(down.body.dependencies.store).toMatchObject({ ok: true });
      expect(down.body.reason).toContain('hub');

      gms.state.healthy = true;
      const up = await ready(base);
      expect(up.status).toBe(200);
      expect(up.body.ready).toBe(true);

      // A query the subgraph answers from DataHub, which takes its time; SIGTERM arrives while it is under way.
      const token = await signGatewayToken(OPEN_IDENTITY, SECRET);
      const inFlight = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_TOKEN_HEADER]: token },
        body: JSON.stringify({
          query: '{ dataset(urn: "urn:li:dataset:(urn:li:dataPlatform:hive,probe.table,PROD)") { urn } }',
        }),
      });
      const deadline = Date.now() + 10_000;
      while (gms.state.graphqlCalls === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(gms.state.graphqlCalls).toBeGreaterThan(0);
      subgraph.process.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveProperty('data');
      expect(await exitOf(subgraph), stderr).toBe(0);
    } finally {
      gms.close();
    }
  }, 180_000);
});

if (!KAFKA || !TEMPORAL)
  console.warn(
    '[skip] consumer and worker probes: DATASPOKE_TEST_KAFKA_BROKERS and DATASPOKE_TEST_TEMPORAL_ADDRESS are not both set (dev_env/services.sh start kafka temporal sets them)',
  );

describe.skipIf(!KAFKA || !TEMPORAL)('the consumer and worker processes: /health and /ready', () => {
  it('answer on PORT with Kafka and Temporal among their dependencies, and stop cleanly on SIGTERM', async () => {
    const common = { DATASPOKE_DEMO: 'false', DATASPOKE_EMBEDDER: 'none' };
    const suffix = `${process.pid}-${Date.now()}`;
    // The worker's schedules carry this run's prefix, and are deleted after: none is left to collide.
    const temporal = await openTemporalTestInstallation(TEMPORAL!, 'probes');
    try {
      const [consumer, worker] = await Promise.all([
        startCommand(
          ['consumer', '--metrics-port', '0'],
          dataDir(),
          {
            ...common,
            KAFKA_BROKERS: KAFKA!,
            DATASPOKE_CONSUMER_GROUP: `probes-${suffix}`,
            DATASPOKE_PROPOSAL_CONSUMER_GROUP: `probes-proposals-${suffix}`,
          },
          (out) => /probes at \S+\n/.test(out),
        ),
        startCommand(['worker'], dataDir(), { ...common, ...temporal.env }, (out) =>
          /probes at \S+\n/.test(out),
        ),
      ]);
      const sweep = await temporal.client.schedule
        .getHandle(`${temporal.idPrefix}catalog-health-sweep`)
        .describe();
      expect(sweep.action).toMatchObject({ taskQueue: temporal.taskQueue });
      running.push(consumer, worker);
      for (const [process, dependency] of [
        [consumer, 'kafka'],
        [worker, 'temporal'],
      ] as const) {
        const base = /probes at (\S+)\n/.exec(process.banner)![1]!;
        expect((await fetch(`${base}/health`)).status).toBe(200);
        const r = await ready(base);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.dependencies[dependency]).toMatchObject({ ok: true });
        expect(r.body.dependencies.store).toMatchObject({ ok: true });
        process.process.kill('SIGTERM');
        expect(await exitOf(process)).toBe(0);
      }
    } finally {
      await temporal.remove();
    }
  }, 180_000);
});
