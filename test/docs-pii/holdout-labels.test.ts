import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_SCHEMA_HOLDOUT_4_LIST,
  APP_SCHEMA_HOLDOUT_5_LIST,
  APP_SCHEMA_HOLDOUT_LIST,
  APP_SCHEMA_LIST,
  loadAppColumns,
  missingAppSchemas,
  readAppSchemaList,
} from '../../bench/docs-pii-apps.js';

/**
 * bench:docs reports PII precision and recall on the hold-out (bench/docs-pii-labels-holdout-5.json; the third
 * and fourth sets, bench/docs-pii-labels-holdout-3.json and -4.json, were the hold-out before it and are checked
 * the same way): their labels must mean what the tuning sets' labels mean (the same written guide) and must name
 * columns the loader really reads, or the reported recall counts columns nobody scores. The column counts pin
 * what each set is, so that a loader change that reads an earlier set differently shows here. Checked without
 * the classifier.
 */
interface LabelFile {
  guide: string[];
  decisions: string[];
  columns: { source: string; dataset: string; column: string; kind: string }[];
}

const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../bench/${file}`, import.meta.url), 'utf8')) as LabelFile;
const tuningApps = read('docs-pii-labels-apps.json');
const appsOf = (list: string) => new Set(readAppSchemaList(readFileSync(list, 'utf8')).map((f) => f.app));
const LISTS = [
  APP_SCHEMA_LIST,
  APP_SCHEMA_HOLDOUT_LIST,
  APP_SCHEMA_HOLDOUT_4_LIST,
  APP_SCHEMA_HOLDOUT_5_LIST,
];

const SETS = [
  // The third set's schemas are all read; four GNUmed statements of the fourth are not (its label file says so).
  {
    name: 'third application set',
    labels: 'docs-pii-labels-holdout-3.json',
    list: APP_SCHEMA_HOLDOUT_LIST,
    unreadable: 0,
    columns: 4452,
  },
  {
    name: 'fourth application set',
    labels: 'docs-pii-labels-holdout-4.json',
    list: APP_SCHEMA_HOLDOUT_4_LIST,
    unreadable: 4,
    columns: 2094,
  },
  // The fifth set comes from other registries, partly as migration folders whose ALTER TABLEs add columns.
  {
    name: 'hold-out (fifth set)',
    labels: 'docs-pii-labels-holdout-5.json',
    list: APP_SCHEMA_HOLDOUT_5_LIST,
    unreadable: 0,
    columns: 3893,
  },
];

describe('PII application lists', () => {
  it('name each app in one list only, since the lists share one folder per app', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const list of LISTS) {
      for (const app of appsOf(list)) {
        if (seen.has(app)) twice.push(`${app} in ${seen.get(app)} and ${list}`);
        seen.set(app, list);
      }
    }
    expect(twice).toEqual([]);
  });
});

describe.each(SETS)('PII $name labels', ({ labels, list, unreadable, columns: columnCount }) => {
  const holdout = read(labels);
  const holdoutFiles = readAppSchemaList(readFileSync(list, 'utf8'));
  const missing = missingAppSchemas(holdoutFiles);
  if (missing.length > 0) {
    console.warn(
      `[skip] ${labels} against the loaded columns: ${missing.length} schema files of its list are not installed (bash dev_env/pii-schemas.sh)`,
    );
  }

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

  it('labels each column once, under an app of its own list', () => {
    const keys = holdout.columns.map((c) => `${c.dataset}.${c.column}`);
    expect(keys.length).toBe(new Set(keys).size);
    const holdoutApps = appsOf(list);
    expect(
      holdout.columns.filter((c) => !holdoutApps.has(c.source) || !c.dataset.startsWith(`${c.source}.`)),
    ).toEqual([]);
  });

  it.skipIf(missing.length > 0)(
    'names only columns the loader reads from the installed schemas, and reads the statements it says',
    () => {
      const loaded = loadAppColumns(holdoutFiles);
      const columns = new Set(loaded.columns.map((c) => `${c.app}.${c.table}\u001f${c.column}`));
      expect(holdout.columns.filter((c) => !columns.has(`${c.dataset}\u001f${c.column}`))).toEqual([]);
      expect(loaded.unreadable).toBe(unreadable);
      expect(loaded.columns).toHaveLength(columnCount);
    },
  );
});
