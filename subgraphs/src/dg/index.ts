import type { GraphQLSchema } from 'graphql';
import { catalogSummary } from '@dataspoke/domain/features/catalog-summary';
import { documentationCoverage } from '@dataspoke/domain/features/documentation';
import type { SubgraphContext } from '../context.js';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';

/** The dg subgraph: Dataset.documentationCoverage and Query.catalogSummary. */
const resolvers = {
  Query: {
    catalogSummary: (_: unknown, _args: unknown, ctx: SubgraphContext) =>
      featureCall(() => catalogSummary(ctx.hub)),
  },
  Dataset: {
    __resolveReference: (ref: { urn: string }) => ({ urn: ref.urn }),
    documentationCoverage: async (parent: { urn: string }, _args: unknown, ctx: SubgraphContext) => {
      const dataset = await ctx.loaders.datasets.load(parent.urn);
      return dataset && documentationCoverage(dataset);
    },
  },
};

export function buildDgSubgraph(): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('dg'), resolvers);
}
