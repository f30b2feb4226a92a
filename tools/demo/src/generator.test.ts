import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isKnownAspect, isTimeseriesAspect } from '@dataspoke/hub/aspect-registry';
import type { MetadataChangeProposal } from '@dataspoke/hub/model';
import { isValidUrn, parseUrn } from '@dataspoke/hub/urn';
import { DEMO_RUN_ID } from './aspects.js';
import { DEMO_TEMPLATE_SIZE } from './context.js';
import { generateDemoCatalog, type DemoCatalog } from './generator.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Mid-morning, just after midnight and late evening: load times relative to `now` differ in each.
const NOWS = [Date.UTC(2025, 5, 15, 10, 30), Date.UTC(2025, 5, 18, 0, 20), Date.UTC(2025, 10, 2, 23, 45)];
const NOW = NOWS[0] as number;

type Json = Record<string, unknown>;

interface Profile {
  t: number;
  rowCount: number;
  columnCount: number;
  partitioned: boolean;
  nulls: Map<string, number>;
}

interface DatasetView {
  urn: string;
  aspects: Map<string, Json[]>;
  profiles: Profile[];
  ops: number[];
}

interface Collected {
  catalog: DemoCatalog;
  datasets: Map<string, DatasetView>;
  others: Map<string, Map<string, Json[]>>;
}

function collect(catalog: DemoCatalog): Collected {
  const datasets = new Map<string, DatasetView>();
  const others = new Map<string, Map<string, Json[]>>();
  for (const p of catalog.proposals()) {
    const aspect = p.aspect as Json;
    if (p.entityType === 'dataset') {
      let d = datasets.get(p.entityUrn);
      if (!d) {
        d = { urn: p.entityUrn, aspects: new Map(), profiles: [], ops: [] };
        datasets.set(p.entityUrn, d);
      }
      if (p.aspectName === 'datasetProfile') {
        const nulls = new Map<string, number>();
        for (const fp of (aspect.fieldProfiles as Json[] | undefined) ?? []) {
          nulls.set(fp.fieldPath as string, fp.nullProportion as number);
        }
        d.profiles.push({
          t: aspect.timestampMillis as number,
          rowCount: aspect.rowCount as number,
          columnCount: aspect.columnCount as number,
          partitioned: (aspect.partitionSpec as Json).type === 'PARTITION',
          nulls,
        });
      } else if (p.aspectName === 'operation') {
        d.ops.push(aspect.lastUpdatedTimestamp as number);
      } else {
        const list = d.aspects.get(p.aspectName) ?? [];
        list.push(aspect);
        d.aspects.set(p.aspectName, list);
      }
    } else {
      const m = others.get(p.entityUrn) ?? new Map<string, Json[]>();
      const list = m.get(p.aspectName) ?? [];
      list.push(aspect);
      m.set(p.aspectName, list);
      others.set(p.entityUrn, m);
    }
  }
  return { catalog, datasets, others };
}

const cache = new Map<number, Collected>();
function catalogAt(now: number): Collected {
  let c = cache.get(now);
  if (!c) {
    c = collect(generateDemoCatalog({ now }));
    cache.set(now, c);
  }
  return c;
}

const latest = (d: DatasetView, aspect: string): Json | undefined => d.aspects.get(aspect)?.at(-1);
const layerOf = (d: DatasetView): string =>
  ((latest(d, 'datasetProperties')?.customProperties as Record<string, string>) ?? {}).layer ?? '';
const upstreamsOf = (d: DatasetView): string[] =>
  ((latest(d, 'upstreamLineage')?.upstreams as Json[] | undefined) ?? []).map((u) => u.dataset as string);
const tagsOf = (d: DatasetView | Map<string, Json[]>): string[] => {
  const aspects = d instanceof Map ? d : d.aspects;
  return ((aspects.get('globalTags')?.at(-1)?.tags as Json[] | undefined) ?? []).map((t) => t.tag as string);
};
const platformOfDataset = (urn: string): string => /dataPlatform:([^,]+),/.exec(urn)?.[1] ?? '';
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

