import { CoalescingQueue } from '../../shared/coalescing-queue.js';
import type { DocSuggestionService } from './service.js';

/**
 * Keeps suggestions in step with the hub: datasets the change events name are collected for a short while
 * and proposed again together (their pending suggestions updated, or marked stale when no longer proposed).
 */
export class DocSuggestionRefresher {
  private readonly queue: CoalescingQueue;

  constructor(
    service: DocSuggestionService,
    options: { delayMs?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.queue = new CoalescingQueue(async (urns) => {
      try {
        await service.refresh(urns);
      } catch (error) {
        options.onError?.(error);
      }
    }, options.delayMs ?? 2_000);
  }

  /** A dataset changed in the hub. */
  notify(datasetUrn: string): void {
    this.queue.add(datasetUrn);
  }

  /** Refreshes what is queued now. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Runs what is queued and stops following. */
  stop(): Promise<void> {
    return this.queue.stop();
  }
}
