import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';
import { appliedChange } from '@dataspoke/platform/store/schema';

/**
 * Which changes a consumer group has applied (spoke.applied_change), so a change delivered again is skipped.
 * Kept for `retentionMs` (longer than any redelivery or replay the group is expected to see).
 */
export class AppliedChangeLedger {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly consumerGroup: string,
    private readonly retentionMs = 7 * 24 * 3600 * 1000,
  ) {}

  /** The keys among `keys` that were applied before. */
  async applied(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.store.db
      .select({ key: appliedChange.changeKey })
      .from(appliedChange)
      .where(
        and(eq(appliedChange.consumerGroup, this.consumerGroup), inArray(appliedChange.changeKey, [...keys])),
      );
    return new Set(rows.map((r) => r.key));
  }

  async record(keys: readonly string[], now = new Date()): Promise<void> {
    if (keys.length === 0) return;
    await this.store.db
      .insert(appliedChange)
      .values(keys.map((changeKey) => ({ consumerGroup: this.consumerGroup, changeKey, appliedAt: now })))
      .onConflictDoNothing();
    if (now.getTime() - this.lastPrune > 3600_000) {
      this.lastPrune = now.getTime();
      await this.store.db
        .delete(appliedChange)
        .where(
          and(
            eq(appliedChange.consumerGroup, this.consumerGroup),
            lt(appliedChange.appliedAt, new Date(now.getTime() - this.retentionMs)),
          ),
        );
    }
  }

  async count(): Promise<number> {
    const rows = await this.store.db
      .select({ key: appliedChange.changeKey })
      .from(appliedChange)
      .where(eq(appliedChange.consumerGroup, this.consumerGroup));
    return rows.length;
  }
}
