import { METRICS } from '@dataspoke/domain/dg/metrics/metric-catalog';
import type { MetricsService } from '@dataspoke/domain/dg/metrics/metrics-service';
import { featureCall } from '../errors.js';
import type { Resolvers } from './generated/resolvers.js';

/** What the dg subgraph's metrics fields need: the metrics feature, made by the composition root. */
export interface DgMetricsServices {
  metrics?: MetricsService | null;
}

function unavailable(): never {
  throw new Error('the metrics feature is not configured in this process');
}

/** Query.metrics, metricDefinitions, metricTargets and the target and search-click mutations. */
export function metricsResolvers(services: DgMetricsServices): Resolvers {
  const service = () => services.metrics ?? unavailable();
  return {
    Query: {
      metrics: (_parent, args) =>
        featureCall(() =>
          service().series({
            names: args.names,
            from: args.from,
            to: args.to,
            groupBy: args.groupBy ?? null,
            keys: args.filter?.keys ?? null,
          }),
        ),
      metricDefinitions: () => [...METRICS],
      metricTargets: () => featureCall(() => service().targets()),
    },
    Mutation: {
      setMetricTarget: (_parent, args, ctx) =>
        featureCall(() =>
          service().setTarget(
            {
              metric: args.input.metric,
              dimension: args.input.dimension ?? null,
              key: args.input.key ?? null,
              comparison: args.input.comparison ?? null,
              value: args.input.value,
            },
            ctx.identity?.subject ?? 'anonymous',
          ),
        ),
      deleteMetricTarget: (_parent, args) =>
        featureCall(async () => {
          await service().deleteTarget(args.id);
          return true;
        }),
      recordSearchClick: (_parent, args) => featureCall(() => service().resultClicked(args.question)),
    },
  };
}
