import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Group } from '../../auth/identity.js';
import type { Store } from '@dataspoke/platform/store/db';
import { notificationOutbox } from '@dataspoke/platform/store/schema';
import type { Notification } from './notification.js';
import type { NotificationOutbox } from './notifier.js';

export interface WebhookSettings {
  /** Receives every notification. */
  url?: string | undefined;
  /** Receive the notifications of one group (`admin`: every notification). */
  byGroup: Partial<Record<Group, string>>;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

/** The URLs a notification goes to: the global one and those of its groups (admin's gets everything). */
export function webhookUrlsFor(notification: Notification, settings: WebhookSettings): string[] {
  const urls = new Set<string>();
  if (settings.url) urls.add(settings.url);
  for (const [group, url] of Object.entries(settings.byGroup) as [Group, string][])
    if (group === 'admin' || notification.groups.includes(group)) urls.add(url);
  return [...urls];
}

/**
 * Slack's incoming-webhook JSON (text, and blocks for clients that draw them), which Mattermost, Teams'
 * Slack-compatible connectors and most chat tools accept too; the whole notification rides along under
 * `dataspoke` for receivers that are programs (Slack ignores the field).
 */
export function slackPayload(notification: Notification): Record<string, unknown> {
  const text = `${notification.title}: ${notification.detail}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${notification.title}*\n${notification.detail}\n\`${notification.datasetUrn}\``,
        },
      },
    ],
    dataspoke: notification,
  };
}

/** Keeps each notification's deliveries in the operational store before anything is sent. */
export class WebhookOutbox implements NotificationOutbox {
  constructor(
    private readonly store: Store,
    private readonly settings: WebhookSettings,
    private readonly onEnqueued: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(notification: Notification): Promise<void> {
    const urls = webhookUrlsFor(notification, this.settings);
    if (urls.length === 0) return;
    const at = new Date(this.now());
    await this.store.db
      .insert(notificationOutbox)
      .values(
        urls.map((url) => ({
          id: `${notification.id}:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`,
          notificationId: notification.id,
          url,
          payload: slackPayload(notification),
          createdAt: at,
          nextAttemptAt: at,
        })),
      )
      .onConflictDoNothing();
    this.onEnqueued();
  }
}

interface DueRow extends Record<string, unknown> {
  id: string;
  notification_id: string;
  url: string;
  payload: unknown;
  attempts: number | string;
}

/** Rows taken per round. */
const BATCH = 20;

/**
 * Sends what the outbox holds, due rows first, from any number of processes: a row is claimed (FOR UPDATE
 * SKIP LOCKED, then held for a while) before it is sent, so two deliverers never send it at once, and one
 * that dies mid-send leaves it to be taken again once the hold lapses. A 2xx marks it delivered; anything
 * else schedules the next attempt with exponential backoff (with jitter) until the attempts run out, when it
 * is marked failed and stays for the operator. Delivery is at least once: a receiver deduplicates on
 * `X-DataSpoke-Delivery` (a crash between its 2xx and our mark sends it again).
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly settings: WebhookSettings,
    private readonly options: {
      /** How often due rows are looked for when nothing kicks the deliverer. */
      pollMs?: number;
      fetch?: typeof fetch;
      log?: (line: string) => void;
      now?: () => number;
      random?: () => number;
    } = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Looks for due rows now (after an enqueue) instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.round()
      .catch((error: unknown) =>
        this.options.log?.(`webhooks: a delivery round failed: ${String((error as Error).cause ?? error)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.options.pollMs ?? 1000);
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The delay before attempt `attempts + 1`: doubling from the base, capped, with up to 20 % jitter. */
  backoff(attempts: number): number {
    const base = Math.min(
      this.settings.backoffMs * 2 ** Math.max(attempts - 1, 0),
      this.settings.maxBackoffMs,
    );
    return Math.round(base * (0.8 + 0.2 * (this.options.random ?? Math.random)()));
  }

  private async round(): Promise<void> {
    for (;;) {
      const now = at(this.now());
      const holdUntil = at(this.now() + this.settings.timeoutMs * 2 + 5_000);
      const rows = await this.store.query<DueRow>(sql`
        update spoke.notification_outbox set claimed_until = ${holdUntil}
        where id in (
          select id from spoke.notification_outbox
          where delivered_at is null and failed_at is null and next_attempt_at <= ${now}
            and (claimed_until is null or claimed_until < ${now})
          order by next_attempt_at
          limit ${BATCH}
          for update skip locked
        )
        returning id, notification_id, url, payload, attempts`);
      if (rows.length === 0 || this.stopped) return;
      await Promise.all(rows.map((row) => this.deliver(row)));
      if (rows.length < BATCH) return;
    }
  }

  private async deliver(row: DueRow): Promise<void> {
    const attempts = Number(row.attempts) + 1;
    let failure: string | null = null;
    try {
      const response = await (this.options.fetch ?? fetch)(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'DataSpoke-Webhook',
          'x-dataspoke-delivery': row.id,
          'x-dataspoke-notification': row.notification_id,
        },
        body: JSON.stringify(row.payload),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'error',
      });
      await response.body?.cancel();
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure =
        error instanceof Error
          ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}`
          : String(error);
    }
    const now = this.now();
    if (failure === null) {
      await this.store.query(sql`
        update spoke.notification_outbox
        set delivered_at = ${at(now)}, attempts = ${attempts}, claimed_until = null, last_error = null
        where id = ${row.id}`);
      return;
    }
    const exhausted = attempts >= this.settings.maxAttempts;
    await this.store.query(sql`
      update spoke.notification_outbox
      set attempts = ${attempts}, claimed_until = null, last_error = ${failure},
          next_attempt_at = ${at(now + this.backoff(attempts))},
          failed_at = ${exhausted ? at(now) : null}
      where id = ${row.id}`);
    this.options.log?.(
      exhausted
        ? `webhooks: gave up on ${row.id} to ${originOf(row.url)} after ${attempts} attempts: ${failure}`
        : `webhooks: attempt ${attempts} of ${row.id} to ${originOf(row.url)} failed (${failure}); retrying`,
    );
  }
}

/** A time as a statement parameter both drivers take (postgres.js takes no Date in raw statements). */
function at(ms: number) {
  return sql`${new Date(ms).toISOString()}::timestamptz`;
}

/** A webhook URL's origin: its path is often the secret (Slack's are), so logs name only the host. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
