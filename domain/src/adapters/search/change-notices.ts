import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Store } from '@dataspoke/platform/store/db';

/** NOTIFY payloads are limited to 8000 bytes; a larger change is announced as 'all'. */
const NOTIFY_PAYLOAD_MAX = 7900;

interface Notice {
  origin: string;
  urns: string[] | 'all';
}

/**
 * Which rows of a table changed, by urn, announced on a notification channel to the other adapters sharing the
 * store (other processes on one PostgreSQL), so that what they keep in memory follows. Each adapter has its own
 * origin and does not hear itself: its own writes reach what it keeps as they commit.
 */
export class ChangeNotices {
  private readonly origin = randomUUID();

  constructor(
    private readonly store: Store,
    private readonly channel: string,
  ) {}

  async announce(urns: readonly string[] | 'all'): Promise<void> {
    if (urns !== 'all' && urns.length === 0) return;
    let notice = JSON.stringify({
      origin: this.origin,
      urns: urns === 'all' ? 'all' : [...urns],
    } satisfies Notice);
    if (Buffer.byteLength(notice) > NOTIFY_PAYLOAD_MAX)
      notice = JSON.stringify({ origin: this.origin, urns: 'all' } satisfies Notice);
    await this.store.query(sql`select pg_notify(${this.channel}, ${notice})`);
  }

  /**
   * Hears the other adapters' announcements. `onListening` runs each time listening is (re)established, when
   * announcements sent meanwhile may have been missed. Rejects when the store cannot listen.
   */
  async follow(onChange: (urns: readonly string[] | 'all') => void, onListening: () => void): Promise<void> {
    await this.store.listen(
      this.channel,
      (payload) => {
        const notice = JSON.parse(payload) as Notice;
        if (notice.origin !== this.origin) onChange(notice.urns);
      },
      onListening,
    );
  }
}
