import type { Store } from '@dataspoke/platform/store/db';
import type { HubDataset, HubPort } from '../../ports/hub-port.js';
import { InvalidInputError } from '../../shared/errors.js';
import type { SpokeEventPort } from '../../shared/spoke-events.js';
import { layerOf } from '../catalog-summary.js';
import { documentationCoverage } from '../documentation.js';
import { dayMetrics, type DatasetFacts, type MetricValue } from './day-metrics.js';
import { METRIC_DIMENSIONS, metricDefinition, type MetricDimension } from './metric-catalog.js';
import {
  deleteTarget,
  listTargets,
  readSeries,
  replaceDay,
  saveTarget,
  type MetricSeries,
  type MetricTarget,
} from './metrics-repository.js';

/** Datasets read from the hub per call. */
const HUB_CHUNK = 200;
const PAGE = 1000;
const DAY_MS = 86_400_000;
/** The longest range one query answers: two years of daily points and a leap day. */
const MAX_RANGE_DAYS = 731;

/** The UTC day of an instant, YYYY-MM-DD. */
export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

function parseDay(text: string, what: string): number {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(at) || dayOf(at) !== text)
    throw new InvalidInputError('INVALID_DATE', `${what} must be a day as YYYY-MM-DD, got "${text}"`);
  return at;
}

function checkMetric(name: string): void {
  if (!metricDefinition(name)) throw new InvalidInputError('UNKNOWN_METRIC', `no metric is named "${name}"`);
}

function checkDimension(dimension: string): MetricDimension {
  if (!(METRIC_DIMENSIONS as readonly string[]).includes(dimension))
    throw new InvalidInputError(
      'UNKNOWN_DIMENSION',
      `group by one of ${METRIC_DIMENSIONS.join(', ')}, got "${dimension}"`,
    );
  return dimension as MetricDimension;
}

/** What the day's metrics need of a dataset as the hub holds it. */
export function factsOf(
  d: HubDataset,
  profile: { rowCount: number | null; sizeInBytes: number | null } | undefined,
): DatasetFacts {
  const coverage = documentationCoverage(d);
  const owners = d.ownership?.owners ?? [];
  return {
    platform: d.platform.urn,
    domain: d.domain?.domain.urn ?? null,
    layer: layerOf(d),
    ownerGroups: owners.map((o) => o.owner.urn).filter((urn) => urn.startsWith('urn:li:corpGroup:')),
    created: d.properties?.created ?? null,
    deprecated: d.deprecation?.deprecated ?? false,
    tableDocumented: coverage.tableDocumented,
    fieldsDocumented: coverage.fieldsDocumented,
    fieldsTotal: coverage.fieldsTotal,
    owned: owners.length > 0,
    rows: profile?.rowCount ?? null,
    bytes: profile?.sizeInBytes ?? null,
  };
}

export interface CollectReport {
  day: string;
  datasets: number;
  points: number;
  targetsMissed: number;
}

/**
 * The governance metrics over time (issue #19): collects a day from the hub into spoke_dg (again: replaced),
 * answers series over a range and breakdown, and keeps the targets, publishing a missed one.
 */
