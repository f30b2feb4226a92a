import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../testing/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a process whose shutdown steps are `steps` (JS source), sends it SIGTERM once it is ready. */
async function stopProcess(
  steps: string,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const script = path.join(dir, `run-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    script,
    `import { closeOnSignals } from ${JSON.stringify(path.join(ROOT, 'gateway/src/commands/signals.ts'))};
     closeOnSignals(${steps}, { timeoutMs: ${timeoutMs} });
     setInterval(() => undefined, 1000);
     process.stdout.write('ready\\n');`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const sent = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stderr, ms: Date.now() - sent };
}

/** The one shutdown path: steps in order, exit 0; past the bound, what was abandoned and exit 1. */
describe('closeOnSignals', () => {
  it('runs the steps in order and exits 0', async () => {
    const r = await stopProcess(
      `[{ name: 'one', run: async () => { process.stderr.write('ran one\\n'); } },
        { name: 'two', run: async () => { process.stderr.write('ran two\\n'); } }]`,
      5000,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/received SIGTERM, shutting down[\s\S]*ran one\nran two\nshutdown complete/);
  }, 30_000);

  it('past the bound, logs the step it was in and those it never ran, and exits 1', async () => {
    const r = await stopProcess(
      `[{ name: 'drain requests', run: async () => undefined },
        { name: 'flush the index', run: () => new Promise(() => undefined), pending: () => '7 queued' },
        { name: 'close the store', run: async () => undefined }]`,
      300,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'shutdown: not finished within DATASPOKE_SHUTDOWN_TIMEOUT_MS=300; abandoned: flush the index (7 queued); close the store',
    );
    expect(r.ms).toBeLessThan(5000);
  }, 30_000);
});
