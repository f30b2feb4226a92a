import type { GraphQLSchema } from 'graphql';
import { freshnessOf } from '@dataspoke/domain/de/freshness';
import type { SubgraphContext } from '../context.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import { validationResolvers, type ValidationServices } from '../validation.js';

/**
 * The de subgraph: Dataset.freshness from the operation history, through the request's loaders; the validator
 * (Mutation.validateDataset, Query.validationHistory, Query.latestValidations).
 */
const resolvers = (services: ValidationServices) => ({
  Query: {
    validationHistory: validationResolvers(services).validationHistory,
    latestValidations: validationResolvers(services).latestValidations,
  },
  Mutation: { validateDataset: validationResolvers(services).validateDataset },
  Dataset: {
    __resolveReference: (ref: { urn: string }) => ({ urn: ref.urn }),
    freshness: async (parent: { urn: string }, _args: unknown, ctx: SubgraphContext) => {
      const f = freshnessOf(await ctx.loaders.operations.load(parent.urn), ctx.now);
      return { ...f, cadence: f.cadence && { ...f.cadence, label: f.cadence.label.toUpperCase() } };
    },
  },
});

export function buildDeSubgraph(services: ValidationServices = {}): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('de'), resolvers(services), 'de');
}
