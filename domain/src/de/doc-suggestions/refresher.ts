import type { DocSuggestionService } from './service.js';

/**
 * Keeps suggestions in step with the hub: datasets the change events name are collected for a short while
 * and proposed again together (their pending suggestions updated, or marked stale when no longer proposed).
 */
export class DocSuggestionRefresher {
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly service: DocSuggestionService,
    private readonly options: { delayMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** A dataset changed in the hub. */
  notify(datasetUrn: string): void {
    if (this.stopped) return;
    this.queued.add(datasetUrn);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }, this.options.delayMs ?? 2_000);
  }

  /** Refreshes what is queued now. */
  async flush(): Promise<void> {
    const urns = [...this.queued];
    this.queued.clear();
    if (urns.length === 0) return;
    try {
      await this.service.refresh(urns);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Runs what is queued and stops following. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.flush();
  }
}
