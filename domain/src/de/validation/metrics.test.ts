import { describe, expect, it } from 'vitest';
import { checkMetrics, type ProfilePoint } from './metrics.js';

const DAY = 86_400_000;

/** Daily profiles of a table growing by about 1,000 rows a day (±30%, deterministic), with `extra` metrics. */
function growing(
  days: number,
  extra: (rows: number, i: number) => Record<string, number> = () => ({}),
): ProfilePoint[] {
  let rows = 50_000;
  return Array.from({ length: days }, (_, i) => {
    rows += Math.round(1_000 * (1 + 0.3 * Math.sin(i * 1.7)));
    return { t: i * DAY, metrics: new Map(Object.entries({ rowCount: rows, ...extra(rows, i) })) };
  });
}

const judge = (points: ProfilePoint[]) => checkMetrics(points.slice(0, -1), points.at(-1)!);
const issueOf = (points: ProfilePoint[], metric: string) =>
  judge(points).issues.find((i) => i.metric === metric);

describe('checkMetrics: column metrics by what they mean', () => {
  it('judges a key distinct count that grows with the table as a share of the row count, not as a level', () => {
    // The key's distinct count is the row count: its level leaps with every load, its share never moves.
    const points = growing(40, (rows) => ({ 'uniqueCount:id': rows }));
    expect(issueOf(points, 'uniqueCount:id')).toBeUndefined();
    // Duplicated keys: the distinct count stops at 90% of the rows.
    const last = points.at(-1)!;
    last.metrics.set('uniqueCount:id', Math.round(last.metrics.get('rowCount')! * 0.9));
    const issue = issueOf(points, 'uniqueCount:id');
    expect(issue).toMatchObject({ check: 'column', severity: 'warn' });
    expect(issue!.expectation).toMatch(/share of row count/);
  });

  it('judges the maximum of an id or timestamp by its rate, so an ordinary uneven step passes', () => {
    let max = 0;
    const points = growing(40, (_, i) => ({ 'max:id': (max += i % 7 === 0 ? 3_000 : 700) }));
    expect(issueOf(points, 'max:id')).toBeUndefined();
    // Ids that jump a hundred days' worth at once are out of their rate.
    points.at(-1)!.metrics.set('max:id', max + 100_000);
    expect(issueOf(points, 'max:id')?.expectation).toMatch(/change per day/);
  });

  it('judges an id that advances with the rows added by its advance per row, whatever the day brought', () => {
    // Loads swing by half and weekends are a tenth: the id's change per day swings, its change per row does not.
    let rows = 50_000;
    const points: ProfilePoint[] = Array.from({ length: 40 }, (_, i) => {
      rows += Math.round((i % 7 >= 5 ? 100 : 1_000) * (1 + 0.5 * Math.sin(i * 2.1)));
      return {
        t: i * DAY,
        metrics: new Map([
          ['rowCount', rows],
          ['max:id', rows + 7],
        ]),
      };
    });
    expect(issueOf(points, 'max:id')).toBeUndefined();
    // Ids that skip ahead of the rows (a sequence reset elsewhere, a bad join) are out of it.
    points.at(-1)!.metrics.set('max:id', rows + 50_000);
    expect(issueOf(points, 'max:id')?.expectation).toMatch(/change per row added/);
  });

  it('warns on a column metric alone and fails it only when far out on two profiles in a row', () => {
    const points = growing(40, (_, i) => ({ 'mean:amount': 100 + (i % 5) }));
    points.at(-1)!.metrics.set('mean:amount', 400);
    expect(issueOf(points, 'mean:amount')?.severity).toBe('warn');
    points.at(-2)!.metrics.set('mean:amount', 400);
    expect(issueOf(points, 'mean:amount')?.severity).toBe('fail');
  });

  it('fails a null ratio that jumps, warns on one that wobbles past its band', () => {
    const points = growing(40, (_, i) => ({ 'nullProportion:note': 0.1 + 0.002 * (i % 5) }));
    points.at(-1)!.metrics.set('nullProportion:note', 0.45);
    expect(issueOf(points, 'nullProportion:note')?.severity).toBe('fail');
    points.at(-1)!.metrics.set('nullProportion:note', 0.15);
    expect(issueOf(points, 'nullProportion:note')?.severity).toBe('warn');
  });
});

describe('checkMetrics: judged against what a metric can tell', () => {
  it('does not fail one more category of four: a distinct count is judged at its counting resolution', () => {
    const points = growing(40, () => ({ 'uniqueCount:category': 4 }));
    points.at(-1)!.metrics.set('uniqueCount:category', 5);
    points.at(-2)!.metrics.set('uniqueCount:category', 5);
    expect(issueOf(points, 'uniqueCount:category')).toBeUndefined();
    // Twenty categories at once are a change.
    points.at(-1)!.metrics.set('uniqueCount:category', 24);
    expect(issueOf(points, 'uniqueCount:category')?.severity).toBe('warn');
  });

  it('judges the size beside a row count by the bytes per row: a compaction of a growing table passes', () => {
    const points = growing(40, (rows) => ({ sizeInBytes: rows * 180 }));
    const last = points.at(-1)!;
    // The rows grew, the size fell 3% (storage compacted): nothing the rows do not explain is wrong.
    last.metrics.set('sizeInBytes', Math.round(points.at(-2)!.metrics.get('sizeInBytes')! * 0.97));
    expect(issueOf(points, 'sizeInBytes')).toBeUndefined();
    // Rows three times as wide are.
    last.metrics.set('sizeInBytes', last.metrics.get('rowCount')! * 540);
    expect(issueOf(points, 'sizeInBytes')).toMatchObject({ severity: 'warn' });
    expect(issueOf(points, 'sizeInBytes')!.expectation).toMatch(/bytes per row/);
  });

  it('judges a weekly table with few profiles as cautiously as a daily one: a null ratio within its noise warns', () => {
    // Eight weekly profiles whose null ratio wanders between 0.17 and 0.25.
    const wander = [0.21, 0.19, 0.25, 0.17, 0.22, 0.2, 0.24, 0.18];
    const points: ProfilePoint[] = wander.map((v, i) => ({
      t: i * 7 * DAY,
      metrics: new Map([['nullProportion:note', v]]),
    }));
    // 0.36: beyond a band learned as if eight points told the noise exactly, within one that knows they do not.
    points.push({ t: 8 * 7 * DAY, metrics: new Map([['nullProportion:note', 0.36]]) });
    expect(issueOf(points, 'nullProportion:note')?.severity ?? 'pass').not.toBe('fail');
    points.at(-1)!.metrics.set('nullProportion:note', 0.6);
    expect(issueOf(points, 'nullProportion:note')?.severity).toBe('fail');
  });
});

describe('checkMetrics: the level of a table that only grows', () => {
  it('passes a big load (per-load volume judges it) and fails a shrink beyond any earlier one', () => {
    const points = growing(40);
    const rows = points.at(-2)!.metrics.get('rowCount')!;
    points.at(-1)!.metrics.set('rowCount', rows + 10_000);
    expect(issueOf(points, 'rowCount')).toBeUndefined();
    points.at(-1)!.metrics.set('rowCount', Math.round(rows * 0.6));
    expect(issueOf(points, 'rowCount')).toMatchObject({ check: 'volume', severity: 'fail' });
  });
});
