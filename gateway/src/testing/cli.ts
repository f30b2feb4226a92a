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

/** A long-running `dataspoke` command, started and ready. */
export interface RunningCommand {
  process: ChildProcess;
  /** What it printed on stdout until it was ready. */
  banner: string;
  stop(): Promise<void>;
}

/** Starts a long-running `dataspoke` command; resolves once its stdout satisfies `ready`. */
export async function startCommand(
  args: string[],
  dataDir: string,
  env: Record<string, string>,
  ready: (stdout: string) => boolean,
): Promise<RunningCommand> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATASPOKE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args.join(' ')} did not finish starting in time:\n${stderr}`)),
      120_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (ready(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`));
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

/** Starts `dataspoke start` and resolves once it has printed its banner (everything up to a blank last line). */
export function startDataspoke(
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RunningCommand> {
  return startCommand(
    ['start', ...args],
    dataDir,
    env,
    (stdout) => stdout.includes('DataSpoke is running') && stdout.endsWith('\n\n'),
  );
}
