import type { GraphQLSchema } from 'graphql';
import { catalogSummary } from '@dataspoke/domain/dg/catalog-summary';
import { documentationCoverage } from '@dataspoke/domain/dg/documentation';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import type { Resolvers } from './generated/resolvers.js';

/** The dg subgraph: Dataset.documentationCoverage and Query.catalogSummary. */
const resolvers: Resolvers = {
  Query: {
    catalogSummary: (_parent, _args, ctx) => featureCall(() => catalogSummary(ctx.hub)),
  },
  Dataset: {
    __resolveReference: (ref) => ({ urn: ref.urn }),
    documentationCoverage: async (parent, _args, ctx) => {
      const dataset = await ctx.loaders.datasets.load(parent.urn);
      return dataset && documentationCoverage(dataset);
    },
  },
};

export function buildDgSubgraph(): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('dg'), resolvers, 'dg');
}
