import {
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { lruCaches, type BoundedCache, type CacheFactory } from '../cache/bounded-cache.js';
import { parseLimited, queryLimitsRule, type QueryLimits } from './query-limits.js';

/**
 * Parsed and validated GraphQL documents by query text. Servers that answer the same few operations over and
 * over (the gateway's subgraph fetches, the hub's GraphQL route) would otherwise parse and validate each one
 * again, a large share of a small request. Bounded: beyond `maxDocuments` distinct texts the least recently
 * used is dropped, so arbitrary client queries cannot grow it without end. Invalid documents are not kept.
 * With `limits` (for documents from clients), parsing and validation apply the query limits.
 */
export class PreparedDocuments {
  private readonly documents: BoundedCache<string, DocumentNode>;
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    maxDocuments = 500,
    private readonly limits?: QueryLimits,
    caches: CacheFactory = lruCaches,
  ) {
    this.documents = caches('prepared-documents', { max: maxDocuments });
    this.rules = limits ? [...specifiedRules, queryLimitsRule(limits)] : specifiedRules;
  }

  /** The document for this query text, or the syntax or validation errors that refuse it. */
  prepare(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const known = this.documents.get(query);
    if (known) return { document: known };
    let document: DocumentNode;
    try {
      document = this.limits ? parseLimited(query, this.limits) : parse(query);
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return { errors };
    this.documents.set(query, document);
    return { document };
  }
}
