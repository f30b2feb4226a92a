import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

/**
 * Parsed and validated GraphQL documents by query text. Servers that answer the same few operations over and
 * over (the hub port's reads, the gateway's subgraph fetches) would otherwise parse and validate each one
 * again, a large share of a small request. Bounded: beyond `maxDocuments` distinct texts the oldest is
 * dropped, so arbitrary client queries cannot grow it without end. Invalid documents are not kept.
 */
export class PreparedDocuments {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxDocuments = 500,
  ) {}

  /** The document for this query text, or the syntax or validation errors that refuse it. */
  prepare(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const known = this.documents.get(query);
    if (known) return { document: known };
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const errors = validate(this.schema, document);
    if (errors.length > 0) return { errors };
    if (this.documents.size >= this.maxDocuments) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, document);
    return { document };
  }
}
