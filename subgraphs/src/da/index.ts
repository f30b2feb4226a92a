import type { GraphQLSchema } from 'graphql';
import { searchDatasets } from '@dataspoke/domain/da/dataset-search';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import { datasetValidation, type ValidationServices } from '../validation.js';
import type { Resolvers } from './generated/resolvers.js';
import { datasetSqlContext, searchQueryResolvers } from './search.js';

/** The da subgraph: Query.searchDatasets over the hub's keyword search; datasets resolve in datahub. */
const resolvers = (services: ValidationServices): Resolvers => ({
  Query: {
    searchDatasets: async (_parent, args, ctx) => {
      const page = await featureCall(() => searchDatasets(ctx.hub, args));
      return {
        ...page,
        results: page.results.map((r) => ({ dataset: { urn: r.urn }, matchedFields: r.matchedFields })),
      };
    },
    ...searchQueryResolvers,
  },
  Dataset: {
    __resolveReference: (ref) => ({ urn: ref.urn }),
    validation: datasetValidation(services),
    sqlContext: datasetSqlContext,
  },
});

export function buildDaSubgraph(services: ValidationServices = {}): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('da'), resolvers(services), 'da');
}
