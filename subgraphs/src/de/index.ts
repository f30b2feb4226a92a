import type { GraphQLSchema } from 'graphql';
import { freshnessOf } from '@dataspoke/domain/features/freshness';
import type { SubgraphContext } from '../context.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';

/** The de subgraph: Dataset.freshness from the operation history, through the request's loaders. */
const resolvers = {
  Dataset: {
    __resolveReference: (ref: { urn: string }) => ({ urn: ref.urn }),
    freshness: async (parent: { urn: string }, _args: unknown, ctx: SubgraphContext) => {
      const f = freshnessOf(await ctx.loaders.operations.load(parent.urn), ctx.now);
      return { ...f, cadence: f.cadence && { ...f.cadence, label: f.cadence.label.toUpperCase() } };
    },
  },
};

export function buildDeSubgraph(): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('de'), resolvers);
}
