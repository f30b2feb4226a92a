import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A `dataspoke consumer` process run from the sources, as tests and bench:events drive it. */
export interface ConsumerProcess {
  child: ChildProcess;
  /** Its Prometheus endpoint (DATASPOKE_METRICS_PORT=0 picks a free port). */
  metricsUrl: string;
  /** The last of what it wrote on stderr. */
  stderr: () => string;
}

export async function startConsumerProcess(env: Record<string, string>): Promise<ConsumerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@dataspoke/source', '--import', 'tsx', path.join(ROOT, 'gateway/src/cli.ts'), 'consumer'],
    // PORT 0: its probes take a free port, so consumers side by side (and other servers) never clash.
    { cwd: ROOT, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-16_000)));
  const metricsUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /metrics at (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`dataspoke consumer exited ${code}: ${stderr}`)));
  });
  return { child, metricsUrl, stderr: () => stderr };
}

/** Sends the signal and waits for the exit (at once when it has exited already). */
export async function stopConsumerProcess(consumer: ConsumerProcess, signal: NodeJS.Signals): Promise<void> {
  if (consumer.child.exitCode !== null || consumer.child.signalCode !== null) return;
  const exited = new Promise((resolve) => consumer.child.once('exit', resolve));
  consumer.child.kill(signal);
  await exited;
}

/** A metric summed over its series whose labels include `labels`, read from the consumer's endpoint. */
export async function consumerMetric(
  consumer: ConsumerProcess,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(consumer.metricsUrl)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
