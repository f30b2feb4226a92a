import { InvalidInputError } from '../../shared/errors.js';
import type { MetricPointValue } from './day-figures.js';
import { metricDefinition, parseDimension, type Dimension } from './metric-catalog.js';
import type { MetricTargetRow } from './metrics-repository.js';

/** Targets per metric (e.g. gold table documentation ≥ 0.95) and which of them a day's points miss. */

export interface TargetInput {
  metric: string;
  /** CATALOG (default) or a breakdown, with the group's key. */
  dimension?: string | null;
  key?: string | null;
  comparison?: string | null;
  value: number;
}

export const targetId = (metric: string, dimension: Dimension, key: string) =>
  `${metric}|${dimension}|${key}`;

/** A valid target row from the caller's input, or a coded refusal. */
export function targetOf(input: TargetInput, setBy: string, at: number): MetricTargetRow {
  const def = metricDefinition(input.metric);
  const dimension = parseDimension(input.dimension ?? 'CATALOG');
  const key = dimension === 'CATALOG' ? '' : (input.key ?? '').trim();
  if (dimension !== 'CATALOG' && key === '')
    throw new InvalidInputError('INVALID_TARGET', `a target by ${dimension} needs the group's key`);
  if (def.catalogOnly && dimension !== 'CATALOG')
    throw new InvalidInputError('INVALID_TARGET', `${def.name} is kept for the whole catalog only`);
  const comparison = input.comparison ?? 'AT_LEAST';
  if (comparison !== 'AT_LEAST' && comparison !== 'AT_MOST')
    throw new InvalidInputError(
      'INVALID_TARGET',
      `comparison must be AT_LEAST or AT_MOST, not ${JSON.stringify(comparison)}`,
    );
  if (!Number.isFinite(input.value) || (def.unit === 'share' && (input.value < 0 || input.value > 1)))
    throw new InvalidInputError(
      'INVALID_TARGET',
      def.unit === 'share'
        ? `${def.name} is a share: its target must be from 0 to 1`
        : 'the target must be a number',
    );
  return {
    id: targetId(def.name, dimension, key),
    metric: def.name,
    dimension,
    key,
    comparison,
    value: input.value,
    setBy,
    updatedAt: at,
  };
}

export function meets(target: Pick<MetricTargetRow, 'comparison' | 'value'>, value: number): boolean {
  return target.comparison === 'AT_LEAST' ? value >= target.value : value <= target.value;
}

/** The targets the points miss, with the value that missed (a target with no point is not judged). */
export function missedTargets(
  targets: readonly MetricTargetRow[],
  points: readonly MetricPointValue[],
): { target: MetricTargetRow; value: number }[] {
  const byScope = new Map(points.map((p) => [targetId(p.metric, p.dimension, p.key), p.value]));
  const out: { target: MetricTargetRow; value: number }[] = [];
  for (const t of targets) {
    const value = byScope.get(t.id);
    if (value !== undefined && !meets(t, value)) out.push({ target: t, value });
  }
  return out;
}
