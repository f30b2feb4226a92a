import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataspoke, ROOT } from '../testing/cli.js';

const BOOTSTRAP = path.join(ROOT, '..', 'shared', 'datahub', 'bootstrap_mce.json');

/** `dataspoke search reindex [--force]` as an operator runs it: progress on stderr, the report on stdout. */
describe('dataspoke search reindex', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-search-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  const env = { DATASPOKE_EMBEDDER_THREADS: '1' };
  const report = (stdout: string) => {
    const m =
      /Search index rebuilt in [\d.]+ s: (\d+) datasets read from the hub, (\d+) \(re\)indexed, (\d+) unchanged, (\d+) embedded, (\d+) removed\./.exec(
        stdout,
      );
    expect(m, stdout).not.toBeNull();
    const [seen, indexed, unchanged, embedded, removed] = m!.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return { seen, indexed, unchanged, embedded, removed };
  };
  let datasets = 0;

  it('rebuilds the index of an imported catalog with progress, then finds nothing to redo', () => {
    expect(dataspoke(['hub', 'import', BOOTSTRAP], dataDir, env).status).toBe(0);
    const first = dataspoke(['search', 'reindex'], dataDir, env);
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.status).toBe(0);
    // Not a terminal: one plain progress line per tenth, ending at 100%.
    expect(first.stderr).toMatch(/^indexing: 0\/\d+ datasets \(0%\)$/m);
    expect(first.stderr).toMatch(/^indexing: (\d+)\/\1 datasets \(100%\)$/m);
    const r1 = report(first.stdout);
    datasets = r1.seen;
    expect(datasets).toBeGreaterThan(5);
    expect(r1.indexed + r1.unchanged).toBe(datasets);
    expect(r1.removed).toBe(0);
    expect(first.stdout).toMatch(/Vector index: (pgvector|array)\./);

    const again = dataspoke(['search', 'reindex'], dataDir, env);
    expect(again.status).toBe(0);
    expect(report(again.stdout)).toEqual({
      seen: datasets,
      indexed: 0,
      unchanged: datasets,
      embedded: 0,
      removed: 0,
    });
  }, 240_000);

  it('--force drops the index and re-embeds every dataset', () => {
    const forced = dataspoke(['search', 'reindex', '--force'], dataDir, env);
    expect(forced.status).toBe(0);
    expect(report(forced.stdout)).toEqual({
      seen: datasets,
      indexed: datasets,
      unchanged: 0,
      embedded: datasets,
      removed: 0,
    });
  }, 240_000);

  it('without an embedder, indexes for lexical search and says so', () => {
    const run = dataspoke(['search', 'reindex'], dataDir, { DATASPOKE_EMBEDDER: 'none' });
    expect(run.status).toBe(0);
    expect(report(run.stdout).seen).toBe(datasets);
    expect(run.stdout).toContain('Vector index: none (lexical search only).');
  }, 240_000);
});
