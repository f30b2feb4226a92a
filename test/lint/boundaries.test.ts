import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from '../../eslint.boundaries.js';

/**
 * The layering rules of eslint.boundaries.js, run on imports written for the occasion at the paths where
 * they would sit: each wrong import is reported, and the right ones are not. `npm run lint` applies the same
 * rules to the whole tree.
 */
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: (await import('typescript-eslint')).parser } },
    ...boundaries,
  ],
});

async function problems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('workflow code (Temporal sandbox)', () => {
  it('may not import Node built-ins, nor values from outside workflow code', async () => {
    expect(
      await problems(
        'workflows/src/workflows/catalog-health-sweep.ts',
        "import { readFileSync } from 'node:fs';",
      ),
    ).toContainEqual(expect.stringMatching(/no Node built-ins/));
    expect(
      await problems(
        'workflows/src/temporal/workflows.ts',
        "import { createActivities } from '../activities.js';",
      ),
    ).toEqual([expect.stringMatching(/by type/)]);
    expect(
      await problems(
        'workflows/src/workflows/run.ts',
        "import { ValidationService } from '@dataspoke/domain/de/validation/service';",
      ),
    ).toEqual([expect.stringMatching(/by type/)]);
  });

  it('may import types from anywhere below, and values from workflow code and @temporalio/workflow', async () => {
    for (const source of [
      "import type { WorkflowRunLog } from '../run-log.js';",
      "import { recorded } from './run.js';",
      "import type { HubPort } from '@dataspoke/domain/ports/hub-port';",
    ])
      expect(await problems('workflows/src/workflows/run.ts', source)).toEqual([]);
    expect(
      await problems(
        'workflows/src/temporal/workflows.ts',
        "import { proxyActivities } from '@temporalio/workflow';",
      ),
    ).toEqual([]);
  });
});

describe('import boundaries', () => {
  it.each([
    [
      'hub/src/embedded-hub.ts',
      "import { HUB_RIGHTS } from '@dataspoke/domain/auth/hub-rights';",
      /below domain/,
    ],
    ['hub/src/patch.ts', "import { buildCli } from '@dataspoke/gateway/cli';", /below/],
    ['platform/src/store/db.ts', "import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';", /below hub/],
    [
      'gateway/src/commands/start.ts',
      "import { generateDemoCatalog } from '@dataspoke/demo/generator';",
      /development tools/,
    ],
    ['domain/src/de/freshness.ts', "import { answer } from '../da/nl-search.js';", /spoke's internals/],
    [
      'domain/src/dg/catalog-summary.ts',
      "import { validate } from '../de/validation/service.js';",
      /spoke's internals/,
    ],
    [
      'domain/src/da/nl-search.ts',
      "import { MiniLm } from '../adapters/search/minilm-embedder.js';",
      /ports/,
    ],
    ['domain/src/shared/errors.ts', "import { x } from '../da/joins.js';", /spoke's internals/],
  ])('%s may not %s', async (file, source, reason) => {
    const found = await problems(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(reason);
  });

  it.each([
    ['hub/src/embedded-hub.ts', "import { openStore } from '@dataspoke/platform/store/db';"],
    ['domain/src/da/nl-search.ts', "import type { Embedder } from '../ports/embedder.js';"],
    ['domain/src/de/freshness.ts', "import { InvalidInputError } from '../shared/errors.js';"],
    [
      'gateway/src/embedded-stack.ts',
      "import { createEmbeddedHubPort } from '@dataspoke/domain/adapters/hub/embedded-hub-port';",
    ],
    ['tools/demo/src/cli.ts', "import { openEmbeddedStack } from '@dataspoke/gateway/embedded-stack';"],
    ['domain/src/de/freshness.test.ts', "import { generateDemoCatalog } from '@dataspoke/demo/generator';"],
  ])('%s may %s', async (file, source) => {
    expect(await problems(file, source)).toEqual([]);
  });
});
