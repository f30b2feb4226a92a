import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';

describe('checkReadiness', () => {
  it('is ready when every dependency answers', async () => {
    const r = await checkReadiness([{ name: 'store', check: () => Promise.resolve() }], { timeoutMs: 100 });
    expect(r.ready).toBe(true);
    expect(r.dependencies.store!.ok).toBe(true);
  });

  it('names the dependency that failed, and counts one that hangs as down within the bound', async () => {
    const started = Date.now();
    const r = await checkReadiness(
      [
        { name: 'store', check: () => Promise.resolve() },
        { name: 'kafka', check: () => Promise.reject(new Error('connection refused')) },
        { name: 'temporal', check: () => new Promise<void>(() => undefined) },
      ],
      { timeoutMs: 200 },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.ready).toBe(false);
    expect(r.dependencies.kafka).toMatchObject({ ok: false, error: 'connection refused' });
    expect(r.dependencies.temporal).toMatchObject({ ok: false, error: 'no answer within 200 ms' });
    expect(r.dependencies.store!.ok).toBe(true);
  });

  it('is not ready while draining, even with every dependency up', async () => {
    const r = await checkReadiness([{ name: 'store', check: () => Promise.resolve() }], {
      timeoutMs: 100,
      draining: true,
    });
    expect(r).toMatchObject({ ready: false, draining: true });
  });
});
