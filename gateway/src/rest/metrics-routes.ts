import { toRest } from './case.js';
import type { DgMetricsRestQuery } from './generated/operations.js';
import { RestInputError, list, onlyKnownParameters, paging, text } from './params.js';
import type { RestRoute } from './routes.js';

/**
 * The DG metrics on the REST facade: daily series by name, range and breakdown, as JSON or, with
 * `Accept: text/csv`, as one CSV row per point (metric, dimension, key, day, value).
 */

const GROUP_BY: Record<string, string> = {
  catalog: 'CATALOG',
  domain: 'DOMAIN',
  platform: 'PLATFORM',
  layer: 'LAYER',
  owner_group: 'OWNER_GROUP',
};

/** A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type Series = DgMetricsRestQuery['metrics'][number];

export function metricsCsv(body: { metrics: Record<string, unknown>[] }): string {
  const lines = ['metric,dimension,key,day,value'];
  for (const s of body.metrics)
    for (const p of s.points as { day: string; value: number }[])
      lines.push(
        [s.metric as string, s.dimension as string, s.key as string, p.day, p.value].map(csvField).join(','),
      );
  return `${lines.join('\r\n')}\r\n`;
}

const metrics: RestRoute<DgMetricsRestQuery> = {
  method: 'GET',
  path: '/api/v1/spoke/dg/metrics',
  group: 'dg',
  operation: 'DgMetricsRest',
  variables: (request) => {
    onlyKnownParameters(request.query, ['name', 'from', 'to', 'group_by', 'key', 'offset', 'limit']);
    const names = list(request.query, 'name');
    if (!names) throw new RestInputError('INVALID_NAMES', 'name is required: one or more metric names');
    const from = text(request.query, 'from', { required: true, max: 40 })!;
    const to = text(request.query, 'to', { required: true, max: 40 })!;
    const groupByRaw = text(request.query, 'group_by', { required: false, max: 40 }) ?? 'catalog';
    const groupBy = GROUP_BY[groupByRaw];
    if (!groupBy)
      throw new RestInputError(
        'INVALID_GROUP_BY',
        `group_by must be one of ${Object.keys(GROUP_BY).join(', ')}, not ${JSON.stringify(groupByRaw)}`,
      );
    const keys = list(request.query, 'key');
    return { names, from, to, groupBy, ...(keys && { filter: { keys } }), ...paging(request.query) };
  },
  respond: (data, variables) => {
    const { offset, limit } = variables as { offset: number; limit: number };
    const page: Series[] = data.metrics.slice(offset, offset + limit);
    return {
      metrics: toRest(page.map((s) => ({ ...s, dimension: s.dimension.toLowerCase() }))),
      offset,
      limit,
      total_count: data.metrics.length,
    };
  },
  csv: (body) => metricsCsv(body as { metrics: Record<string, unknown>[] }),
};

export const METRICS_ROUTES: RestRoute<unknown>[] = [metrics];
