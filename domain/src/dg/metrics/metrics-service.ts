import type { Store } from '@dataspoke/platform/store/db';
import { InvalidInputError } from '../../shared/errors.js';
import { DAY_MS, dayStart, parseDay } from './days.js';
import { metricDefinition, parseDimension, type Dimension } from './metric-catalog.js';
import {
  deleteTarget,
  listTargets,
  readSeries,
  upsertTarget,
  type MetricTargetRow,
} from './metrics-repository.js';
import { StoredSearchUsage } from './search-usage.js';
import { targetOf, type TargetInput } from './targets.js';

/** The metrics feature as the API sees it: series by name, range and breakdown; targets; search clicks. */

export interface MetricsQuery {
  names: readonly string[];
  from: string;
  to: string;
  groupBy?: string | null;
  /** Only these groups of the breakdown (keys: domain or platform urns, layers, owner group urns). */
  keys?: readonly string[] | null;
}

export interface MetricSeries {
  metric: string;
  unit: string;
  dimension: Dimension;
  key: string;
  points: { day: string; value: number }[];
  /** The target of this metric and scope, if one is set. */
  target: MetricTargetRow | null;
}

export const MAX_RANGE_DAYS = 3 * 366;
export const MAX_NAMES = 20;
export const MAX_KEYS = 100;

export class MetricsService {
  /** Search's recorder, shared so that a click waits for the asking it marks to be written. */
  readonly usage: StoredSearchUsage;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    usage?: StoredSearchUsage,
  ) {
    this.usage = usage ?? new StoredSearchUsage(store, now);
  }

  async series(query: MetricsQuery): Promise<MetricSeries[]> {
    if (query.names.length === 0 || query.names.length > MAX_NAMES)
      throw new InvalidInputError(
        'INVALID_NAMES',
        `name from 1 to ${MAX_NAMES} metrics, not ${query.names.length}`,
      );
    const defs = [...new Set(query.names)].map(metricDefinition);
    const from = parseDay(query.from, 'from');
    const to = parseDay(query.to, 'to');
    if (from > to) throw new InvalidInputError('INVALID_RANGE', `from (${from}) is after to (${to})`);
    if ((dayStart(to) - dayStart(from)) / DAY_MS + 1 > MAX_RANGE_DAYS)
      throw new InvalidInputError('INVALID_RANGE', `a range spans at most ${MAX_RANGE_DAYS} days`);
    const dimension = parseDimension(query.groupBy ?? 'CATALOG');
    const keys = query.keys && query.keys.length > 0 ? query.keys : null;
    if (keys && keys.length > MAX_KEYS)
      throw new InvalidInputError('INVALID_FILTER', `filter on at most ${MAX_KEYS} groups`);
    const [rows, targets] = await Promise.all([
      readSeries(this.store, { metrics: defs.map((d) => d.name), dimension, from, to, keys }),
      listTargets(this.store),
    ]);
    const targetById = new Map(targets.map((t) => [t.id, t]));
    return rows.map((r) => ({
      metric: r.metric,
      unit: metricDefinition(r.metric).unit,
      dimension,
      key: r.key,
      points: r.points,
      target: targetById.get(`${r.metric}|${dimension}|${r.key}`) ?? null,
    }));
  }

  targets(): Promise<MetricTargetRow[]> {
    return listTargets(this.store);
  }

  setTarget(input: TargetInput, setBy: string): Promise<MetricTargetRow> {
    return upsertTarget(this.store, targetOf(input, setBy, this.now()));
  }

  async deleteTarget(id: string): Promise<void> {
    if (!(await deleteTarget(this.store, id)))
      throw new InvalidInputError('METRIC_TARGET_NOT_FOUND', `no metric target ${JSON.stringify(id)}`);
  }

  /** A result of `question` was clicked (the search page reports it). */
  async resultClicked(question: string): Promise<boolean> {
    if (question.trim() === '') throw new InvalidInputError('INVALID_QUESTION', 'the question is empty');
    return this.usage.resultClicked(question);
  }
}
