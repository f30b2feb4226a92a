import { randomUUID } from 'node:crypto';
import type { Store } from '@dataspoke/platform/store/db';
import { insertQuestion, markClicked } from './metrics-repository.js';

/**
 * Search usage for the metrics: search records each question asked (its first page), the UI reports a
 * click on one of its results; questions with no click are those search did not answer well.
 */
export interface SearchUsageRecorder {
  questionAsked(question: string): Promise<void>;
}

/** A click counts for the same question asked within this window. */
const CLICK_WINDOW_MS = 6 * 3600_000;
const QUESTION_MAX = 1000;

export class StoredSearchUsage implements SearchUsageRecorder {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async questionAsked(question: string): Promise<void> {
    await insertQuestion(this.store, randomUUID(), question.trim().slice(0, QUESTION_MAX), this.now());
  }

  /** Marks the latest unclicked asking of `question` as clicked; false when there is none to mark. */
  resultClicked(question: string): Promise<boolean> {
    const at = this.now();
    return markClicked(this.store, question.trim().slice(0, QUESTION_MAX), at - CLICK_WINDOW_MS, at);
  }
}
