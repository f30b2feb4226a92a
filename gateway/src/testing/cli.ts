import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

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

/** `dataspoke start --open`, with its base URL, what it has written on stderr so far, and its exit. */
export async function startOpenDataspoke(dataDir: string, env: Record<string, string>) {
  const r = await startDataspoke(['--open'], dataDir, env);
  const base = /health:\s+(http:\/\/\S+)\/health/.exec(r.banner)![1]!;
  let stderr = '';
  r.process.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    r.process.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { r, base, stderr: () => stderr, exited };
}

/**
 * A temporary directory for a suite's `dataspoke` commands (its data dir under it), and `start` for
 * `dataspoke start --open` there; after the suite, commands still running are killed and the directory removed.
 */
export function cliSandbox(prefix: string, env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const dataDir = path.join(dir, 'data');
  const running: RunningCommand[] = [];
  afterAll(() => {
    for (const r of running) if (r.process.exitCode === null) r.process.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    dataDir,
    start: async () => {
      const started = await startOpenDataspoke(dataDir, env);
      running.push(started.r);
      return started;
    },
  };
}
