import type { GraphQLSchema } from 'graphql';
import { searchDatasets, type DatasetSearchInput } from '@dataspoke/domain/da/dataset-search';
import type { SubgraphContext } from '../context.js';
import { featureCall } from '../errors.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import { validationResolvers, type ValidationServices } from '../validation.js';
import { datasetSqlContext, searchQueryResolvers } from './search.js';

/** The da subgraph: Query.searchDatasets over the hub's keyword search; datasets resolve in datahub. */
const resolvers = (services: ValidationServices) => ({
  Query: {
    searchDatasets: async (_: unknown, args: DatasetSearchInput, ctx: SubgraphContext) => {
      const page = await featureCall(() => searchDatasets(ctx.hub, args));
      return {
        ...page,
        results: page.results.map((r) => ({ dataset: { urn: r.urn }, matchedFields: r.matchedFields })),
      };
    },
    ...searchQueryResolvers,
  },
  Dataset: {
    __resolveReference: (ref: { urn: string }) => ({ urn: ref.urn }),
    validation: validationResolvers(services).datasetValidation,
    sqlContext: datasetSqlContext,
  },
});

export function buildDaSubgraph(services: ValidationServices = {}): GraphQLSchema {
  return buildSubgraph(subgraphTypeDefs('da'), resolvers(services), 'da');
}
