// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
/**
 * The architecture's import rules, enforced by ESLint's no-restricted-imports (test/lint/boundaries.test.ts shows a
 * wrong import failing). Layers, bottom up: platform (configuration, store, GraphQL plumbing) <- hub (the embedded
 * DataHub) <- domain (ports, adapters, the spokes' features) <- workflows (scheduled work) <- subgraphs <- gateway. tools/ may import anything; the
 * product never imports tools/. Inside domain, a spoke (de, da, dg) does not reach into another spoke, and features
 * reach adapters only through ports (the composition root in the gateway picks the adapters).
 */

const PRODUCT_PACKAGES = ['platform', 'hub', 'domain', 'workflows', 'subgraphs', 'gateway'];
/** @type {Record<string, string[]>} */
const ABOVE = {
  platform: ['hub', 'domain', 'workflows', 'subgraphs', 'gateway'],
  hub: ['domain', 'workflows', 'subgraphs', 'gateway'],
  domain: ['workflows', 'subgraphs', 'gateway'],
  workflows: ['subgraphs', 'gateway'],
  subgraphs: ['gateway'],
  gateway: [],
};
const SPOKES = ['de', 'da', 'dg'];

/** @param {string[]} names @param {string} message */
const packages = (names, message) => ({
  group: names.flatMap((n) => [`@dataspoke/${n}`, `@dataspoke/${n}/*`]),
  message,
});

/**
 * @param {string} pkg
 * @param {{ group: string[], message: string }[]} extra
 * @returns {import('eslint').Linter.RuleEntry}
 */
function rule(pkg, extra = []) {
  const above = ABOVE[pkg] ?? [];
  return [
    'error',
    {
      patterns: [
        packages(['demo'], 'the product never imports the development tools (tools/)'),
        ...(above.length
          ? [packages(above, `${pkg} is below ${above.join(', ')} and must not import them`)]
          : []),
        ...extra,
      ],
    },
  ];
}

const TESTS = ['**/*.test.ts', '**/testing/**'];

/**
 * Workflow code (workflows/src/workflows/ and the Temporal bundle's entry) runs in Temporal's deterministic
 * sandbox: no Node built-ins, and values only from other workflow code and @temporalio/workflow; anything
 * else (the activities, the domain, the store) by type only.
 */
const WORKFLOW_CODE = ['workflows/src/workflows/**/*.ts', 'workflows/src/temporal/workflows.ts'];
const NODE_BUILTINS = {
  // A regex, not a gitignore-style group: the `domain` built-in would match @dataspoke/domain/….
  regex: `^(node:.*|(${builtinModules.join('|')})(/.*)?)$`,
  message: "workflow code runs in Temporal's deterministic sandbox: no Node built-ins (use an activity)",
};

/** @type {import('eslint').Linter.Config[]} */
export const boundaries = [
  ...PRODUCT_PACKAGES.filter((p) => p !== 'domain').map((pkg) => ({
    files: [`${pkg}/src/**/*.ts`],
    ignores: TESTS,
    rules: { 'no-restricted-imports': rule(pkg) },
  })),
  {
    files: ['domain/src/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': rule('domain') },
  },
  ...[...SPOKES, 'shared'].map((area) => ({
    files: [`domain/src/${area}/**/*.ts`],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': rule('domain', [
        {
          group: SPOKES.filter((s) => s !== area).flatMap((s) => [
            `../${s}/*`,
            `../../${s}/*`,
            `../../../${s}/*`,
          ]),
          message: `a spoke's internals are its own: share it through domain/src/shared or a port`,
        },
        {
          group: ['**/adapters/*', '**/adapters/**'],
          message: 'features use ports (domain/src/ports); the composition root picks the adapters',
        },
      ]),
    },
  })),
  {
    files: WORKFLOW_CODE,
    ignores: TESTS,
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': rule('workflows', [NODE_BUILTINS]),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./workflows/|@temporalio/workflow$)',
              allowTypeImports: true,
              message:
                'workflow code imports values only from workflow code and @temporalio/workflow; the rest by type (import type)',
            },
          ],
        },
      ],
    },
  },
];
