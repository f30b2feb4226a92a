import { describe, expect, it } from 'vitest';
import { generateDemoCatalog } from '@dataspoke/demo/generator';
import type { JsonObject } from '@dataspoke/hub/model';
import type { HubOperation } from '../ports/hub-port.js';
import {
  cadenceLabel,
  computeFreshness,
  freshnessOf,
  lateAfterTimeline,
  OPERATION_HISTORY,
  updateTimes,
} from './freshness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 25, 12, 0);

/** `n` updates `step` apart, the newest `sinceLast` before NOW. */
function history(n: number, step: number, sinceLast: number, jitter = 0): number[] {
  return Array.from({ length: n }, (_, i) => NOW - sinceLast - i * step + ((i * 7919) % 5) * jitter);
}

describe('computeFreshness', () => {
  it('learns a daily cadence and is on time before the next load is due', () => {
    const f = computeFreshness(history(30, DAY, 3 * HOUR, 60_000), NOW);
    expect(f.cadence?.label).toBe('daily');
    expect(Math.abs(f.cadence!.seconds - 86_400)).toBeLessThan(600);
    expect(f.status).toBe('ON_TIME');
    expect(f.lateBySeconds).toBe(0);
    expect(f.lastUpdatedAt).toBe(NOW - 3 * HOUR);
    expect(f.expectedNextUpdateAt! - f.lastUpdatedAt!).toBeCloseTo(f.cadence!.seconds * 1000, -4);
  });

  it('is LATE when the next load is overdue past the tolerance, by the time since it was due', () => {
    const f = computeFreshness(history(30, DAY, 2 * DAY + 2 * HOUR), NOW);
    expect(f.status).toBe('LATE');
    expect(f.lateBySeconds).toBe((DAY + 2 * HOUR) / 1000);
    // A quarter of the cadence is tolerated: 25 hours after the last load is still on time.
    expect(computeFreshness(history(30, DAY, 25 * HOUR), NOW).status).toBe('ON_TIME');
  });

  it('labels hourly and weekly tables and flags a stalled hourly table', () => {
    expect(computeFreshness(history(48, HOUR, 20 * 60_000), NOW)).toMatchObject({
      status: 'ON_TIME',
      cadence: { seconds: 3600, label: 'hourly' },
    });
    expect(computeFreshness(history(48, HOUR, 9 * HOUR), NOW)).toMatchObject({ status: 'LATE' });
    expect(computeFreshness(history(8, 7 * DAY, 2 * DAY), NOW).cadence?.label).toBe('weekly');
    expect(cadenceLabel(3 * 86_400)).toBe('irregular');
  });

  it('expects an intermittent feed after its long gaps, not after its median one, and still flags a stall', () => {
    // Gaps of one to five days (median two): a five-day gap is this feed's normal, twelve days is not.
    const gaps = [1, 2, 1, 3, 5, 2, 1, 4, 2, 1, 5, 2, 3, 1, 2, 4, 1, 2, 5, 1].map((d) => d * DAY);
    const times = (sinceLast: number) => {
      const out = [NOW - sinceLast];
      for (const g of gaps) out.push(out.at(-1)! - g);
      return out;
    };
    expect(computeFreshness(times(5.5 * DAY), NOW).status).toBe('ON_TIME');
    expect(computeFreshness(times(12 * DAY), NOW).status).toBe('LATE');
  });

  it('treats operations minutes apart as one update', () => {
    const times = history(10, DAY, HOUR).flatMap((t) => [t, t + 60_000, t + 120_000]);
    const f = computeFreshness(times, NOW);
    expect(f.updatesObserved).toBe(10);
    expect(f.cadence?.label).toBe('daily');
  });

  it('is UNKNOWN without enough history, and says when it last saw an update', () => {
    expect(computeFreshness([], NOW)).toMatchObject({
      status: 'UNKNOWN',
      lastUpdatedAt: null,
      cadence: null,
    });
    const few = computeFreshness(history(3, DAY, HOUR), NOW);
    expect(few).toMatchObject({ status: 'UNKNOWN', lastUpdatedAt: NOW - HOUR, lateBySeconds: null });
  });
});

