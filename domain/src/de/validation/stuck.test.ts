import { describe, expect, it } from 'vitest';
import { emptyLoadsIssue, stuckIssue, type StuckProfile } from './stuck.js';

const DAY = 86_400_000;

const profiles = (counts: number[], signature = (i: number) => `s${i}`): StuckProfile[] =>
  counts.map((rowCount, i) => ({ t: i * DAY, rowCount, signature: signature(i) }));
const growing = (n: number) => Array.from({ length: n }, (_, i) => 1_000 + 100 * i);

describe('stuckIssue', () => {
  it('fails a growing table whose row count stayed put for two profiles, with identical profiles said', () => {
    const counts = [...growing(30), 3_900, 3_900];
    const issue = stuckIssue(profiles(counts, (i) => (i >= 29 ? 'same' : `s${i}`)));
    expect(issue).toMatchObject({ check: 'stuck', severity: 'fail', observed: 3_900 });
    expect(issue!.explanation).toMatch(/identical profiles/);
    expect(issue!.expectation).toMatch(/changes with each load/);
  });

  it('warns after one repeat and passes a table that grows', () => {
    expect(stuckIssue(profiles([...growing(30), 3_900]))?.severity).toBe('warn');
    expect(stuckIssue(profiles(growing(30)))).toBeNull();
  });

  it('leaves a table that often stays put alone (a slowly changing dimension)', () => {
    const counts = Array.from({ length: 30 }, (_, i) => 500 + Math.floor(i / 3));
    expect(stuckIssue(profiles([...counts, counts.at(-1)!, counts.at(-1)!]))).toBeNull();
  });

  it('judges a rebuilt snapshot by change, not growth', () => {
    const counts = Array.from({ length: 30 }, (_, i) => 10_000 + ((i * 37) % 11) - 5);
    expect(stuckIssue(profiles([...counts, 7_777, 7_777, 7_777]))?.severity).toBe('fail');
  });
});

describe('emptyLoadsIssue', () => {
  it('fails loads that keep running but write nothing where loads write rows', () => {
    const loads = Array.from({ length: 20 }, (_, i) => ({ t: i * DAY, rows: 100 + i }));
    expect(emptyLoadsIssue([...loads, { t: 20 * DAY, rows: 0 }])).toBeNull();
    expect(emptyLoadsIssue([...loads, { t: 20 * DAY, rows: 0 }, { t: 21 * DAY, rows: 0 }])).toMatchObject({
      check: 'stuck',
      severity: 'fail',
      metric: 'rowsPerLoad',
    });
  });
});
