import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataspoke, ROOT } from '../testing/cli.js';

const BOOTSTRAP = path.join(ROOT, '..', 'shared', 'datahub', 'bootstrap_mce.json');

describe('dataspoke hub import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');

  it('imports a DataHub file, lands the good entries of a bad file, and lists every failure with its reason', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        {
          entityType: 'dataset',
          entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,good_table,PROD)',
          changeType: 'UPSERT',
          aspectName: 'datasetProperties',
          aspect: { json: { name: 'good_table' } },
        },
        {
          entityType: 'dataset',
          entityUrn: 'not-an-urn',
          changeType: 'UPSERT',
          aspectName: 'status',
          aspect: { json: { removed: false } },
        },
        {
          entityType: 'dataset',
          entityUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,good_table,PROD)',
          changeType: 'UPSERT',
          aspectName: 'noSuchAspect',
          aspect: { json: {} },
        },
      ]),
    );
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '[{"entityType": "dataset",');

    const run = dataspoke(['hub', 'import', BOOTSTRAP, bad, broken], dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/importing: \d+\/\d+ proposals \(100%\)/);
    expect(run.stdout).toMatch(/155 imported, 0 unchanged \(skipped\), 3 failed/);
    expect(run.stdout).toMatch(/datasetProperties\s+\d+\s+0\s+0/);
    expect(run.stdout).toMatch(/bad\.json entry 1: not-an-urn status \[INVALID_URN\]/);
    expect(run.stdout).toMatch(
      /bad\.json entry 2: .*good_table.* noSuchAspect \[UNKNOWN_ASPECT\] aspect "noSuchAspect"/,
    );
    expect(run.stdout).toMatch(/broken\.json: .*\[MALFORMED_JSON\]/);
  });

  it('re-importing the same file reports everything unchanged and exits 0', () => {
    const run = dataspoke(['hub', 'import', BOOTSTRAP], dataDir);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    // Timeseries events are re-written idempotently; versioned aspects are unchanged.
    expect(run.stdout).toMatch(/154 proposals — 3 imported, 151 unchanged \(skipped\), 0 failed/);
  });

  it('refuses a bad batch size with a clear message', () => {
    const run = dataspoke(['hub', 'import', '--batch-size', 'zero', BOOTSTRAP], dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--batch-size must be a positive integer/);
  });
});
