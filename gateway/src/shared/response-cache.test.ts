import { afterEach, describe, expect, it } from 'vitest';
import {
  startReplicas,
  TEST_REDIS_URL,
  REDIS_SKIP_REASON,
  writeDataset,
  type Replica,
  type Replicas,
} from '../testing/replicas.js';

const SUMMARY = '{ catalogSummary { datasets } }';
const datasetUrn = (name: string) => `urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.${name},PROD)`;

async function summary(url: string, key: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: SUMMARY }),
  });
  const body = (await res.json()) as { data?: { catalogSummary: { datasets: number } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { cache: res.headers.get('x-dataspoke-cache'), datasets: body.data!.catalogSummary.datasets };
}

/**
 * Waits for the search index to take the writes made so far: indexing a change drops cached answers once
 * more (they may have read the index), so a repeated read is a hit only once that is done.
 */
const indexed = (replica: Replica) => replica.stack.search.indexer.flush();

/** Waits until `probe` holds: a change's invalidation runs after the write answers. */
async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('response cache of expensive reads', () => {
  let replicas: Replicas | undefined;
  afterEach(async () => {
    await replicas?.close();
    replicas = undefined;
  });

  it('in process: answers a repeated read from the cache and drops it on a hub change', async () => {
    replicas = await startReplicas(1, {}, { redis: false });
    const { url } = replicas.replicas[0]!;
    const key = await replicas.key('reader', ['dg', 'de']);
    await writeDataset(url, key, datasetUrn('orders'));
    await indexed(replicas.replicas[0]!);
    const first = await eventually(
      () => summary(url, key),
      (s) => s.datasets === 1,
    );
    expect(first.datasets).toBe(1);
    expect(await summary(url, key)).toEqual({ cache: 'hit', datasets: 1 });
    await writeDataset(url, key, datasetUrn('customers'));
    const after = await eventually(
      () => summary(url, key),
      (s) => s.datasets === 2,
    );
    expect(after).toEqual({ cache: 'miss', datasets: 2 });
  });

  it.skipIf(!TEST_REDIS_URL)(
    'in Redis: a replica answers from what another cached, and a change on one drops it for both',
    async () => {
      replicas = await startReplicas(2, {}, { redis: true });
      const [a, b] = [replicas.replicas[0]!, replicas.replicas[1]!];
      const key = await replicas.key('reader', ['dg', 'de']);
      await writeDataset(a.url, key, datasetUrn('orders'));
      await indexed(a);
      await eventually(
        () => summary(a.url, key),
        (s) => s.datasets === 1 && s.cache === 'miss',
      );
      expect(await summary(b.url, key)).toEqual({ cache: 'hit', datasets: 1 });
      // The change is written through replica A; B's next answer is computed afresh.
      await writeDataset(a.url, key, datasetUrn('customers'));
      await indexed(a);
      const onB = await eventually(
        () => summary(b.url, key),
        (s) => s.datasets === 2,
      );
      expect(onB).toEqual({ cache: 'miss', datasets: 2 });
      expect(await summary(a.url, key)).toEqual({ cache: 'hit', datasets: 2 });
    },
  );
  if (!TEST_REDIS_URL) console.warn(`[skip] response cache in Redis: ${REDIS_SKIP_REASON}`);
});