function digest(catalog: DemoCatalog): { hash: string; count: number } {
  const h = createHash('sha256');
  let count = 0;
  for (const p of catalog.proposals()) {
    h.update(JSON.stringify(p));
    count++;
  }
  return { hash: h.digest('hex'), count };
}

describe('demo catalog: determinism', () => {
  it('gives byte-identical output for the same seed and now, and different output for another seed', () => {
    const a = digest(generateDemoCatalog({ seed: 7, now: NOW }));
    const b = digest(generateDemoCatalog({ seed: 7, now: NOW }));
    const c = digest(generateDemoCatalog({ seed: 8, now: NOW }));
    expect(a).toEqual(b);
    expect(c.hash).not.toBe(a.hash);
    expect(generateDemoCatalog({ seed: 7, now: NOW }).incidents).toEqual(
      generateDemoCatalog({ seed: 7, now: NOW }).incidents,
    );
  });

  it('anchors the history to the UTC day of now and never emits future events', () => {
    const { catalog, datasets } = catalogAt(NOW);
    expect(catalog.anchorMillis).toBe(Date.UTC(2025, 5, 15));
    let first = Infinity;
    let last = 0;
    for (const d of datasets.values()) {
      for (const p of d.profiles) {
        first = Math.min(first, p.t);
        last = Math.max(last, p.t);
      }
      for (const t of d.ops) last = Math.max(last, t);
    }
    expect(last).toBeLessThanOrEqual(NOW);
    expect(last).toBeGreaterThan(NOW - 2 * HOUR);
    expect(first).toBeGreaterThanOrEqual(catalog.anchorMillis - 119 * DAY);
    expect(first).toBeLessThan(catalog.anchorMillis - 118 * DAY);
  });
});

