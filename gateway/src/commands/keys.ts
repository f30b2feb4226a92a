import type { Command } from 'commander';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { InvalidInputError } from '@dataspoke/domain/shared/errors';
import { openEmbeddedStack } from '../embedded-stack.js';

async function withKeys<T>(run: (keys: ApiKeyService) => Promise<T>): Promise<T> {
  const stack = await openEmbeddedStack(loadConfig(), { prepareSearch: false });
  try {
    return await run(new ApiKeyService(stack.store));
  } finally {
    await stack.close();
  }
}

/** `dataspoke keys create|list|revoke`: API keys in the operational store DATASPOKE_DATA_DIR / DATABASE_URL names. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('API keys: create, list and revoke');
  keys
    .command('create')
    .description('Create an API key; it is printed once and cannot be shown again')
    .argument('<name>', 'who or what the key is for, e.g. "ana" or "airflow"')
    .requiredOption('-g, --groups <groups>', 'comma-separated groups: de, da, dg, admin')
    .option('--json', 'print the key as JSON')
    .action(async (name: string, options: { groups: string; json?: boolean }) => {
      const groups = options.groups
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      try {
        const created = await withKeys((k) => k.create(name, groups));
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ id: created.id, name: created.name, groups: created.groups, key: created.key })}\n`
            : `created key ${created.id} for ${created.name} (${created.groups.join(', ')}):\n${created.key}\n`,
        );
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        process.stderr.write(`dataspoke: ${error.code}: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
  keys
    .command('list')
    .description('List API keys (ids, names, groups, revocation); secrets are never shown')
    .action(async () => {
      const list = await withKeys((k) => k.list());
      if (list.length === 0) process.stdout.write('no API keys\n');
      for (const key of list) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        process.stdout.write(
          `${key.id}  ${key.name}  [${key.groups.join(', ')}]  created ${key.createdAt.toISOString()}  ${state}\n`,
        );
      }
    });
  keys
    .command('revoke')
    .description('Revoke an API key by id; requests with it are refused from then on')
    .argument('<id>', 'the key id (the part after dsk_, as `keys list` shows it)')
    .action(async (id: string) => {
      const revoked = await withKeys((k) => k.revoke(id));
      if (revoked) process.stdout.write(`revoked key ${id}\n`);
      else {
        process.stderr.write(`dataspoke: KEY_NOT_FOUND: no API key with id ${id}\n`);
        process.exitCode = 1;
      }
    });
}
