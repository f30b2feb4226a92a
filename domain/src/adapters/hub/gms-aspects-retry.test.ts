import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createGmsHubAspects } from './gms-hub-aspects.js';

/** The GMS writer over a DataHub that is briefly overloaded, and over one that stays down. */
describe('GMS aspect writer: retries and circuit breaker', () => {
  let server: FastifyInstance | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const proposal = {
    entityType: 'dataset',
    entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:kafka,orders,PROD)',
    changeType: 'PATCH' as const,
    aspectName: 'structuredProperties',
    aspect: [],
  };

  async function gms(answers: number[]): Promise<{ url: string; received: () => number }> {
    let received = 0;
    server = Fastify({ logger: false });
    server.post('/aspects', async (_request, reply) => {
      const status = answers[Math.min(received, answers.length - 1)]!;
      received++;
      return reply.status(status).send(status === 200 ? { value: [] } : { message: 'overloaded' });
    });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    return { url, received: () => received };
  }

  it('retries a write that met 503s and succeeds once GMS answers', async () => {
    const fake = await gms([503, 503, 200]);
    await createGmsHubAspects({ url: fake.url, backoffMs: 5 }).write([proposal], 'urn:li:corpuser:dataspoke');
    expect(fake.received()).toBe(3);
  });

  it('gives up after its retries, then refuses at once while the circuit is open', async () => {
    const fake = await gms([503]);
    const writer = createGmsHubAspects({
      url: fake.url,
      retries: 1,
      backoffMs: 5,
      breaker: { failureThreshold: 2, resetMs: 60_000 },
    });
    for (let i = 0; i < 2; i++)
      await expect(writer.write([proposal], 'urn:li:corpuser:dataspoke')).rejects.toMatchObject({
        code: 'DATAHUB_UNAVAILABLE',
      });
    expect(fake.received()).toBe(4);
    await expect(writer.write([proposal], 'urn:li:corpuser:dataspoke')).rejects.toThrow(
      /calls failed in a row/,
    );
    expect(fake.received()).toBe(4);
  });

  it('does not retry a refusal (4xx): the same proposal would be refused again', async () => {
    const fake = await gms([422]);
    await expect(
      createGmsHubAspects({ url: fake.url, backoffMs: 5 }).write([proposal], 'urn:li:corpuser:dataspoke'),
    ).rejects.toMatchObject({ code: 'DATAHUB_ERROR' });
    expect(fake.received()).toBe(1);
  });
});
