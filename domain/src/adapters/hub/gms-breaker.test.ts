import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createGmsHubPort } from '../../adapters/hub/gms-hub-port.js';

/** A DataHub whose GMS accepts connections and never answers (a hung JVM, a full GC). */
describe('GMS adapter over a DataHub that never answers', () => {
  const request = () => ({ types: ['DATASET'], query: '*', start: 0, count: 1 });

  it('costs one timeout per call, not one per retry, and opens the circuit after the threshold', async () => {
    const hanging = Fastify({ forceCloseConnections: true });
    let received = 0;
    hanging.post('/api/graphql', () => {
      received++;
      return new Promise(() => undefined);
    });
    const address = await hanging.listen({ host: '127.0.0.1', port: 0 });
    try {
      const gms = createGmsHubPort({
        url: address,
        timeoutMs: 300,
        retries: 2,
        backoffMs: 10,
        breaker: { failureThreshold: 3, resetMs: 60_000 },
      });
      const started = Date.now();
      for (let i = 0; i < 3; i++)
        await expect(gms.search(request())).rejects.toMatchObject({
          code: 'DATAHUB_UNAVAILABLE',
          message: expect.stringMatching(/no answer within 300 ms/) as unknown,
        });
      // Three calls, three timeouts: retrying a hung server would have made it nine.
      expect(received).toBe(3);
      expect(Date.now() - started).toBeLessThan(3 * 300 + 1500);
      // Open: refused at once, no request sent.
      const refused = Date.now();
      await expect(gms.search(request())).rejects.toThrow(/calls failed in a row/);
      expect(Date.now() - refused).toBeLessThan(100);
      expect(received).toBe(3);
    } finally {
      await hanging.close();
    }
  }, 15_000);
});