// The catalog's clock at several times of day: before, between and after the loads.
describe.each([
  Date.UTC(2026, 10, 25, 0, 30),
  Date.UTC(2026, 10, 25, 4, 10),
  NOW,
  Date.UTC(2026, 10, 23, 23, 55),
])('freshness over the demo catalog history (now %i)', (now) => {
  const catalog = generateDemoCatalog({ seed: 42, now, historyDays: 35 });
  const ops = new Map<string, number[]>();
  const schedule = new Map<string, string>();
  for (const p of catalog.proposals()) {
    const aspect = p.aspect as JsonObject;
    if (p.aspectName === 'operation') {
      const list = ops.get(p.entityUrn) ?? [];
      list.push(aspect.lastUpdatedTimestamp as number);
      ops.set(p.entityUrn, list);
    } else if (p.aspectName === 'datasetProperties') {
      const custom = aspect.customProperties as Record<string, string> | undefined;
      if (custom?.refresh_schedule) schedule.set(p.entityUrn, custom.refresh_schedule);
    }
  }
  // As the subgraph reads it: the newest operations only.
  const freshness = (urn: string) =>
    computeFreshness((ops.get(urn) ?? []).sort((a, b) => b - a).slice(0, OPERATION_HISTORY.limit), now);
  const late = catalog.incidents.filter((i) => i.kind === 'late_load');

  it('finds every planted late load LATE', () => {
    expect(late.length).toBeGreaterThanOrEqual(1);
    for (const incident of late) {
      const f = freshness(incident.datasetUrn);
      expect(f.status, incident.id).toBe('LATE');
      expect(f.lateBySeconds!).toBeGreaterThan(0);
      expect(f.cadence?.label).toBe(incident.details?.expectedCadence);
    }
  });

  it('finds every other loaded table ON_TIME with the cadence of its refresh schedule', () => {
    const lateUrns = new Set(late.map((i) => i.datasetUrn));
    let daily = 0;
    for (const urn of ops.keys()) {
      if (lateUrns.has(urn)) continue;
      const f = freshness(urn);
      expect(f.status, urn).toBe('ON_TIME');
      const expected = schedule.get(urn)!.split(' ')[0];
      expect(f.cadence?.label, urn).toBe(expected === 'weekly' ? 'weekly' : expected);
      if (f.cadence?.label === 'daily') daily++;
    }
    expect(daily).toBeGreaterThan(50);
  });
});

describe('updateTimes', () => {
  it('counts data changes, not an ALTER of the structure', () => {
    const op = (t: number, operationType: string) => ({
      timestampMillis: t,
      lastUpdatedTimestamp: t,
      operationType,
      numAffectedRows: null,
      actor: null,
      partition: null,
    });
    expect(updateTimes([op(3, 'ALTER'), op(2, 'INSERT'), op(1, 'UPDATE')])).toEqual([2, 1]);
  });
});

describe('lateAfterTimeline', () => {
  const op = (t: number, operationType = 'INSERT', lastUpdated = t) => ({
    timestampMillis: t,
    lastUpdatedTimestamp: lastUpdated,
    operationType,
    numAffectedRows: null,
    actor: null,
    partition: null,
  });
  // A seeded walk of operations: hourly bursts, loads a few minutes apart (one update), gaps, ALTERs.
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const ops: HubOperation[] = [];
  for (let t = NOW - 60 * DAY, i = 0; i < 600; i++) {
    t += next() < 0.2 ? 3 * 60_000 : next() < 0.9 ? HOUR : 2 * DAY;
    ops.push(op(t, next() < 0.05 ? 'ALTER' : 'INSERT'));
  }

  /** The live judgement of the first k operations at `at`: LATE, ON_TIME or UNKNOWN. */
  const live = (k: number, kept: number, at: number) =>
    freshnessOf(ops.slice(Math.max(0, k - kept), k), at).status;
  const stepped = (late: number | null, at: number) =>
    late === null ? 'UNKNOWN' : at > late ? 'LATE' : 'ON_TIME';

  it('answers what the live judgement answers at every step, the window sliding past its size', () => {
    for (const kept of [5, 50, 200]) {
      const timeline = lateAfterTimeline(ops, kept);
      for (let k = 1; k <= ops.length; k += 1 + (k % 3)) {
        const late = timeline(k);
        const last = ops[k - 1]!.timestampMillis;
        for (const at of [last + 30 * 60_000, last + 3 * HOUR, last + 3 * DAY])
          expect(stepped(late, at), `kept ${kept}, k ${k}`).toBe(live(k, kept, at));
      }
    }
  });

  it('learns afresh when update times are out of operation order', () => {
    const shuffled = ops
      .slice(0, 40)
      .map((o, i) => (i === 20 ? op(o.timestampMillis, 'INSERT', NOW - 90 * DAY) : o));
    const timeline = lateAfterTimeline(shuffled, 10);
    for (let k = 1; k <= shuffled.length; k++) {
      const at = shuffled[k - 1]!.timestampMillis + 2 * HOUR;
      expect(stepped(timeline(k), at)).toBe(freshnessOf(shuffled.slice(Math.max(0, k - 10), k), at).status);
    }
  });
});
