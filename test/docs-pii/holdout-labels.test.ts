import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_SCHEMA_HOLDOUT_LIST,
  APP_SCHEMA_LIST,
  loadAppColumns,
  missingAppSchemas,
  readAppSchemaList,
} from '../../bench/docs-pii-apps.js';

/**
 * bench:docs reports PII precision and recall on the hold-out (bench/docs-pii-labels-holdout-3.json): its labels
 * must mean what the tuning sets' labels mean (the same written guide) and must name columns the loader really
 * reads, or the reported recall counts columns nobody scores. Checked without the classifier.
 */
interface LabelFile {
  guide: string[];
  decisions: string[];
  columns: { source: string; dataset: string; column: string; kind: string }[];
}

const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../bench/${file}`, import.meta.url), 'utf8')) as LabelFile;
const holdout = read('docs-pii-labels-holdout-3.json');
const tuningApps = read('docs-pii-labels-apps.json');
const holdoutFiles = readAppSchemaList(readFileSync(APP_SCHEMA_HOLDOUT_LIST, 'utf8'));
const missing = missingAppSchemas(holdoutFiles);
if (missing.length > 0) {
  console.warn(
    `[skip] hold-out labels against the loaded columns: ${missing.length} hold-out schema files are not installed (bash dev_env/pii-schemas.sh)`,
  );
}

describe('PII hold-out labels', () => {
  it("uses the application set's guide word for word, and only its kinds", () => {
    expect(holdout.guide).toEqual(tuningApps.guide);
    expect(holdout.decisions.length).toBeGreaterThan(0);
    const kinds = new Set([
      'person_name',
      'email',
      'phone',
      'address',
      'date_of_birth',
      'national_id',
      'payment_card',
      'ip_address',
    ]);
    expect(holdout.columns.filter((c) => !kinds.has(c.kind))).toEqual([]);
  });

  it('labels each column once, under an app of the hold-out list that is not in the tuning list', () => {
    const keys = holdout.columns.map((c) => `${c.dataset}.${c.column}`);
    expect(keys.length).toBe(new Set(keys).size);
    const holdoutApps = new Set(holdoutFiles.map((f) => f.app));
    const tuningListApps = new Set(
      readAppSchemaList(readFileSync(APP_SCHEMA_LIST, 'utf8')).map((f) => f.app),
    );
    expect([...holdoutApps].filter((app) => tuningListApps.has(app))).toEqual([]);
    expect(
      holdout.columns.filter((c) => !holdoutApps.has(c.source) || !c.dataset.startsWith(`${c.source}.`)),
    ).toEqual([]);
  });

  it.skipIf(missing.length > 0)(
    'names only columns the loader reads from the installed schemas, all statements read',
    () => {
      const loaded = loadAppColumns(holdoutFiles);
      const columns = new Set(loaded.columns.map((c) => `${c.app}.${c.table}\u001f${c.column}`));
      expect(holdout.columns.filter((c) => !columns.has(`${c.dataset}\u001f${c.column}`))).toEqual([]);
      expect(loaded.unreadable).toBe(0);
    },
  );
});
