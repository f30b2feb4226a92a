/** Closes a long-running command on SIGINT or SIGTERM (Ctrl-C, `kill`, Kubernetes stopping the pod). */
export function closeOnSignals(close: () => Promise<void>): void {
  const shutdown = async (signal: string) => {
    process.stderr.write(`received ${signal}, shutting down\n`);
    await close();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void shutdown(s));
  process.once('SIGTERM', (s) => void shutdown(s));
}
