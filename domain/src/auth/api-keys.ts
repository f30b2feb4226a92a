import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { InvalidInputError } from '../shared/errors.js';
import type { Store } from '@dataspoke/platform/store/db';
import { ReadCache } from '@dataspoke/platform/store/read-cache';
import { apiKey } from '@dataspoke/platform/store/schema';
import { isGroup, type Group, type Identity } from './identity.js';

/**
 * API keys: `dsk_<id>_<secret>`. The id is public (listings, revocation); only a hash of the secret is
 * stored, so the store never holds a usable key. A key is shown once, when it is created.
 */

const KEY_PATTERN = /^dsk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[\w.@ -]{1,100}$/;

export interface ApiKeyInfo {
  id: string;
  name: string;
  groups: Group[];
  createdAt: Date;
  revokedAt: Date | null;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** The whole key; it cannot be recovered later. */
  key: string;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function alphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('dsk_');
}

/** The store channel on which a revocation names the key, for every process that verifies keys. */
export const API_KEY_REVOCATIONS_CHANNEL = 'dataspoke_api_key_revocations';

type KeyRow = typeof apiKey.$inferSelect;

export class ApiKeyService {
  /**
   * Live keys already read, by id: verifying a key is on every request, and reading it from the store each
   * time was a large share of a small one. Revocations drop them in every process through the store's
   * notifications, before the next request.
   */
  private readonly live = new ReadCache({ maxSubjects: 10_000 });
  private following: Promise<unknown> | undefined;

  constructor(private readonly store: Store) {}

  private follow(): Promise<unknown> {
    this.following ??= this.store
      .listen(
        API_KEY_REVOCATIONS_CHANNEL,
        (id) => this.live.invalidate([id]),
        () => this.live.enable(true),
      )
      // Without notifications every verification reads the store, as it must.
      .catch(() => this.live.enable(false));
    return this.following;
  }

  async create(name: string, groups: readonly string[], now = new Date()): Promise<CreatedApiKey> {
    if (!NAME_PATTERN.test(name)) {
      throw new InvalidInputError(
        'INVALID_KEY_NAME',
        'a key name is 1 to 100 letters, digits, spaces or . _ @ -',
      );
    }
    const unknown = groups.filter((g) => !isGroup(g));
    if (unknown.length > 0 || groups.length === 0) {
      throw new InvalidInputError(
        'INVALID_GROUPS',
        unknown.length > 0
          ? `unknown group(s) ${unknown.join(', ')}; groups are de, da, dg and admin`
          : 'a key needs at least one group: de, da, dg or admin',
      );
    }
    const id = alphanumeric(12);
    const secret = randomBytes(32).toString('base64url');
    const row = { id, name, groups: [...new Set(groups)] as Group[], createdAt: now, revokedAt: null };
    await this.store.db.insert(apiKey).values({ ...row, secretHash: hashSecret(secret) });
    return { ...row, key: `dsk_${id}_${secret}` };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.store.db.select().from(apiKey).orderBy(apiKey.createdAt);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      groups: r.groups.filter(isGroup),
      createdAt: r.createdAt,
      revokedAt: r.revokedAt,
    }));
  }

  /** Revokes a key by id; false when there is no such key. Revoking twice keeps the first time. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    const [row] = await this.store.db
      .select({ revokedAt: apiKey.revokedAt })
      .from(apiKey)
      .where(eq(apiKey.id, id));
    if (!row) return false;
    if (!row.revokedAt) {
      await this.store.db.transaction(async (tx) => {
        await tx.update(apiKey).set({ revokedAt: now }).where(eq(apiKey.id, id));
        await tx.execute(sql`select pg_notify(${API_KEY_REVOCATIONS_CHANNEL}, ${id})`);
      });
    }
    this.live.invalidate([id]);
    return true;
  }

  /** The identity a key proves, or null for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Identity | null> {
    const match = KEY_PATTERN.exec(key);
    if (!match) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    await this.follow();
    let row = this.live.get<KeyRow>(id, 'row');
    if (!row) {
      const ticket = this.live.ticket();
      [row] = await this.store.db.select().from(apiKey).where(eq(apiKey.id, id));
      if (!row || row.revokedAt) return null;
      this.live.put(ticket, id, 'row', row);
    }
    const expected = Buffer.from(row.secretHash);
    const actual = Buffer.from(hashSecret(secret));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    return { subject: `${row.name} (key ${row.id})`, groups: row.groups.filter(isGroup), via: 'api_key' };
  }
}
