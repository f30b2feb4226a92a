import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataspoke, startDataspoke, type RunningCommand } from '../testing/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-diskfull-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=192m', 'tmpfs', dir]);
const why = mounted.status === 0 ? null : `mount -t tmpfs is not permitted here: ${String(mounted.stderr)}`;
if (why) console.warn(`skipping the disk-full test: ${why}`);

const MiB = 1024 * 1024;
const RESERVE = 24 * MiB;
const free = () => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};
/** Fills the volume until `leave` bytes are free. */
const fill = (file: string, leave: number) => {
  const bytes = free() - leave;
  if (bytes > 0) writeFileSync(file, Buffer.alloc(bytes));
};

/** A store on a real, small volume that fills up: writes refused with 507, reads served, nothing lost. */
describe.skipIf(why !== null)('dataspoke start on a volume that fills up', () => {
  const dataDir = path.join(dir, 'data');
  const filler = path.join(dir, 'filler');
  const env = {
    DATASPOKE_DEMO: 'false',
    DATASPOKE_EMBEDDER: 'none',
    DATASPOKE_STORE_MIN_FREE_BYTES: String(RESERVE),
  };
  let server: RunningCommand | undefined;
  afterAll(async () => {
    await server?.stop();
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  const urnOf = (i: number) => `urn:li:dataset:(urn:li:dataPlatform:hive,diskfull.table_${i},PROD)`;
  const write = (base: string, i: number) =>
    fetch(`${base}/gms/aspects?action=ingestProposal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        proposal: {
          entityType: 'dataset',
          entityUrn: urnOf(i),
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { value: JSON.stringify({ name: `table_${i}` }), contentType: 'application/json' },
        },
      }),
    });
  const read = (base: string, i: number) =>
    fetch(`${base}/gms/aspects/${encodeURIComponent(urnOf(i))}?aspect=datasetProperties`);

  it('refuses writes with 507 below the reserve, serves reads, says so on /health, and recovers', async () => {
    server = await startDataspoke(['--open'], dataDir, env);
    const base = /health:\s+(http:\/\/\S+)\/health/.exec(server.banner)![1]!;
    const acknowledged: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect((await write(base, i)).status).toBe(200);
      acknowledged.push(i);
    }

    fill(filler, RESERVE / 2);
    const refused = await write(base, 100);
    expect(refused.status).toBe(507);
    expect(await refused.json()).toMatchObject({
      error_code: 'INSUFFICIENT_STORAGE',
      message: expect.stringContaining('DATASPOKE_STORE_MIN_FREE_BYTES') as unknown,
    });
    const mutation = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { __typename }' }),
    });
    expect(mutation.status).toBe(507);
    expect(JSON.stringify(await mutation.json())).toContain('INSUFFICIENT_STORAGE');
    expect((await read(base, 0)).status).toBe(200);
    const query = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(query.status).toBe(200);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      storage: { writable: false, reserve_bytes: RESERVE },
    });

    rmSync(filler);
    expect((await write(base, 5)).status).toBe(200);
    acknowledged.push(5);
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok' });
    for (const i of acknowledged) expect((await read(base, i)).status, urnOf(i)).toBe(200);
    expect((await read(base, 100)).status).toBe(404);

    await server.stop();
    expect(server.process.exitCode).toBe(0);
    server = undefined;
  }, 240_000);

  it('refuses to start on a full volume with a clear message instead of hanging', () => {
    fill(filler, RESERVE / 2);
    try {
      const started = Date.now();
      const result = dataspoke(['start', '--open'], dataDir, { ...env, PORT: '0' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /INSUFFICIENT_STORAGE: not starting: the store's volume .* free, below the reserve/,
      );
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      rmSync(filler, { force: true });
    }
  }, 120_000);
});
