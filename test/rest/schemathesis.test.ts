import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiKeyService } from '@dataspoke/domain/auth/api-keys';
import { loadDemoCatalogOnFirstStart } from '@dataspoke/demo/first-start';
import type { EmbeddedStack } from '@dataspoke/gateway/embedded-stack';
import { buildServer } from '@dataspoke/gateway/server';
import { openFuzzStack } from '@dataspoke/gateway/testing/fuzz-stack';
import type { WorkflowEngine } from '@dataspoke/workflows/engine';
import { OPENAPI_PATH } from '@dataspoke/gateway/testing/openapi';
import { ROOT } from '@dataspoke/gateway/testing/cli';

const execFileAsync = promisify(execFile);
const SCHEMATHESIS = path.join(ROOT, '.venv/bin/schemathesis');

/**
 * Schema-driven fuzzing of the REST facade with Schemathesis: generated valid and invalid requests against
 * every documented operation of api/openapi.yaml, on a live server. No request may get a 5xx, and every
 * response, errors included, must match its documented schema and status.
 */
describe('REST facade under Schemathesis', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-fuzz-'));
  let stack: EmbeddedStack;
  let workflows: WorkflowEngine;
  let app: FastifyInstance;
  let base: string;
  let key: string;

  beforeAll(async () => {
    if (!existsSync(SCHEMATHESIS)) {
      throw new Error(
        `${SCHEMATHESIS} is missing: run dev_env/python-venv.sh (dev_env/requirements-sdk.txt)`,
      );
    }
    ({ stack, workflows } = await openFuzzStack(dataDir));
    await loadDemoCatalogOnFirstStart(stack, undefined, { datasets: 40, historyDays: 14 });
    await stack.search.indexer.flush();
    key = (await new ApiKeyService(stack.store).create('fuzz', ['admin'])).key;
    app = await buildServer(stack, { logger: false, workflows });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await workflows?.stop();
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'answers generated requests with no 5xx and only documented statuses and shapes',
    { timeout: 600_000 },
    async () => {
      const args = [
        'run',
        OPENAPI_PATH,
        '--url',
        base,
        '--header',
        `Authorization: Bearer ${key}`,
        '--checks',
        'not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance',
        '--mode',
        'all',
        '--max-examples',
        '40',
        '--seed',
        '20261125',
        '--phases',
        'examples,coverage,fuzzing',
        '--no-color',
      ];
      let output: string;
      try {
        const { stdout, stderr } = await execFileAsync(SCHEMATHESIS, args, {
          env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', SCHEMATHESIS_HOOKS: '' },
          timeout: 540_000,
          maxBuffer: 32 * 1024 * 1024,
        });
        output = stdout + stderr;
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string };
        throw new Error(`Schemathesis found failures:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, {
          cause: error,
        });
      }
      // The summary names how many generated cases ran; a run that generated nothing proves nothing.
      const cases = /(\d+) generated, (\d+) passed/.exec(output);
      expect(Number(cases?.[1] ?? 0)).toBeGreaterThan(100);
      expect(cases?.[2]).toBe(cases?.[1]);
      // Every operation the document describes was fuzzed, none skipped or filtered out.
      const documented = Object.values(
        (parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, object> }).paths,
      ).flatMap((item) =>
        Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)),
      );
      expect(/Tested: (\d+)/.exec(output)?.[1]).toBe(String(documented.length));
    },
  );
});
