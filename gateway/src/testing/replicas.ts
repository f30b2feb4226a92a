import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadConfig } from '@dataspoke/platform/config/config';
import { openEmbeddedStack, type EmbeddedStack } from '../embedded-stack.js';
import { buildServer } from '../server.js';

export const TEST_REDIS_URL = process.env.DATASPOKE_TEST_REDIS_URL;
export const REDIS_SKIP_REASON =
  'DATASPOKE_TEST_REDIS_URL is not set: the Redis variant needs the server `dev_env/services.sh start redis` runs';
const TEST_DATABASE_URL = process.env.DATASPOKE_TEST_DATABASE_URL;
export const SHARED_STORE_SKIP_REASON =
  'DATASPOKE_TEST_DATABASE_URL is not set: replicas share one PostgreSQL database (dev_env/services.sh start postgres)';

export interface Replica {
  stack: EmbeddedStack;
  app: FastifyInstance;
  /** http://127.0.0.1:port of the listening server. */
  url: string;
}

export interface Replicas {
  replicas: Replica[];
  /** Creates an API key with these groups in the shared store; returns the bearer token. */
  key(name: string, groups: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Gateway replicas as a deployment runs them: each its own stack and HTTP server, all on one fresh
 * PostgreSQL database, and (with `redis`) one Redis under a key prefix of their own. Environment beyond the
 * defaults comes from `env` (rate limits, cache TTL…). Lexical search only: no model is loaded.
 */
export async function startReplicas(
  count: number,
  env: Record<string, string>,
  options: { redis: boolean },
): Promise<Replicas> {
  if (!TEST_DATABASE_URL) throw new Error(SHARED_STORE_SKIP_REASON);
  if (options.redis && !TEST_REDIS_URL) throw new Error(REDIS_SKIP_REASON);
  const dbName = `dataspoke_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-replicas-'));
  const config = loadConfig({
    DATABASE_URL: url.toString(),
    DATASPOKE_DATA_DIR: dataDir,
    DATASPOKE_DEMO: 'false',
    DATASPOKE_EMBEDDER: 'none',
    DATASPOKE_VECTOR_INDEX: 'array',
    ...(options.redis && {
      REDIS_URL: TEST_REDIS_URL!,
      DATASPOKE_REDIS_PREFIX: `dataspoke-test-${randomBytes(6).toString('hex')}:`,
    }),
    ...env,
  });
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const stack = await openEmbeddedStack(config);
    const app = await buildServer(stack, { logger: false });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    replicas.push({ stack, app, url: address });
  }
  return {
    replicas,
    key: async (name, groups) => (await new ApiKeyService(replicas[0]!.stack.store).create(name, groups)).key,
    close: async () => {
      for (const { app, stack } of replicas) {
        await app.close();
        await stack.close();
      }
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end({ timeout: 5 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes a dataset's properties through a replica's /gms as DataHub's clients do; the hub announces it. */
export async function writeDataset(url: string, key: string, urn: string): Promise<void> {
  const name = /,([^,]+),[^,]+\)$/.exec(urn)?.[1] ?? urn;
  const res = await fetch(`${url}/gms/aspects?action=ingestProposal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      proposal: {
        entityType: 'dataset',
        entityUrn: urn,
        changeType: 'UPSERT',
        aspectName: 'datasetProperties',
        aspect: { value: JSON.stringify({ name, customProperties: {} }), contentType: 'application/json' },
      },
    }),
  });
  if (res.status !== 200) throw new Error(`writing ${urn} answered ${res.status}: ${await res.text()}`);
}
