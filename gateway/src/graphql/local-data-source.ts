import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { execute, type GraphQLSchema } from 'graphql';
import { PreparedDocuments } from '@dataspoke/platform/graphql/prepared-documents';

/**
 * An in-process subgraph, as Apollo's LocalGraphQLDataSource, but the subgraph operations the query planner
 * sends (the same few texts for every page of one shape) are parsed and validated once, not on every fetch.
 */
export class PreparedLocalDataSource implements GraphQLDataSource {
  private readonly documents: PreparedDocuments;

  constructor(private readonly schema: GraphQLSchema) {
    this.documents = new PreparedDocuments(schema);
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions) {
    const prepared = this.documents.prepare(request.query ?? '');
    if ('errors' in prepared) return { errors: prepared.errors };
    return execute({
      schema: this.schema,
      document: prepared.document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    });
  }
}
