import type { GraphQLSchema } from 'graphql';
import { freshnessOf } from '@dataspoke/domain/de/freshness';
import { upper } from '../enum-case.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import { validatorResolvers, type ValidationServices } from '../validation.js';
import type { Resolvers } from './generated/resolvers.js';

/**
 * The de subgraph: Dataset.freshness from the operation history, through the request's loaders; the validator
 * (Mutation.validateDataset, Query.validationHistory, Query.latestValidations).
 */
const resolvers = (services: ValidationServices): Resolvers => ({
  ...validatorResolvers(services),
  Dataset: {
    __resolveReference: (ref) => ({ urn: ref.urn }),
    freshness: async (parent, _args, ctx) => {
      const f = freshnessOf(await ctx.loaders.operations.load(parent.urn), ctx.now);
      return { ...f, cadence: f.cadence && { ...f.cadence, label: upper(f.cadence.label) } };
    },
  },
});

export function buildDeSubgraph(services: ValidationServices = {}): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('de'), resolvers(services), 'de');
}
