import { createClient, type Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  startReplicas,
  TEST_REDIS_URL,
  REDIS_SKIP_REASON,
  writeDataset,
  type Replicas,
} from '../testing/replicas.js';

interface Received {
  kind: string;
  datasetUrn: string;
  title: string;
  groups: string[];
}

const SUBSCRIBE = `subscription Live($kinds: [NotificationKind!]) {
  notifications(kinds: $kinds) { kind datasetUrn title groups }
}`;

const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';

/** A graphql-ws client as a browser or script would use it, authenticated by connection params. */
function connect(url: string, key: string | null): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: false,
    // The tests watch refused connections themselves ('closed'); the default would print the close event.
    onNonLazyError: () => undefined,
  });
}

/** Subscribes and collects what arrives; `next(n)` waits until n notifications are in. */
function listen(client: Client, variables: Record<string, unknown> = {}) {
  const received: Received[] = [];
  let failure: unknown = null;
  const waiting = new Set<() => void>();
  client.subscribe<{ notifications: Received }>(
    { query: SUBSCRIBE, variables },
    {
      next: (value) => {
        if (value.data) received.push(value.data.notifications);
        for (const wake of waiting) wake();
      },
      error: (error) => {
        failure = error;
        for (const wake of waiting) wake();
      },
      complete: () => undefined,
    },
  );
  return {
    received,
    async next(count: number): Promise<Received[]> {
      const deadline = Date.now() + 10_000;
      while (received.length < count && !failure && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            resolve();
          };
          waiting.add(wake);
          setTimeout(wake, 200);
        });
      }
      if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
      return received.slice(0, count);
    },
  };
}

/** Resolves once the server has the subscription (its first notification would otherwise race it). */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('notifications over graphql-ws on /graphql', () => {
  let replicas: Replicas | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.dispose();
    await replicas?.close();
    replicas = undefined;
  });

  it('delivers each notification to the groups it is for, and refuses a connection without credentials', async () => {
    replicas = await startReplicas(1, {}, { redis: false });
    const { url, stack } = replicas.replicas[0]!;
    const engineer = await replicas.key('engineer', ['de']);
    const governance = await replicas.key('governance', ['dg']);
    const de = listen(clients[clients.push(connect(url, engineer)) - 1]!);
    const dg = listen(clients[clients.push(connect(url, governance)) - 1]!);
    const onlyLate = listen(clients[clients.push(connect(url, engineer)) - 1]!, { kinds: ['DATASET_LATE'] });
    await settle();

    // The validator publishes this on a stored FAIL run (subgraphs/src/validation.test.ts checks that it does).
    await stack.spokeEvents.publish({
      type: 'dataspoke.validation.failed',
      runId: 'run-1',
      datasetUrn: ORDERS,
      status: 'fail',
      asOf: Date.now(),
      failedMetrics: ['rowCount'],
      at: Date.now(),
    });
    await writeDataset(url, engineer, ORDERS);
    await stack.spokeEvents.publish({
      type: 'dataspoke.dataset.late',
      datasetUrn: ORDERS,
      expectedAt: Date.now() - 3_600_000,
      lateBySeconds: 1800,
      at: Date.now(),
    });

    // DATASET_CHANGED waits a moment for the rest of the write's aspects (one per burst), so it comes last.
    expect((await de.next(3)).map((n) => n.kind).sort()).toEqual([
      'DATASET_CHANGED',
      'DATASET_LATE',
      'VALIDATION_FAILED',
    ]);
    expect(de.received[0]).toMatchObject({
      datasetUrn: ORDERS,
      title: 'Validation failed on shop.public.orders',
    });
    // Governance hears about the change but not about the validator's or freshness' findings.
    const forDg = await dg.next(1);
    expect(forDg.map((n) => n.kind)).toEqual(['DATASET_CHANGED']);
    expect(forDg[0]!.groups).toContain('dg');
    expect((await onlyLate.next(1)).map((n) => n.kind)).toEqual(['DATASET_LATE']);
    await settle();
    expect(dg.received).toHaveLength(1);
    expect(onlyLate.received).toHaveLength(1);

    const anonymous = connect(url, null);
    clients.push(anonymous);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      anonymous.on('closed', (event) => resolve(event as { code: number; reason: string }));
    });
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/^UNAUTHENTICATED/);

    const revoked = connect(url, 'dsk_not_a_real_key_0000000000000000');
    clients.push(revoked);
    const refused = await new Promise<{ code: number }>((resolve) => {
      revoked.on('closed', (event) => resolve(event as { code: number }));
    });
    expect(refused.code).toBe(4401);
  });

  it('answers a query sent over the socket with an error pointing to HTTP', async () => {
    replicas = await startReplicas(1, {}, { redis: false });
    const { url } = replicas.replicas[0]!;
    const client = connect(url, await replicas.key('analyst', ['da']));
    clients.push(client);
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: '{ __typename }' },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(errors)).toMatch(/send queries and mutations to POST \/graphql/);
  });

  it.skipIf(!TEST_REDIS_URL)(
    'in Redis: a subscriber on one replica hears what another replica noticed, once',
    async () => {
      replicas = await startReplicas(2, {}, { redis: true });
      const [a, b] = [replicas.replicas[0]!, replicas.replicas[1]!];
      const key = await replicas.key('engineer', ['de']);
      const onB = listen(clients[clients.push(connect(b.url, key)) - 1]!);
      await settle();
      await writeDataset(a.url, key, ORDERS);
      expect((await onB.next(1)).map((n) => [n.kind, n.datasetUrn])).toEqual([['DATASET_CHANGED', ORDERS]]);
      await settle();
      expect(onB.received).toHaveLength(1);
    },
  );
  if (!TEST_REDIS_URL) console.warn(`[skip] notifications through Redis: ${REDIS_SKIP_REASON}`);

  it('without Redis: replicas on one PostgreSQL hear each other through NOTIFY, once', async () => {
    replicas = await startReplicas(2, {}, { redis: false });
    const [a, b] = [replicas.replicas[0]!, replicas.replicas[1]!];
    const key = await replicas.key('engineer', ['de']);
    const onA = listen(clients[clients.push(connect(a.url, key)) - 1]!);
    const onB = listen(clients[clients.push(connect(b.url, key)) - 1]!);
    await settle();
    await writeDataset(a.url, key, ORDERS);
    expect((await onB.next(1)).map((n) => [n.kind, n.datasetUrn])).toEqual([['DATASET_CHANGED', ORDERS]]);
    expect((await onA.next(1)).map((n) => [n.kind, n.datasetUrn])).toEqual([['DATASET_CHANGED', ORDERS]]);
    await settle();
    expect(onA.received).toHaveLength(1);
    expect(onB.received).toHaveLength(1);
  });
});
