import { METRICS, type MetricDimension as Dimension } from '@dataspoke/domain/dg/metrics/metric-catalog';
import type { MetricTarget as StoredTarget } from '@dataspoke/domain/dg/metrics/metrics-repository';
import { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import type { Store } from '@dataspoke/platform/store/db';
import { featureCall } from '../errors.js';
import type { MetricDimension, Resolvers, TargetDirection } from './generated/resolvers.js';

/** What the metrics fields need: the operational store (the hub comes with each request's context). */
export interface DgMetricsServices {
  store?: Store;
}

const dimensionIn = (d: MetricDimension | null | undefined): Dimension =>
  (d ?? 'CATALOG').toLowerCase() as Dimension;
const dimensionOut = (d: string): MetricDimension => d.toUpperCase() as MetricDimension;

function targetOut(t: StoredTarget) {
  return {
    metric: t.metric,
    groupBy: dimensionOut(t.dimension),
    group: t.groupKey,
    direction: t.direction.toUpperCase() as TargetDirection,
    value: t.value,
    setBy: t.setBy,
    updatedAt: t.updatedAt,
  };
}

/** Query.metrics, Query.metricTargets, Query.metricDefinitions and the target mutations. */
export function metricsResolvers(services: DgMetricsServices): Resolvers {
  const service = (hub: ConstructorParameters<typeof MetricsService>[0]['hub']) => {
    if (!services.store) throw new Error('the metrics need the operational store, absent in this process');
    return new MetricsService({ store: services.store, hub });
  };
  return {
    Query: {
      metrics: (_parent, args, ctx) =>
        featureCall(async () =>
          (
            await service(ctx.hub).series({
              names: args.names,
              from: args.from,
              to: args.to,
              groupBy: dimensionIn(args.groupBy),
              groupKeys: args.groups,
            })
          ).map((s) => ({
            metric: s.metric,
            groupBy: dimensionOut(s.dimension),
            group: s.groupKey,
            points: s.points,
          })),
        ),
      metricTargets: (_parent, _args, ctx) =>
        featureCall(async () => (await service(ctx.hub).targets()).map(targetOut)),
      metricDefinitions: () => METRICS.map((m) => ({ ...m, kind: m.kind.toUpperCase() })),
    },
    Mutation: {
      setMetricTarget: (_parent, { input }, ctx) =>
        featureCall(async () =>
          targetOut(
            await service(ctx.hub).setTarget({
              metric: input.metric,
              dimension: dimensionIn(input.groupBy),
              groupKey: input.group,
              direction: input.direction.toLowerCase() as StoredTarget['direction'],
              value: input.value,
              setBy: ctx.identity?.subject ?? 'unknown',
            }),
          ),
        ),
      deleteMetricTarget: (_parent, args, ctx) =>
        featureCall(() =>
          service(ctx.hub).deleteTarget({
            metric: args.metric,
            dimension: dimensionIn(args.groupBy),
            groupKey: args.group,
          }),
        ),
    },
  };
}
