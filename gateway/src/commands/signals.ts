/** One part of stopping a long-running command, run in order with the others. */
export interface ShutdownStep {
  /** What it does, in words an operator reads in the log ("close the store"). */
  name: string;
  run(): Promise<void>;
  /** What is left undone while it runs, for the log when the bound is reached ("12 datasets queued"). */
  pending?(): string | null;
}

export interface ShutdownOptions {
  /** Longest the steps may take together; past it the process logs what it abandoned and exits 1. */
  timeoutMs: number;
  log?: (line: string) => void;
  exit?: (code: number) => void;
}

/**
 * The one shutdown path of a long-running command (Ctrl-C, `kill`, Kubernetes stopping the pod): on SIGINT or
 * SIGTERM the steps run in order (stop accepting and drain requests, flush derived indexes, close the store)
 * and the process exits 0. When they outlast the bound, or a second signal arrives, it logs the step it was
 * in and the ones it never ran, and exits 1: what the store holds is safe, and the next start catches up.
 */
export function closeOnSignals(steps: readonly ShutdownStep[], options: ShutdownOptions): void {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let current = -1;
  let done = false;

  const abandon = (why: string) => {
    if (done) return;
    done = true;
    const left = steps.slice(Math.max(current, 0)).map((step) => {
      const pending = step.pending?.();
      return pending ? `${step.name} (${pending})` : step.name;
    });
    log(`shutdown: ${why}; abandoned: ${left.join('; ') || 'nothing'}`);
    exit(1);
  };

  const shutdown = async (signal: string) => {
    log(`received ${signal}, shutting down (bound ${options.timeoutMs} ms)`);
    const timer = setTimeout(
      () => abandon(`not finished within DATASPOKE_SHUTDOWN_TIMEOUT_MS=${options.timeoutMs}`),
      options.timeoutMs,
    );
    process.once('SIGINT', (s) => abandon(`second signal (${s})`));
    process.once('SIGTERM', (s) => abandon(`second signal (${s})`));
    try {
      for (current = 0; current < steps.length && !done; current++) await steps[current]!.run();
    } catch (error) {
      clearTimeout(timer);
      abandon(`"${steps[current]?.name}" failed: ${(error as Error).message}`);
      return;
    }
    clearTimeout(timer);
    if (done) return;
    done = true;
    log('shutdown complete');
    exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));
}
