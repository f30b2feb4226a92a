/**
 * Collects keys for a short while and hands them to `run` together, one batch at a time; a key added again
 * while queued is run once. Change events arrive in bursts (an ingest writes many aspects of one entity),
 * and what follows them is worth doing once per burst.
 */
export class CoalescingQueue {
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly run: (keys: string[]) => Promise<void>,
    private readonly delayMs: number,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.queued.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }, this.delayMs);
  }

  /** Runs what is queued now. */
  async flush(): Promise<void> {
    const keys = [...this.queued];
    this.queued.clear();
    if (keys.length > 0) await this.run(keys);
  }

  /** Takes no more keys; what is queued runs first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.flush();
  }
}
