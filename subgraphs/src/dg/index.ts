import type { GraphQLSchema } from 'graphql';
import { catalogSummary } from '@dataspoke/domain/dg/catalog-summary';
import { documentationCoverage } from '@dataspoke/domain/dg/documentation';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import type { Resolvers } from './generated/resolvers.js';
import { overviewResolvers, type DgServices } from './overview.js';
import { metricsResolvers, type DgMetricsServices } from './metrics.js';

export type { DgServices } from './overview.js';
export type { DgMetricsServices } from './metrics.js';

/**
 * The dg subgraph: Dataset.documentationCoverage, Query.catalogSummary (by the overview's inferred layers when
 * the overview feature is there), the overview (Query.overview, Dataset.layer), and the metrics over time
 * (Query.metrics, metricTargets, the target mutations).
 */
const resolvers = (services: DgServices & DgMetricsServices): Resolvers => {
  const overview = overviewResolvers(services);
  const metrics = metricsResolvers(services);
  return {
    ...overview,
    Mutation: metrics.Mutation,
    Query: {
      ...overview.Query,
      ...metrics.Query,
      catalogSummary: (_parent, _args, ctx) =>
        featureCall(async () => catalogSummary(ctx.hub, await services.overview?.layers())),
    },
    Dataset: {
      ...overview.Dataset,
      __resolveReference: (ref) => ({ urn: ref.urn }),
      documentationCoverage: async (parent, _args, ctx) => {
        const dataset = await ctx.loaders.datasets.load(parent.urn);
        return dataset && documentationCoverage(dataset);
      },
    },
  };
};

export function buildDgSubgraph(services: DgServices & DgMetricsServices = {}): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('dg'), resolvers(services), 'dg');
}
