import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRequestTarget } from '../request-target.js';

const norm = (target: string) => {
  const result = normalizeRequestTarget(target);
  return result.ok ? result.url : `invalid: ${result.reason}`;
};

describe('request target normalisation', () => {
  it.each([
    ['/%67ms/aspects?action=ingestProposal', '/gms/aspects?action=ingestProposal'],
    ['/g%6ds/entitiesV2/x', '/gms/entitiesV2/x'],
    ['/%67raphql', '/graphql'],
    ['/%2567ms/aspects', '/%2567ms/aspects'],
    ['http://x/gms/entitiesV2/urn', '/gms/entitiesV2/urn'],
    ['HTTPS://x:443', '/'],
    ['//gms//aspects', '/gms/aspects'],
    ['/health/../gms/aspects', '/gms/aspects'],
    ['/health/%2e%2e/gms/aspects', '/gms/aspects'],
    ['/./gms/./aspects', '/gms/aspects'],
    ['/../../gms', '/gms'],
    ['/gms/', '/gms/'],
    ['/gms/aspects/..', '/gms/'],
    [
      '/gms/aspects/urn%3Ali%3Adataset%3A(urn%3Ali%3AdataPlatform%3As3%2Cb%2Fk%2CPROD)?aspect=status',
      '/gms/aspects/urn:li:dataset:(urn:li:dataPlatform:s3,b%2Fk,PROD)?aspect=status',
    ],
    ['/a%20b/%C3%A9', '/a%20b/%C3%A9'],
  ])('%s is %s', (target, expected) => {
    expect(norm(target)).toBe(expected);
  });

  it.each([['/%E0%A4%A'], ['/%ED%A0%80'], ['/%zz'], ['ftp://x/gms'], ['gms/aspects']])(
    '%s is refused',
    (target) => {
      expect(norm(target)).toMatch(/^invalid: /);
    },
  );

  it('is idempotent, and one more decode (the router) gives the path it checked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'gms',
              'graphql',
              'api',
              '.',
              '..',
              '',
              '%2e',
              '%2E%2E',
              '%25',
              '%2F',
              '%67',
              'health',
            ),
            fc.string({ maxLength: 6 }),
          ),
          { maxLength: 8 },
        ),
        (pieces) => {
          const target = '/' + pieces.map((p) => p.replace(/[?#]/g, '')).join('/');
          const first = normalizeRequestTarget(target);
          if (!first.ok) return;
          const again = normalizeRequestTarget(first.url);
          expect(again).toEqual(first);
          // No segment of the result is a dot segment or empty in the middle once the router decodes it.
          const decoded = first.url.split('?')[0]!.split('/').slice(1, -1).map(decodeURIComponent);
          for (const segment of decoded) expect(['', '.', '..']).not.toContain(segment);
        },
      ),
      { seed: 22, numRuns: 500 },
    );
  });
});
