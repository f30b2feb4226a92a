// @ts-check
/**
 * The architecture's import rules, enforced by ESLint's no-restricted-imports (test/lint/boundaries.test.ts shows a
 * wrong import failing). Layers, bottom up: platform (configuration, store, GraphQL plumbing) <- hub (the embedded
 * DataHub) <- domain (ports, adapters, the spokes' features) <- subgraphs <- gateway. tools/ may import anything; the
 * product never imports tools/. Inside domain, a spoke (de, da, dg) does not reach into another spoke, and features
 * reach adapters only through ports (the composition root in the gateway picks the adapters).
 */

const PRODUCT_PACKAGES = ['platform', 'hub', 'domain', 'subgraphs', 'gateway'];
/** @type {Record<string, string[]>} */
const ABOVE = {
  platform: ['hub', 'domain', 'subgraphs', 'gateway'],
  hub: ['domain', 'subgraphs', 'gateway'],
  domain: ['subgraphs', 'gateway'],
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
];
