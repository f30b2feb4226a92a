import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';

/**
 * Webhooks across a real restart of the embedded stack (file-backed PGlite): a validation failure noticed
 * while the receiver is down is retried, the process stops mid-retry, and the next start delivers it once.
 */
describe('webhooks across a restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-webhooks-'));
  let server: Server | undefined;
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a notification once after the receiver comes back and the gateway restarted', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const env = {
      DATASPOKE_DATA_DIR: dataDir,
      DATASPOKE_DEMO: 'false',
      DATASPOKE_EMBEDDER: 'none',
      DATASPOKE_WEBHOOK_URLS: `de=http://127.0.0.1:${port}/hook`,
      DATASPOKE_WEBHOOK_BACKOFF_MS: '50',
      DATASPOKE_WEBHOOK_MAX_BACKOFF_MS: '200',
    };
    const attempts = async (stack: EmbeddedStack) =>
      Number(
        (
          await stack.store.query<{ n: string }>(
            sql`select max(attempts) as n from spoke.notification_outbox`,
          )
        )[0]?.n ?? 0,
      );

    const first = await openEmbeddedStack(loadConfig(env), { log: () => undefined });
    first.notifications.webhooks!.start();
    await first.spokeEvents.publish({
      type: 'dataspoke.validation.failed',
      runId: 'run-restart',
      datasetUrn: 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)',
      status: 'fail',
      asOf: 0,
      failedMetrics: ['rowCount'],
      at: 0,
    });
    const deadline = Date.now() + 20_000;
    while ((await attempts(first)) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await attempts(first)).toBeGreaterThanOrEqual(2);
    await first.close();

    const received: { delivery: string; text: string }[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({
          delivery: String(req.headers['x-dataspoke-delivery']),
          text: (JSON.parse(body) as { text: string }).text,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));

    const second = await openEmbeddedStack(loadConfig(env), { log: () => undefined });
    try {
      second.notifications.webhooks!.start();
      const until = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      expect(received.map((r) => r.text)).toEqual([
        'Validation failed on shop.public.orders: failed: rowCount',
      ]);
      expect(received[0]!.delivery).toMatch(/:/);
    } finally {
      await second.close();
    }
  }, 90_000);
});
