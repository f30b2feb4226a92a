import type { GraphQLSchema } from 'graphql';
import { catalogSummary } from '@dataspoke/domain/dg/catalog-summary';
import { documentationCoverage } from '@dataspoke/domain/dg/documentation';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import type { Resolvers } from './generated/resolvers.js';
import { metricsResolvers, type DgMetricsServices } from './metrics.js';
import { overviewResolvers, type DgOverviewServices } from './overview.js';

/** What the dg subgraph's features need, made by the composition root. */
export type DgServices = DgOverviewServices & DgMetricsServices;

/**
 * The dg subgraph: Dataset.documentationCoverage, Query.catalogSummary (by the overview's inferred layers when
 * the overview feature is there), the overview (Query.overview, Dataset.layer) and the metrics over time.
 */
const resolvers = (services: DgServices): Resolvers => {
  const overview = overviewResolvers(services);
  const metrics = metricsResolvers(services);
  return {
    ...overview,
    Query: {
      ...overview.Query,
      ...metrics.Query,
      catalogSummary: (_parent, _args, ctx) =>
        featureCall(async () => catalogSummary(ctx.hub, await services.overview?.layers())),
    },
    Mutation: metrics.Mutation,
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

export function buildDgSubgraph(services: DgServices = {}): GraphQLSchema {
  // Search's users report the clicks on its results.
  return buildSubgraph(subgraphTypeDefs('dg'), resolvers(services), 'dg', {
    'Mutation.recordSearchClick': ['da', 'de'],
  });
}