describe('demo catalog: contents', () => {
  it('has the minimum counts of the issue', () => {
    const { catalog, datasets, others } = catalogAt(NOW);
    const s = catalog.summary;
    expect(s.entitiesByType.dataset).toBe(320);
    expect(datasets.size).toBe(320);
    expect(new Set([...datasets.keys()].map(platformOfDataset)).size).toBeGreaterThanOrEqual(4);
    expect(s.entitiesByType.domain).toBeGreaterThanOrEqual(5);
    expect(s.entitiesByType.corpuser).toBeGreaterThanOrEqual(10);
    expect(s.entitiesByType.corpGroup).toBeGreaterThanOrEqual(5);
    expect(s.entitiesByType.glossaryNode).toBeGreaterThanOrEqual(2);
    expect(s.entitiesByType.chart).toBeGreaterThanOrEqual(20);
    expect(s.entitiesByType.dashboard).toBeGreaterThanOrEqual(5);
    expect(s.entitiesByType.dataFlow).toBeGreaterThanOrEqual(4);
    expect(s.entitiesByType.dataJob).toBeGreaterThanOrEqual(100);
    expect(s.entitiesByType.container).toBeGreaterThanOrEqual(5);
    expect(s.proposalsByAspect.datasetProfile).toBeGreaterThan(200 * 100);
    expect(s.proposalsByAspect.operation).toBeGreaterThan(200 * 100);
    const termNames = [...others.values()].flatMap((m) => m.get('glossaryTermInfo') ?? []).map((a) => a.name);
    expect(termNames).toEqual(
      expect.arrayContaining([
        'Email Address',
        'Phone Number',
        'Full Name',
        'Postal Address',
        'Date of Birth',
        'Payment Card',
      ]),
    );
    const tagNames = [...others.values()].flatMap((m) => m.get('tagProperties') ?? []).map((a) => a.name);
    expect(tagNames).toEqual(
      expect.arrayContaining(['PII', 'Deprecated', 'SLA-critical', 'Bronze', 'Silver', 'Gold']),
    );
    // Group memberships on both sides.
    const memberships = [...others.values()].flatMap((m) => m.get('groupMembership') ?? []);
    expect(memberships.length).toBeGreaterThan(10);
    expect(memberships.every((m) => (m.groups as string[]).length > 0)).toBe(true);
  });

  it('emits only valid proposals: known aspects, matching entity types, parseable urns, run id', () => {
    const problems: string[] = [];
    const fail = (p: MetadataChangeProposal, why: string): void => {
      if (problems.length < 20) problems.push(`${p.entityUrn} ${p.aspectName}: ${why}`);
    };
    const urnsIn = (value: unknown, out: string[]): void => {
      if (typeof value === 'string') {
        if (value.startsWith('urn:li:')) out.push(value);
      } else if (Array.isArray(value)) for (const v of value) urnsIn(v, out);
      else if (value && typeof value === 'object') for (const v of Object.values(value)) urnsIn(v, out);
    };
    let n = 0;
    for (const p of generateDemoCatalog({ now: NOW }).proposals()) {
      n++;
      if (!isKnownAspect(p.entityType, p.aspectName)) fail(p, 'unknown aspect');
      if (!isValidUrn(p.entityUrn) || parseUrn(p.entityUrn).entityType !== p.entityType)
        fail(p, 'urn/entity type');
      if (p.changeType !== 'UPSERT') fail(p, 'change type');
      if (p.systemMetadata?.runId !== DEMO_RUN_ID || typeof p.systemMetadata.lastObserved !== 'number')
        fail(p, 'system metadata');
      if (!p.aspect || typeof p.aspect !== 'object') fail(p, 'aspect is not an object');
      if (isTimeseriesAspect(p.aspectName)) {
        if (typeof (p.aspect as Json).timestampMillis !== 'number') fail(p, 'no timestampMillis');
      } else {
        const urns: string[] = [];
        urnsIn(p.aspect, urns);
        for (const u of urns) if (!isValidUrn(u)) fail(p, `bad urn ${u}`);
      }
    }
    expect(problems).toEqual([]);
    expect(n).toBeGreaterThan(50_000);
  });

  it('joins bronze ← source, silver ← bronze, gold ← silver without cycles; jobs match the lineage', () => {
    const { datasets, others } = catalogAt(NOW);
    const allowed: Record<string, string> = { bronze: 'source', silver: 'bronze', gold: 'silver' };
    const layers = new Map([...datasets.values()].map((d) => [d.urn, layerOf(d)]));
    expect(new Set(layers.values())).toEqual(new Set(['source', 'bronze', 'silver', 'gold']));
    for (const d of datasets.values()) {
      const layer = layers.get(d.urn) as string;
      const ups = upstreamsOf(d);
      if (layer === 'source') expect(ups).toEqual([]);
      else expect(ups.length).toBeGreaterThan(0);
      for (const u of ups) expect(layers.get(u), `${d.urn} <- ${u}`).toBe(allowed[layer]);
      // The layer is visible in the name and in a tag too.
      if (layer !== 'source') {
        expect(d.urn).toContain(layer);
        expect(tagsOf(d)).toContain(`urn:li:tag:${layer.charAt(0).toUpperCase()}${layer.slice(1)}`);
      }
    }
    // Topological order exists (Kahn).
    const indeg = new Map(
      [...datasets.keys()].map((u) => [u, upstreamsOf(datasets.get(u) as DatasetView).length]),
    );
    const down = new Map<string, string[]>();
    for (const d of datasets.values())
      for (const u of upstreamsOf(d)) down.set(u, [...(down.get(u) ?? []), d.urn]);
    const queue = [...indeg].filter(([, n]) => n === 0).map(([u]) => u);
    let seen = 0;
    while (queue.length) {
      const u = queue.pop() as string;
      seen++;
      for (const v of down.get(u) ?? []) {
        indeg.set(v, (indeg.get(v) as number) - 1);
        if (indeg.get(v) === 0) queue.push(v);
      }
    }
    expect(seen).toBe(datasets.size);
    // Every non-source dataset is produced by exactly one job whose inputs are its upstreams.
    const produced = new Map<string, string[]>();
    for (const m of others.values()) {
      const io = m.get('dataJobInputOutput')?.at(-1);
      if (!io) continue;
      const outs = io.outputDatasets as string[];
      const edges = (io.inputDatasetEdges as Json[]).map((e) => e.destinationUrn);
      expect(edges).toEqual(io.inputDatasets);
      for (const o of outs) {
        expect(produced.has(o)).toBe(false);
        produced.set(o, io.inputDatasets as string[]);
      }
    }
    for (const d of datasets.values()) {
      if (layerOf(d) === 'source') continue;
      expect([...(produced.get(d.urn) ?? [])].sort()).toEqual(upstreamsOf(d).sort());
    }
  });

  it('has dashboards whose charts read gold tables only', () => {
    const { datasets, others } = catalogAt(NOW);
    let charts = 0;
    let dashboards = 0;
    for (const [urn, m] of others) {
      const chart = m.get('chartInfo')?.at(-1);
      if (chart) {
        charts++;
        const inputs = (chart.inputEdges as Json[]).map((e) => e.destinationUrn as string);
        expect(inputs.length).toBeGreaterThan(0);
        for (const i of inputs)
          expect(layerOf(datasets.get(i) as DatasetView), `${urn} reads ${i}`).toBe('gold');
      }
      const dash = m.get('dashboardInfo')?.at(-1);
      if (dash) {
        dashboards++;
        const ch = dash.charts as string[];
        expect(ch.length).toBeGreaterThan(0);
        for (const c of ch) expect(others.get(c)?.has('chartInfo')).toBe(true);
        for (const e of dash.datasetEdges as Json[])
          expect(layerOf(datasets.get(e.destinationUrn as string) as DatasetView)).toBe('gold');
        expect(m.has('ownership')).toBe(true);
        expect(['looker', 'tableau']).toContain(parseUrn(urn).parts[0]);
      }
    }
    expect(charts).toBeGreaterThan(20);
    expect(dashboards).toBeGreaterThan(5);
  });

  it('has near-duplicate copies across platforms, with the curated copy certified', () => {
    const { datasets } = catalogAt(NOW);
    const props = (d: DatasetView): Json => latest(d, 'datasetProperties') ?? {};
    const customers = [...datasets.values()].filter(
      (d) =>
        props(d).name === 'customers' &&
        (props(d).customProperties as Record<string, string>).region === 'us',
    );
    const platforms = new Set(customers.map((d) => platformOfDataset(d.urn)));
    expect(platforms).toEqual(new Set(['postgres', 's3', 'snowflake']));
    const curated = customers.find((d) => platformOfDataset(d.urn) === 'snowflake') as DatasetView;
    expect(tagsOf(curated)).toContain('urn:li:tag:Certified');
    for (const d of customers.filter((x) => x !== curated))
      expect(tagsOf(d)).not.toContain('urn:li:tag:Certified');
    const legacy = datasets.get(
      'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.silver_us.customers_legacy,PROD)',
    ) as DatasetView;
    expect(latest(legacy, 'deprecation')?.deprecated).toBe(true);
    expect(tagsOf(legacy)).toContain('urn:li:tag:Deprecated');
  });

  it('applies PII terms to the right columns and tags PII datasets', () => {
    const { datasets } = catalogAt(NOW);
    const expected: Record<string, string> = {
      email: 'EmailAddress',
      email_address: 'EmailAddress',
      customer_email: 'EmailAddress',
      phone_number: 'PhoneNumber',
      first_name: 'FullName',
      full_name: 'FullName',
      postal_code: 'PostalAddress',
      date_of_birth: 'DateOfBirth',
      card_last4: 'PaymentCard',
    };
    const seen = new Set<string>();
    let piiDatasets = 0;
    for (const d of datasets.values()) {
      const fields = (latest(d, 'schemaMetadata')?.fields as Json[]) ?? [];
      let pii = false;
      for (const f of fields) {
        const terms =
          ((f.glossaryTerms as Json | undefined)?.terms as Json[] | undefined)?.map((t) => t.urn) ?? [];
        const want = expected[f.fieldPath as string];
        if (want) {
          expect(terms, `${d.urn}.${String(f.fieldPath)}`).toContain(
            `urn:li:glossaryTerm:PersonalInformation.${want}`,
          );
          seen.add(want);
        }
        if (terms.length > 0) pii = true;
        if (['order_id', 'order_total', 'carrier'].includes(f.fieldPath as string)) expect(terms).toEqual([]);
      }
      if (pii) {
        piiDatasets++;
        expect(tagsOf(d)).toContain('urn:li:tag:PII');
      }
    }
    expect(seen.size).toBe(6);
    expect(piiDatasets).toBeGreaterThan(30);
  });

  it('leaves documentation missing in places, more so in bronze than in gold', () => {
    const { datasets } = catalogAt(NOW);
    const byLayer = new Map<string, { n: number; doc: number }>();
    let fields = 0;
    let fieldDocs = 0;
    for (const d of datasets.values()) {
      const l = layerOf(d);
      const e = byLayer.get(l) ?? { n: 0, doc: 0 };
      e.n++;
      if (latest(d, 'datasetProperties')?.description) e.doc++;
      byLayer.set(l, e);
      for (const f of (latest(d, 'schemaMetadata')?.fields as Json[]) ?? []) {
        fields++;
        if (f.description) fieldDocs++;
      }
    }
    const total = [...byLayer.values()].reduce((a, e) => ({ n: a.n + e.n, doc: a.doc + e.doc }), {
      n: 0,
      doc: 0,
    });
    const rate = (l: string): number => (byLayer.get(l)?.doc ?? 0) / (byLayer.get(l)?.n ?? 1);
    expect(total.doc / total.n).toBeGreaterThan(0.55);
    expect(total.doc / total.n).toBeLessThan(0.85);
    expect(rate('gold')).toBeGreaterThan(rate('bronze') + 0.3);
    expect(fieldDocs / fields).toBeGreaterThan(0.1);
    expect(fieldDocs / fields).toBeLessThan(0.7);
    // Some datasets have no owners at all.
    const unowned = [...datasets.values()].filter((d) => !d.aspects.has('ownership')).length;
    expect(unowned).toBeGreaterThan(0);
    expect(unowned).toBeLessThan(30);
  });
});

