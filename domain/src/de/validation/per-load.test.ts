import { describe, expect, it } from 'vitest';
import { loadsFromOperations, type LoadPoint } from './loads.js';
import { perLoadVolume } from './per-load.js';
import { mulberry32 } from '../../shared/prng.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday. */
const START = Date.UTC(2026, 2, 2, 3);

/** Daily loads of about `rows` (±8%, deterministic), weekends at `weekend` of it, the last one `last`. */
function daily(days: number, rows: number, last: number | null, weekend = 1): LoadPoint[] {
  const out: LoadPoint[] = [];
  for (let d = 0; d < days; d++) {
    const t = START + d * DAY;
    const wd = new Date(t).getUTCDay();
    const noise = 1 + 0.08 * Math.sin(d * 2.3);
    out.push({ t, rows: Math.round(rows * noise * (wd === 0 || wd === 6 ? weekend : 1)) });
  }
  if (last !== null) out[out.length - 1]!.rows = last;
  return out;
}

const sinceLast = (loads: LoadPoint[]) => loads.at(-2)!.t;

describe('perLoadVolume', () => {
  it('fails a load 90% short or five times too big while the table total barely moves', () => {
    const drop = perLoadVolume(daily(60, 10_000, 1_000), sinceLast(daily(60, 10_000, null)), 'operations');
    expect(drop.issue).toMatchObject({
      check: 'load_volume',
      metric: 'rowsPerLoad',
      severity: 'fail',
      observed: 1_000,
    });
    expect(drop.issue!.expectation).toMatch(/rows per load about/);
    const spike = perLoadVolume(daily(60, 10_000, 50_000), sinceLast(daily(60, 10_000, null)), 'operations');
    expect(spike.issue).toMatchObject({ severity: 'fail', observed: 50_000 });
  });

  it('passes ordinary loads, and a load of zero rows fails', () => {
    const ordinary = daily(60, 10_000, null);
    expect(perLoadVolume(ordinary, sinceLast(ordinary), 'operations')).toMatchObject({
      issue: null,
      judged: true,
    });
    expect(perLoadVolume(daily(60, 10_000, 0), sinceLast(ordinary), 'operations').issue?.severity).toBe(
      'fail',
    );
  });

  it('expects a weekend load at its weekday level', () => {
    // 62 days from a Monday: the last load is on a Saturday, at a fifth of a weekday's.
    const loads = daily(62, 10_000, null, 0.2);
    expect(new Date(loads.at(-1)!.t).getUTCDay()).toBe(6);
    const outcome = perLoadVolume(loads, sinceLast(loads), 'operations');
    expect(outcome.issue).toBeNull();
    expect(outcome.judgement?.expectedHigh).toBeLessThan(5_000);
  });

  it('expects a month-end peak that the earlier month ends showed', () => {
    const loads = daily(91, 10_000, null);
    for (const l of loads) if (new Date(l.t + DAY).getUTCDate() === 1) l.rows *= 3;
    // The history ends on 2026-05-31, the third month end.
    const last = loads.at(-1)!;
    expect(new Date(last.t + DAY).getUTCDate()).toBe(1);
    expect(perLoadVolume(loads, sinceLast(loads), 'operations').issue).toBeNull();
    // Without the earlier month ends' peaks, the same load fails.
    const plain = daily(91, 10_000, last.rows);
    expect(perLoadVolume(plain, sinceLast(plain), 'operations').issue?.severity).toBe('fail');
  });

  it('compares an hourly load with the same hour on earlier days and judges every load since the last profile', () => {
    const loads: LoadPoint[] = [];
    for (let h = 0; h < 24 * 21; h++) {
      const t = START + h * HOUR;
      const hour = new Date(t).getUTCHours();
      loads.push({ t, rows: Math.round((hour < 8 ? 100 : 1000) * (1 + 0.05 * Math.sin(h))) });
    }
    // Night loads are a tenth of the day's: ordinary, not a drop.
    expect(perLoadVolume(loads, loads.at(-24)!.t, 'operations').issue).toBeNull();
    // One day load ten hours before the end wrote 5% of its usual rows.
    loads.at(-10)!.rows = 50;
    expect(perLoadVolume(loads, loads.at(-24)!.t, 'operations').issue).toMatchObject({
      severity: 'fail',
      observed: 50,
    });
  });

  it("judges a noisy table's load against its own noise: five times the usual fails, its ordinary swings do not", () => {
    // Daily loads with a log-normal noise of σ 0.4 (a load twice or half the usual is ordinary).
    const random = mulberry32(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const loads: LoadPoint[] = Array.from({ length: 110 }, (_, d) => ({
      t: START + d * DAY,
      rows: Math.round(10_000 * Math.exp(0.4 * normal())),
    }));
    let fails = 0;
    for (let end = 60; end <= loads.length; end++) {
      const upTo = loads.slice(0, end);
      if (perLoadVolume(upTo, upTo.at(-2)!.t, 'operations').issue?.severity === 'fail') fails++;
    }
    expect(fails).toBe(0);
    const spiked = [...loads, { t: START + 110 * DAY, rows: 50_000 }];
    expect(perLoadVolume(spiked, loads.at(-1)!.t, 'operations').issue).toMatchObject({
      severity: 'fail',
      observed: 50_000,
    });
  });

  it('does not take a load after an ordinary one for a catch-up: 2.7 times the usual fails', () => {
    const loads = daily(60, 10_000, null);
    // The load before was 15% short, within the noise: nothing to catch up.
    loads.at(-1)!.rows = 8_500;
    loads.push({ t: loads.at(-1)!.t + DAY, rows: 27_000 });
    expect(perLoadVolume(loads, loads.at(-2)!.t, 'operations').issue?.severity).toBe('fail');
  });

  it('warns, not fails, when every load of a sub-daily day moved together (a holiday), and still sees one load short', () => {
    // Hourly loads from 2026-03-02 03:00 to the end of 2026-03-23, a holiday: every load of it at 40%.
    const loads: LoadPoint[] = [];
    for (let h = 0; h < 24 * 21 + 21; h++) {
      const t = START + h * HOUR;
      const holiday = new Date(t).getUTCDate() === 23;
      loads.push({ t, rows: Math.round(1_000 * (1 + 0.05 * Math.sin(h)) * (holiday ? 0.4 : 1)) });
    }
    const since = loads.at(-25)!.t;
    const day = perLoadVolume(loads, since, 'operations');
    expect(day.issue).toMatchObject({ check: 'load_volume', severity: 'warn' });
    expect(day.issue!.explanation).toMatch(/moved together/);
    // On that day, one load with 2% of the day's rows is a load gone wrong.
    loads.at(-5)!.rows = 8;
    expect(perLoadVolume(loads, since, 'operations').issue).toMatchObject({ severity: 'fail', observed: 8 });
  });

  it("judges a sub-daily load against the day before it when that day's loads moved together (a second holiday)", () => {
    // Hourly loads; 2026-03-23 and 2026-03-24 are holidays at 40%. A profile at 01:20 on the 24th judges the
    // loads since 01:20 on the 23rd: the two of the 24th so far are like the whole holiday before them.
    const loads: LoadPoint[] = [];
    for (let h = 0; h < 24 * 21 + 23; h++) {
      const t = START + h * HOUR;
      const holiday = [23, 24].includes(new Date(t).getUTCDate());
      loads.push({ t, rows: Math.round(1_000 * (1 + 0.05 * Math.sin(h)) * (holiday ? 0.4 : 1)) });
    }
    expect(new Date(loads.at(-1)!.t).toISOString()).toBe('2026-03-24T01:00:00.000Z');
    const outcome = perLoadVolume(loads, loads.at(-25)!.t, 'operations');
    expect(outcome.issue?.severity).toBe('warn');
    // The ordinary day after the holidays is judged as an ordinary day, not against the holiday's level.
    for (let h = 0; h < 6; h++) loads.push({ t: loads.at(-1)!.t + HOUR, rows: 1_000 });
    expect(perLoadVolume(loads, loads.at(-7)!.t, 'operations').issue?.severity ?? 'pass').not.toBe('fail');
  });

  it('needs enough loads before it judges', () => {
    expect(perLoadVolume(daily(5, 10_000, 1), 0, 'operations')).toMatchObject({ judged: false, issue: null });
  });
});

describe('loadsFromOperations', () => {
  it('sums the rows of operations minutes apart into one load and leaves out deletes', () => {
    const op = (t: number, rows: number | null, operationType = 'INSERT') => ({
      timestampMillis: t,
      lastUpdatedTimestamp: t,
      operationType,
      numAffectedRows: rows,
      actor: null,
      partition: null,
    });
    expect(
      loadsFromOperations([
        op(START, 10),
        op(START + 60_000, 5),
        op(START + DAY, 7),
        op(START + DAY + 1, 99, 'DELETE'),
        op(START + 2 * DAY, null),
      ]),
    ).toEqual([
      { t: START + 60_000, rows: 15, kind: 'INSERT' },
      { t: START + DAY, rows: 7, kind: 'INSERT' },
    ]);
  });

  it('compares a load with loads of its operation type', () => {
    // A big nightly insert and, twenty minutes later, a small update: each is judged among its kind.
    const loads: LoadPoint[] = [];
    for (let d = 0; d < 40; d++) {
      loads.push({ t: START + d * DAY, rows: 100_000 + 1_000 * (d % 5), kind: 'INSERT' });
      loads.push({ t: START + d * DAY + 20 * 60_000, rows: 300 + 10 * (d % 4), kind: 'UPDATE' });
    }
    expect(perLoadVolume(loads, loads.at(-2)!.t, 'operations').issue).toBeNull();
    // An insert 95% short is seen as one, not hidden among the small updates.
    loads.push({ t: START + 40 * DAY, rows: 5_000, kind: 'INSERT' });
    expect(perLoadVolume(loads, loads.at(-2)!.t, 'operations').issue).toMatchObject({
      severity: 'fail',
      observed: 5_000,
    });
  });
});
