import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = ['--import', 'tsx', '--conditions=@dataspoke/source', path.join(ROOT, 'gateway/src/cli.ts')];

/** Runs the real `dataspoke` CLI from source, as an operator would, against a data dir. */
export function dataspoke(args: string[], dataDir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATASPOKE_DATA_DIR: dataDir, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `dataspoke start` and resolves once it has printed its banner (everything up to a blank last line). */
export async function startDataspoke(
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ process: ChildProcess; banner: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...CLI, 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATASPOKE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start did not finish in time:\n${stderr}`)), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('DataSpoke is running') && stdout.endsWith('\n\n')) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited with ${code}:\n${stderr}`));
    });
  });
  return {
    process: child,
    banner,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
