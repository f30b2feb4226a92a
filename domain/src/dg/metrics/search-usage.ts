import { randomUUID } from 'node:crypto';
import type { Store } from '@dataspoke/platform/store/db';
import { insertQuestion, markClicked } from './metrics-repository.js';

/**
 * Search usage for the metrics: search records each question asked (its first page), the UI reports a
 * click on one of its results; questions with no click are those search did not answer well.
 */
export interface SearchUsageRecorder {
  /** Records in the background: the search's answer does not wait for the store. */
  questionAsked(question: string): void;
}

/** A click counts for the same question asked within this window. */
const CLICK_WINDOW_MS = 6 * 3600_000;
const QUESTION_MAX = 1000;

export class StoredSearchUsage implements SearchUsageRecorder {
  private readonly pending = new Set<Promise<void>>();
  /** Questions the store refused or lost (each also logged): the usage metrics undercount by this many. */
  failures = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = (error) =>
      console.error('search usage: a question asked was not recorded:', error),
  ) {}

  questionAsked(question: string): void {
    const write = insertQuestion(this.store, randomUUID(), question.trim().slice(0, QUESTION_MAX), this.now())
      .catch((error: unknown) => {
        this.failures++;
        this.onError(error);
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every question asked so far is written (or counted as failed): for shutdown and tests. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Marks the latest unclicked asking of `question` as clicked; false when there is none to mark. */
  async resultClicked(question: string): Promise<boolean> {
    await this.settled();
    const at = this.now();
    return markClicked(this.store, question.trim().slice(0, QUESTION_MAX), at - CLICK_WINDOW_MS, at);
  }
}
