import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../testing/cli.js';

/**
 * Stopping `dataspoke start` and starting it again, as an operator (or Kubernetes, or the OOM killer) does:
 * every dataset whose write was acknowledged is found by search afterwards, without `search reindex`.
 */
describe('dataspoke start: stop and restart', () => {
  const env = { DATASPOKE_DEMO: 'false', DATASPOKE_EMBEDDER: 'none', DATASPOKE_SHUTDOWN_TIMEOUT_MS: '20000' };
  const { dataDir, start } = cliSandbox('dataspoke-cli-shutdown-', env);

  /** Writes `count` datasets through the DataHub-compatible /gms in one acknowledged batch. */
  const write = async (base: string, from: number, count: number): Promise<string[]> => {
    const urns = Array.from(
      { length: count },
      (_, i) => `urn:li:dataset:(urn:li:dataPlatform:hive,crashprobe.quokka_ledger_${from + i},PROD)`,
    );
    const response = await fetch(`${base}/gms/aspects?action=ingestProposalBatch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        proposals: urns.map((urn, i) => ({
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: {
            value: JSON.stringify({
              name: `quokka_ledger_${from + i}`,
              description: 'quokka ledger probe',
            }),
            contentType: 'application/json',
          },
        })),
      }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return urns;
  };

  /** Every dataset the DA search finds for the probe's words. */
  const found = async (base: string): Promise<Set<string>> => {
    const urns = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const response = await fetch(
        `${base}/api/v1/spoke/da/search?q=${encodeURIComponent('quokka ledger probe')}&limit=100&offset=${offset}`,
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as { datasets: { urn: string }[] };
      page.datasets.forEach((d) => urns.add(d.urn));
      if (page.datasets.length < 100) return urns;
    }
  };

  const missing = (expected: string[], have: Set<string>) => expected.filter((u) => !have.has(u));
  const acknowledged: string[] = [];
  const N = 400;

  it('after kill -9 every acknowledged dataset is found without a reindex; SIGTERM exits 0 and unlocks', async () => {
    const first = await start();
    acknowledged.push(...(await write(first.base, 0, N)));
    // No time to index: the queue is in memory and dies with the process.
    first.r.process.kill('SIGKILL');
    expect(await first.exited).toBe(-1);

    const second = await start();
    const deadline = Date.now() + 90_000;
    let have = await found(second.base);
    while (missing(acknowledged, have).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      have = await found(second.base);
    }
    expect(missing(acknowledged, have)).toEqual([]);
    expect(second.stderr()).toMatch(/search index: caught up with the hub's writes since/);

    // SIGTERM right after an acknowledged write: the queue is flushed and the store closed before exit 0.
    acknowledged.push(...(await write(second.base, N, N)));
    const stopped = Date.now();
    second.r.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(20_000);
    expect(second.stderr()).toContain('shutdown complete');
    expect(existsSync(path.join(dataDir, 'pgdata.lock'))).toBe(false);

    // Found at once on the next start: nothing was left for a catch-up to do.
    const third = await start();
    expect(missing(acknowledged, await found(third.base))).toEqual([]);
    third.r.process.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 240_000);
});