describe.each(NOWS.map((n) => [new Date(n).toISOString(), n] as const))(
  'demo catalog history at %s',
  (_label, now) => {
    it('plants detectable incidents', () => {
      const { catalog, datasets } = catalogAt(now);
      const kinds = new Set(catalog.incidents.map((i) => i.kind));
      expect(kinds).toEqual(new Set(['late_load', 'volume_drop', 'null_spike', 'schema_change']));
      for (const inc of catalog.incidents) {
        const d = datasets.get(inc.datasetUrn);
        expect(d, inc.datasetUrn).toBeDefined();
        if (!d) continue;
        expect(inc.startTimeMillis).toBeLessThanOrEqual(now);
        expect(inc.startTimeMillis).toBeGreaterThan(now - 12 * DAY);
        if (inc.kind === 'volume_drop') {
          const before = d.profiles.filter((p) => p.t < inc.startTimeMillis).map((p) => p.rowCount);
          const after = d.profiles.filter((p) => p.t >= inc.startTimeMillis);
          expect(after.length).toBeGreaterThanOrEqual(2);
          for (const p of after) expect(p.rowCount).toBeLessThan(0.5 * median(before.slice(-28)));
          expect(Math.min(...before.slice(-28))).toBeGreaterThan(0.8 * median(before.slice(-28)));
        }
        if (inc.kind === 'null_spike') {
          const field = inc.metric.split(':')[1] as string;
          const before = d.profiles.filter((p) => p.t < inc.startTimeMillis);
          const after = d.profiles.filter((p) => p.t >= inc.startTimeMillis);
          expect(after.length).toBeGreaterThanOrEqual(4);
          for (const p of before) expect(p.nulls.get(field)).toBeLessThanOrEqual(0.05);
          for (const p of after) expect(p.nulls.get(field)).toBeGreaterThanOrEqual(0.3);
        }
        if (inc.kind === 'late_load') {
          const last = Math.max(...d.ops);
          const hourly = inc.details?.expectedCadence === 'hourly';
          expect(now - last).toBeGreaterThan(hourly ? 8 * HOUR : 40 * HOUR);
          expect(inc.startTimeMillis).toBeGreaterThan(last);
          // Before the incident, loads followed the cadence.
          const gaps = d.ops.slice(1).map((t, i) => t - (d.ops[i] as number));
          for (const g of gaps) expect(g).toBeLessThan(hourly ? 1.2 * HOUR : 25 * HOUR);
        }
        if (inc.kind === 'schema_change') {
          const versions = d.aspects.get('schemaMetadata') as Json[];
          expect(versions).toHaveLength(2);
          const [v0, v1] = versions as [Json, Json];
          const f0 = new Map((v0.fields as Json[]).map((f) => [f.fieldPath, f.nativeDataType]));
          const f1 = new Map((v1.fields as Json[]).map((f) => [f.fieldPath, f.nativeDataType]));
          expect(f0.has('weight_kg') && !f1.has('weight_kg')).toBe(true);
          expect(f0.get('list_price')).not.toBe(f1.get('list_price'));
          expect((v1.lastModified as Json).time).toBe(inc.startTimeMillis);
          expect(v1.version).toBe(1);
          const cc = (pred: (p: Profile) => boolean): Set<number> =>
            new Set(d.profiles.filter(pred).map((p) => p.columnCount));
          expect(cc((p) => p.t < inc.startTimeMillis)).toEqual(new Set([f0.size]));
          expect(cc((p) => p.t >= inc.startTimeMillis)).toEqual(new Set([f1.size]));
        }
      }
      const upstream = catalog.incidents.find((i) => i.rootCauseUrn);
      expect(upstream && upstreamsOf(datasets.get(upstream.datasetUrn) as DatasetView)).toContain(
        upstream?.rootCauseUrn,
      );
    });

    it('keeps tables without incidents healthy: regular loads, no zero or outlier days, low nulls', () => {
      const { catalog, datasets } = catalogAt(now);
      const incidentUrns = new Set(catalog.incidents.map((i) => i.datasetUrn));
      const problems: string[] = [];
      const fail = (urn: string, why: string): void => {
        if (problems.length < 20) problems.push(`${urn}: ${why}`);
      };
      const tolerance = 15 * 60_000;
      let checked = 0;
      for (const d of datasets.values()) {
        if (incidentUrns.has(d.urn)) continue;
        const props = latest(d, 'datasetProperties')?.customProperties as Record<string, string>;
        const schedule = props.refresh_schedule ?? '';
        const ops = d.ops;
        if (/^(daily|hourly|weekly)/.test(schedule)) {
          const cadence = schedule.startsWith('hourly')
            ? HOUR
            : schedule.startsWith('weekly')
              ? 7 * DAY
              : DAY;
          if (ops.length <= 10) fail(d.urn, `only ${ops.length} operations`);
          if (now - Math.max(...ops) > cadence + tolerance) fail(d.urn, 'stale');
          for (let i = 1; i < ops.length; i++) {
            const gap = (ops[i] as number) - (ops[i - 1] as number);
            if (Math.abs(gap - cadence) > tolerance) fail(d.urn, `load gap ${gap / HOUR}h`);
          }
        }
        if (d.profiles.length === 0) continue;
        checked++;
        const rows = d.profiles.map((p) => p.rowCount);
        if (Math.min(...rows) <= 0) fail(d.urn, 'empty profile');
        if (d.profiles[0]?.partitioned) {
          // Each day against the median of the same weekday over the previous four weeks.
          for (let i = 28; i < rows.length; i++) {
            const ref = median([rows[i - 7], rows[i - 14], rows[i - 21], rows[i - 28]] as number[]);
            const ratio = (rows[i] as number) / ref;
            if (ratio < 0.8 || ratio > 1.25) fail(d.urn, `day ${i} row count ratio ${ratio}`);
          }
        } else {
          for (let i = 1; i < rows.length; i++)
            if ((rows[i] as number) < (rows[i - 1] as number)) fail(d.urn, `shrinks on day ${i}`);
        }
        for (const p of d.profiles)
          for (const [f, v] of p.nulls) if (v > 0.05) fail(d.urn, `${f} null proportion ${v}`);
        if (new Set(d.profiles.map((p) => p.columnCount)).size !== 1) fail(d.urn, 'column count changes');
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(250);
    });

    it('shows weekly seasonality: weekend dips for back-office tables, weekend peaks for web traffic', () => {
      const { datasets } = catalogAt(now);
      const weekendRatio = (urn: string): number => {
        const d = datasets.get(urn) as DatasetView;
        // Partitions hold the previous day's data.
        const byDow = (pred: (dow: number) => boolean): number[] =>
          d.profiles.filter((p) => pred(new Date(p.t - DAY).getUTCDay())).map((p) => p.rowCount);
        return median(byDow((w) => w === 0 || w === 6)) / median(byDow((w) => w >= 1 && w <= 5));
      };
      expect(
        weekendRatio('urn:li:dataset:(urn:li:dataPlatform:s3,acme-datalake/bronze/us/erp/gl_entries,PROD)'),
      ).toBeLessThan(0.75);
      expect(
        weekendRatio('urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.silver_us.orders,PROD)'),
      ).toBeGreaterThan(1.05);
    });
  },
);

describe('demo catalog: scale', () => {
  it('sizes the catalog exactly and keeps partial replicas closed under lineage', () => {
    for (const n of [1, 45, DEMO_TEMPLATE_SIZE + 7, 333]) {
      const urns = new Set<string>();
      const ups: string[] = [];
      for (const p of generateDemoCatalog({ now: NOW, datasets: n, historyDays: 3 }).proposals()) {
        if (p.entityType === 'dataset') urns.add(p.entityUrn);
        if (p.aspectName === 'upstreamLineage')
          ups.push(...((p.aspect as Json).upstreams as Json[]).map((u) => u.dataset as string));
        if (p.aspectName === 'chartInfo')
          ups.push(...((p.aspect as Json).inputEdges as Json[]).map((u) => u.destinationUrn as string));
        if (p.aspectName === 'dataJobInputOutput')
          ups.push(...((p.aspect as Json).inputDatasets as string[]));
      }
      expect(urns.size).toBe(n);
      for (const u of ups) expect(urns.has(u), u).toBe(true);
    }
  });

  it('streams 20k datasets of a 100k catalog without holding them in memory', () => {
    const catalog = generateDemoCatalog({ now: NOW, datasets: 100_000, historyDays: 30 });
    expect(catalog.incidents.length).toBeGreaterThanOrEqual(5);
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let datasets = 0;
    let count = 0;
    let previous = '';
    for (const p of catalog.proposals()) {
      count++;
      if (p.entityType === 'dataset' && p.entityUrn !== previous) {
        previous = p.entityUrn;
        if (++datasets > 20_000) break;
      }
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(datasets).toBe(20_001);
    expect(count).toBeGreaterThan(20_000 * 30);
    expect(peak - baseline).toBeLessThan(256 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  });
});
