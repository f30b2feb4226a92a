import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '@dataspoke/platform/store/db';
import { searchQuestion } from '@dataspoke/platform/store/schema-dg';
import { StoredSearchUsage } from './search-usage.js';

describe('search usage recording', () => {
  it('writes a question asked in the background, and a click waits for it', async () => {
    const store = await openMemoryStore();
    try {
      const usage = new StoredSearchUsage(store);
      usage.questionAsked('  revenue by store ');
      // No await between asking and clicking: the click finds the asking all the same.
      expect(await usage.resultClicked('revenue by store')).toBe(true);
      const rows = await store.db.select().from(searchQuestion);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ question: 'revenue by store' });
      expect(rows[0]!.clickedAt).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('never fails the search for a write the store refuses: it logs it and counts it', async () => {
    const store = await openMemoryStore();
    await store.close();
    const logged: unknown[] = [];
    const usage = new StoredSearchUsage(store, Date.now, (error) => logged.push(error));
    expect(() => usage.questionAsked('revenue by store')).not.toThrow();
    await usage.settled();
    expect(usage.failures).toBe(1);
    expect(logged).toHaveLength(1);
  });
});
