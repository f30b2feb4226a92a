/**
 * The anomalies planted in the history (a late load, a volume drop and its downstream echo, a null spike,
 * a schema change, a stalled hourly feed): the effects each has on its dataset's history, and the record
 * of it that tests and the validator check their findings against.
 */
import { templateIndex } from './templates.js';
import { DAY, HOUR, MINUTE, effectsKey, type Context, type Effects, type Instance } from './context.js';

export type IncidentKind = 'late_load' | 'volume_drop' | 'null_spike' | 'schema_change';

/** An anomaly the generator planted in the history, for tests and the validator to find. */
export interface PlantedIncident {
  id: string;
  datasetUrn: string;
  kind: IncidentKind;
  /** 'freshness' | 'rowCount' | 'nullProportion:<fieldPath>' | 'schema' */
  metric: string;
  startTimeMillis: number;
  /** Absent while the incident is still going on at `now`. */
  endTimeMillis?: number;
  description: string;
  /** For incidents caused upstream: the dataset where it started. */
  rootCauseUrn?: string;
  details?: Record<string, string | number | string[]>;
}

export function planIncidents(ctx: Context): void {
  const H = ctx.historyDays;
  const has = (replica: number, index: number): boolean => index < ctx.replicaSize(replica);
  const add = (inst: Instance, effects: Effects, incident: Omit<PlantedIncident, 'datasetUrn'>): void => {
    const k = effectsKey(inst.replica, inst.t.index);
    ctx.effects.set(k, { ...ctx.effects.get(k), ...effects });
    ctx.incidents.push({ ...incident, datasetUrn: inst.ref.urn });
  };
  if (H < 30) return; // too little history to plant anything believable

  // 1. Late load: the SLA-critical revenue mart missed its last loads (the dbt job fails on a lock).
  const lateIdx = templateIndex('gold', 'daily_revenue_by_store');
  if (has(0, lateIdx)) {
    const inst = ctx.instance(0, lateIdx);
    add(
      inst,
      { lastLoadDay: H - 3 },
      {
        id: 'late-load-daily-revenue-by-store',
        kind: 'late_load',
        metric: 'freshness',
        startTimeMillis: ctx.loadTime(inst, H - 2),
        description:
          'gold daily_revenue_by_store (us) loads daily around ' +
          `${String(inst.loadHour).padStart(2, '0')}:${String(inst.loadMinute).padStart(2, '0')} UTC; ` +
          'the last load finished two days ago and the runs since then failed on a warehouse lock.',
        details: { expectedCadence: 'daily', lastLoadMillis: ctx.loadTime(inst, H - 3) },
      },
    );
  }

  // 2. Volume drop: the payments extract lost most rows after a PSP webhook change; silver follows.
  const bronzePay = templateIndex('bronze', 'payments');
  const silverPay = templateIndex('silver', 'payments');
  if (has(0, bronzePay)) {
    const inst = ctx.instance(0, bronzePay);
    add(
      inst,
      { volumeDrop: { fromDay: H - 3, factor: 0.38 } },
      {
        id: 'volume-drop-bronze-payments',
        kind: 'volume_drop',
        metric: 'rowCount',
        startTimeMillis: ctx.loadTime(inst, H - 3),
        description:
          'bronze payments (us): daily partitions hold about 38% of the usual rows for the last three days; ' +
          'the extract misses transactions after a payment provider webhook change.',
        details: { factor: 0.38, days: 3 },
      },
    );
    if (has(0, silverPay)) {
      const s = ctx.instance(0, silverPay);
      add(
        s,
        { volumeDrop: { fromDay: H - 3, factor: 0.38 } },
        {
          id: 'volume-drop-silver-payments-upstream',
          kind: 'volume_drop',
          metric: 'rowCount',
          startTimeMillis: ctx.loadTime(s, H - 3),
          description:
            'silver payments (us) lost about 62% of its daily rows for the last three days, caused upstream by the ' +
            'volume drop of bronze payments.',
          rootCauseUrn: inst.ref.urn,
          details: { factor: 0.38, days: 3 },
        },
      );
    }
  }

  // 3. Null spike: the carrier integration stopped returning tracking numbers for one carrier.
  const ship = templateIndex('silver', 'shipments');
  if (has(0, ship)) {
    const inst = ctx.instance(0, ship);
    add(
      inst,
      { nullSpike: { field: 'tracking_number', fromDay: H - 5, proportion: 0.4 } },
      {
        id: 'null-spike-shipments-tracking-number',
        kind: 'null_spike',
        metric: 'nullProportion:tracking_number',
        startTimeMillis: ctx.loadTime(inst, H - 5),
        description:
          'silver shipments (us): tracking_number is null for about 40% of rows (normally about 1%) since ' +
          'the carrier label API change deployed four days ago (UTC).',
        details: { field: 'tracking_number', before: 0.01, after: 0.4 },
      },
    );
  }

  // 4. Schema change: the ERP team retyped list_price and dropped weight_kg in the products table.
  const products = templateIndex('source', 'products');
  if (has(0, products)) {
    const inst = ctx.instance(0, products);
    const at = ctx.dayStart(H - 10) + 14 * HOUR + 23 * MINUTE;
    add(
      inst,
      { schemaChange: { at, retype: 'list_price', newType: 'str', remove: 'weight_kg' } },
      {
        id: 'schema-change-erp-products',
        kind: 'schema_change',
        metric: 'schema',
        startTimeMillis: at,
        endTimeMillis: at,
        description:
          'erp products (us, mysql): list_price was retyped from DECIMAL(12,2) to VARCHAR(255) and weight_kg ' +
          'was dropped in an ERP release.',
        details: {
          removed: ['weight_kg'],
          retyped: ['list_price'],
          fromType: 'DECIMAL(12,2)',
          toType: 'VARCHAR(255)',
        },
      },
    );
  }

  // 5. (eu) A stalled hourly feed: the traffic mart stopped refreshing nine hours ago.
  const traffic = templateIndex('gold', 'site_traffic_hourly');
  if (has(1, traffic)) {
    const inst = ctx.instance(1, traffic);
    const stop = ctx.now - 9 * HOUR;
    const k = Math.floor((stop - ctx.dayStart(0)) / DAY);
    // First scheduled hourly load after the stop.
    let first = Number.POSITIVE_INFINITY;
    for (let d = k; d <= k + 1 && first === Number.POSITIVE_INFINITY; d++) {
      for (let h = 0; h < 24; h++) {
        const t = ctx.loadTime(inst, d, h);
        if (t > stop) {
          first = t;
          break;
        }
      }
    }
    add(
      inst,
      { stopAfter: stop },
      {
        id: 'late-load-site-traffic-hourly-eu',
        kind: 'late_load',
        metric: 'freshness',
        startTimeMillis: first,
        description:
          'gold site_traffic_hourly (eu) refreshes every hour; no load has landed for about nine hours because ' +
          'the Kafka consumer group of the sessionizer is stuck.',
        details: { expectedCadence: 'hourly' },
      },
    );
  }
}
