import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import type { EmbeddedStack } from './embedded-stack.js';

export type AdminKeyOutcome =
  | { created: true; key: string; file: string }
  | { created: false; reason: 'keys exist' | 'open'; file: string | null };

/**
 * The embedded default's first start: with no API key in the store yet, create an administrator's key, so the
 * operator can sign in at once. It is written to $DATASPOKE_DATA_DIR/admin.key (readable by its owner only)
 * and returned to be printed; later starts leave keys alone.
 */
export async function ensureAdminKeyOnFirstStart(
  stack: EmbeddedStack,
  open: boolean,
): Promise<AdminKeyOutcome> {
  const file = path.join(stack.config.store.dataDir, 'admin.key');
  if (open) return { created: false, reason: 'open', file: null };
  const keys = new ApiKeyService(stack.store);
  if ((await keys.list()).length > 0)
    return { created: false, reason: 'keys exist', file: existsSync(file) ? file : null };
  const admin = await keys.create('admin', ['admin']);
  // With PostgreSQL (DATABASE_URL) nothing else has created the data directory.
  mkdirSync(stack.config.store.dataDir, { recursive: true });
  writeFileSync(file, `${admin.key}\n`, { mode: 0o600 });
  return { created: true, key: admin.key, file };
}