export class MetricsService {
  constructor(
    private readonly deps: {
      store: Store;
      hub: HubPort;
      events?: SpokeEventPort | undefined;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Reads every dataset (with progress) and stores the metrics of the day `asOf` falls in. */
  async collectDay(asOf: number, onProgress?: (done: number, total: number) => void): Promise<CollectReport> {
    const urns: string[] = [];
    let scrollId: string | null = null;
    do {
      const page = await this.deps.hub.scrollDatasets({ scrollId, count: PAGE });
      urns.push(...page.datasets.map((d) => d.urn));
      scrollId = page.datasets.length > 0 ? page.nextScrollId : null;
    } while (scrollId);
    const day = dayOf(asOf);
    const start = Date.parse(`${day}T00:00:00Z`);
    const facts: DatasetFacts[] = [];
    for (let i = 0; i < urns.length; i += HUB_CHUNK) {
      const chunk = urns.slice(i, i + HUB_CHUNK);
      const [read, profiles] = await Promise.all([
        this.deps.hub.getDatasets(chunk),
        this.deps.hub.getProfiles(
          chunk,
          { endTimeMillis: start + DAY_MS - 1, limit: 1 },
          { fieldProfiles: false },
        ),
      ]);
      for (const d of read.values()) if (!d.status?.removed) facts.push(factsOf(d, profiles.get(d.urn)?.[0]));
      onProgress?.(Math.min(i + HUB_CHUNK, urns.length), urns.length);
    }
    const values = dayMetrics(facts, { start, end: start + DAY_MS }, METRIC_DIMENSIONS);
    await replaceDay(this.deps.store, day, values, this.now());
    const missed = await this.checkTargets(day, values);
    return { day, datasets: facts.length, points: values.length, targetsMissed: missed };
  }

  /** Publishes METRIC_TARGET_MISSED for each target the day's values miss; returns how many. */
  private async checkTargets(day: string, values: readonly MetricValue[]): Promise<number> {
    const byKey = new Map(values.map((v) => [`${v.metric}\u0000${v.dimension}\u0000${v.groupKey}`, v]));
    let missed = 0;
    for (const t of await listTargets(this.deps.store)) {
      const v = byKey.get(`${t.metric}\u0000${t.dimension}\u0000${t.groupKey}`);
      if (!v) continue;
      if (t.direction === 'at_least' ? v.value >= t.value : v.value <= t.value) continue;
      missed++;
      await this.deps.events?.publish({
        type: 'dataspoke.metric.target_missed',
        // The notification names what missed: the catalog, or the group of the breakdown.
        datasetUrn: t.groupKey || `catalog (${day})`,
        metric: t.dimension === 'catalog' ? t.metric : `${t.metric} by ${t.dimension}`,
        target: t.value,
        value: v.value,
        at: this.now(),
      });
    }
    return missed;
  }

  /** The named metrics' series over `[from, to]`, in one breakdown, optionally only some of its groups. */
  async series(query: {
    names: readonly string[];
    from: string;
    to: string;
    groupBy?: string | null | undefined;
    groupKeys?: readonly string[] | null | undefined;
  }): Promise<MetricSeries[]> {
    if (query.names.length === 0) throw new InvalidInputError('UNKNOWN_METRIC', 'name at least one metric');
    query.names.forEach(checkMetric);
    const from = parseDay(query.from, 'from');
    const to = parseDay(query.to, 'to');
    if (from > to)
      throw new InvalidInputError('INVALID_RANGE', `from (${query.from}) is after to (${query.to})`);
    if ((to - from) / DAY_MS + 1 > MAX_RANGE_DAYS)
      throw new InvalidInputError('INVALID_RANGE', `a range spans at most ${MAX_RANGE_DAYS} days`);
    return readSeries(this.deps.store, {
      metrics: query.names,
      from: query.from,
      to: query.to,
      dimension: checkDimension(query.groupBy ?? 'catalog'),
      groupKeys: query.groupKeys ?? undefined,
    });
  }

  targets(): Promise<MetricTarget[]> {
    return listTargets(this.deps.store);
  }

  async setTarget(input: {
    metric: string;
    dimension?: string | null;
    groupKey?: string | null;
    direction: 'at_least' | 'at_most';
    value: number;
    setBy: string;
  }): Promise<MetricTarget> {
    checkMetric(input.metric);
    const dimension = checkDimension(input.dimension ?? 'catalog');
    const groupKey = dimension === 'catalog' ? '' : (input.groupKey ?? '');
    const share = metricDefinition(input.metric)!.kind === 'share';
    if (!Number.isFinite(input.value) || input.value < 0 || (share && input.value > 1))
      throw new InvalidInputError(
        'INVALID_TARGET',
        share ? `${input.metric} is a share: its target is from 0 to 1` : 'a target is a finite number ≥ 0',
      );
    const target: MetricTarget = {
      metric: input.metric,
      dimension,
      groupKey,
      direction: input.direction,
      value: input.value,
      setBy: input.setBy,
      updatedAt: this.now(),
    };
    await saveTarget(this.deps.store, target);
    return target;
  }

  async deleteTarget(input: { metric: string; dimension?: string | null; groupKey?: string | null }) {
    checkMetric(input.metric);
    const dimension = checkDimension(input.dimension ?? 'catalog');
    return deleteTarget(this.deps.store, {
      metric: input.metric,
      dimension,
      groupKey: dimension === 'catalog' ? '' : (input.groupKey ?? ''),
    });
  }
}
