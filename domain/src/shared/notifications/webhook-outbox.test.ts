import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import type { Notification } from './notification.js';
import {
  slackPayload,
  webhookUrlsFor,
  WebhookDeliverer,
  WebhookOutbox,
  type WebhookSettings,
} from './webhook-outbox.js';

const NOTIFICATION: Notification = {
  id: 'n-1',
  kind: 'VALIDATION_FAILED',
  datasetUrn: 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)',
  at: 0,
  title: 'Validation failed on shop.public.orders',
  detail: 'failed: rowCount',
  groups: ['de', 'da'],
  runId: 'r1',
  failedMetrics: ['rowCount'],
};

/** A webhook receiver on a fixed port that can be down (nothing listening), up, or failing with 500. */
class Receiver {
  received: { delivery: string; body: Record<string, unknown> }[] = [];
  failWith: number | null = null;
  private server: Server | null = null;
  constructor(readonly port: number) {}
  static async reservePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    return port;
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hooks/T000/B000/secret`;
  }
  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.failWith) {
          res.writeHead(this.failWith).end();
          return;
        }
        this.received.push({
          delivery: String(req.headers['x-dataspoke-delivery']),
          body: JSON.parse(body) as Record<string, unknown>,
        });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }
  async down(): Promise<void> {
    // Keep-alive connections would hold close() open.
    this.server?.closeAllConnections();
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
    this.server = null;
  }
}

const settings = (url: string, overrides: Partial<WebhookSettings> = {}): WebhookSettings => ({
  url,
  byGroup: {},
  maxAttempts: 50,
  backoffMs: 40,
  maxBackoffMs: 200,
  timeoutMs: 2000,
  ...overrides,
});

async function until(probe: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function row(store: TestStore['store']) {
  const [r] = await store.query<{
    attempts: string | number;
    delivered: boolean;
    failed: boolean;
    last_error: string | null;
  }>(sql`
    select attempts, delivered_at is not null as delivered, failed_at is not null as failed, last_error
    from spoke.notification_outbox`);
  return { ...r!, attempts: Number(r!.attempts) };
}

describe('webhookUrlsFor and the Slack payload', () => {
  it('sends to the global URL and to the URLs of the groups a notification is for (admin: all)', () => {
    const urls = webhookUrlsFor(NOTIFICATION, {
      ...settings('https://hooks.example/all'),
      byGroup: {
        de: 'https://hooks.example/de',
        dg: 'https://hooks.example/dg',
        admin: 'https://hooks.example/ops',
      },
    });
    expect(urls.sort()).toEqual([
      'https://hooks.example/all',
      'https://hooks.example/de',
      'https://hooks.example/ops',
    ]);
    const payload = slackPayload(NOTIFICATION);
    expect(payload.text).toBe('Validation failed on shop.public.orders: failed: rowCount');
    expect(payload.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Validation failed on shop.public.orders*\nfailed: rowCount\n`urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)`',
        },
      },
    ]);
  });
});

describe.each(storeKinds())('webhook outbox ($name)', (kind) => {
  let test: TestStore | undefined;
  const deliverers: WebhookDeliverer[] = [];
  let receiver: Receiver | undefined;
  afterEach(async () => {
    for (const d of deliverers.splice(0)) await d.stop();
    await receiver?.down();
    await test?.dispose();
  });

  it('a receiver down then up gets the message once, after retries with backoff', async () => {
    test = await kind.open();
    receiver = new Receiver(await Receiver.reservePort());
    const config = settings(receiver.url);
    const deliverer = new WebhookDeliverer(test.store, config, { pollMs: 20 });
    deliverers.push(deliverer);
    await new WebhookOutbox(test.store, config, () => deliverer.kick()).enqueue(NOTIFICATION);
    deliverer.start();
    await until(async () => (await row(test!.store)).attempts >= 3, 'three failed attempts');
    expect((await row(test.store)).last_error).toMatch(/ECONNREFUSED|fetch failed/);
    await receiver.up();
    await until(async () => (await row(test!.store)).delivered, 'the delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.delivery).toMatch(/^n-1:/);
    expect(receiver.received[0]!.body).toMatchObject({
      text: 'Validation failed on shop.public.orders: failed: rowCount',
      dataspoke: { id: 'n-1' },
    });
  });

  it('a deliverer stopped mid-retry leaves the row to the next one, which delivers it once even beside another', async () => {
    test = await kind.open();
    receiver = new Receiver(await Receiver.reservePort());
    const config = settings(receiver.url);
    const first = new WebhookDeliverer(test.store, config, { pollMs: 20 });
    deliverers.push(first);
    await new WebhookOutbox(test.store, config, () => first.kick()).enqueue(NOTIFICATION);
    first.start();
    await until(async () => (await row(test!.store)).attempts >= 2, 'two failed attempts');
    await first.stop();
    const attemptsBefore = (await row(test.store)).attempts;
    await receiver.up();
    // Two processes after the restart (replicas) share the outbox: the row is claimed by one of them.
    const second = new WebhookDeliverer(test.store, config, { pollMs: 20 });
    const third = new WebhookDeliverer(test.store, config, { pollMs: 20 });
    deliverers.push(second, third);
    second.start();
    third.start();
    await until(async () => (await row(test!.store)).delivered, 'the delivery after the restart');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
    expect((await row(test.store)).attempts).toBe(attemptsBefore + 1);
  });

  it('gives up after the last attempt and keeps the row marked failed with the reason', async () => {
    test = await kind.open();
    receiver = new Receiver(await Receiver.reservePort());
    receiver.failWith = 500;
    await receiver.up();
    const config = settings(receiver.url, { maxAttempts: 3, backoffMs: 10, maxBackoffMs: 20 });
    const deliverer = new WebhookDeliverer(test.store, config, { pollMs: 10 });
    deliverers.push(deliverer);
    await new WebhookOutbox(test.store, config, () => deliverer.kick()).enqueue(NOTIFICATION);
    deliverer.start();
    await until(async () => (await row(test!.store)).failed, 'giving up');
    expect(await row(test.store)).toMatchObject({ attempts: 3, delivered: false, last_error: 'HTTP 500' });
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, with at most 20 % taken off as jitter', () => {
    const fixed = (random: number) =>
      new WebhookDeliverer({} as never, settings('http://x', { backoffMs: 1000, maxBackoffMs: 5000 }), {
        random: () => random,
      });
    expect([1, 2, 3, 4, 5].map((a) => fixed(1).backoff(a))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(fixed(0).backoff(2)).toBe(1600);
  });
});
