import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  buildSchema,
  execute,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import { PreparedDocuments } from '@dataspoke/platform/graphql/prepared-documents';
import {
  DEFAULT_QUERY_LIMITS,
  queryLimitCode,
  type QueryLimits,
} from '@dataspoke/platform/graphql/query-limits';
import type { Store } from '@dataspoke/platform/store/db';
import type { HubAuthorizer } from '../access.js';
import type { EmbeddedHub } from '../embedded-hub.js';
import { hubError } from './errors.js';
import { refusedGraphqlInput } from './input-checks.js';
import { createContext, resolvers, type HubGraphqlContext, type ResolverMap } from './resolvers.js';

/**
 * The embedded hub's GraphQL endpoint: DataHub's schema subset (schema.graphql beside this file, built with
 * graphql-js `buildSchema`) with resolvers attached to its fields. Answers like DataHub GMS's /api/graphql.
 */

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface HubGraphql {
  schema: GraphQLSchema;
  execute(request: GraphqlRequest): Promise<ExecutionResult>;
}

function schemaSource(): string {
  // Beside the module in the sources; the build (dist/) reads the committed file from src/.
  const candidates = [
    new URL('./schema.graphql', import.meta.url),
    new URL('../../src/graphql/schema.graphql', import.meta.url),
  ];
  for (const candidate of candidates) {
    const file = fileURLToPath(candidate);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('schema.graphql not found beside the hub GraphQL module');
}

/** Attaches resolvers to a schema built from SDL; an unknown type or field is a programming error. */
export function attachResolvers(schema: GraphQLSchema, map: ResolverMap): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(map)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`resolver for unknown type ${typeName}`);
    if (isInterfaceType(type) || isUnionType(type)) {
      const resolveType = (fields as { __resolveType?: unknown }).__resolveType;
      if (typeof resolveType !== 'function') throw new Error(`${typeName} needs __resolveType`);
      type.resolveType = resolveType as GraphQLTypeResolver<unknown, unknown>;
      continue;
    }
    if (!isObjectType(type)) throw new Error(`resolvers for non-object type ${typeName}`);
    const typeFields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = typeFields[fieldName];
      // Shared entity resolvers are spread into every entity type; each type keeps the ones it declares.
      if (!field) continue;
      field.resolve = resolve as unknown as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

let cachedSchema: GraphQLSchema | undefined;

export function hubGraphqlSchema(): GraphQLSchema {
  cachedSchema ??= attachResolvers(buildSchema(schemaSource()), resolvers);
  return cachedSchema;
}

function shapeError(error: GraphQLError): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  // Anything unexpected is reported as DataHub reports a server error, without leaking internals.
  const original = error.originalError;
  const internal = original !== undefined && !(original instanceof GraphQLError);
  return new GraphQLError(internal ? 'An unknown error occurred.' : error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: original,
    extensions: internal
      ? hubError('SERVER_ERROR', '').extensions
      : { code: 400, type: 'BAD_REQUEST', classification: 'ValidationError' },
  });
}

/**
 * `limits` apply to queries from clients (the route below passes HUB_QUERY_LIMITS; tests may run without
 * them). DataSpoke's embedded hub port does not come through here: it reads the hub directly. Like DataHub's own complexity limit, the hub measures a query from its
 * text: a list size given through a variable counts as the default size, and the resolvers cap `count` at
 * 10,000 whatever is asked.
 */
/** The hub's budget: DataHub clients batch many urns in one `entities` call, so it allows more cost. */
export const HUB_QUERY_LIMITS: QueryLimits = { ...DEFAULT_QUERY_LIMITS, maxCost: 200_000 };

export function createHubGraphql(hub: EmbeddedHub, store: Store, limits?: QueryLimits): HubGraphql {
  const schema = hubGraphqlSchema();
  const documents = new PreparedDocuments(schema, 200, limits);
  return {
    schema,
    async execute(request: GraphqlRequest): Promise<ExecutionResult> {
      if (typeof request.query !== 'string' || request.query.trim() === '') {
        return { errors: [hubError('BAD_REQUEST', 'A GraphQL request needs a query string')] };
      }
      const prepared = documents.prepare(request.query);
      if ('errors' in prepared) return { errors: prepared.errors.map(shapeError) };
      const { document } = prepared;
      const refused = refusedGraphqlInput(document, request.variables);
      if (refused) return { errors: [refused] };
      const contextValue: HubGraphqlContext = createContext(hub, store);
      const result = await execute({
        schema,
        document,
        contextValue,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
      });
      return result.errors ? { ...result, errors: result.errors.map(shapeError) } : result;
    },
  };
}

export interface HubGraphqlRouteOptions {
  hub: EmbeddedHub;
  store: Store;
  limits?: QueryLimits;
  /** Route path; DataHub GMS serves it at /api/graphql (the caller mounts this under /gms). */
  path?: string;
  /** Decides whether a request may read the hub (the hub's GraphQL has no mutations): 403 when not. */
  authorize: HubAuthorizer;
}

/** Serves POST /api/graphql (and GET with ?query=) the way GMS does. */
export function registerHubGraphqlRoute(app: FastifyInstance, options: HubGraphqlRouteOptions): void {
  const graphql = createHubGraphql(options.hub, options.store, options.limits ?? HUB_QUERY_LIMITS);
  const path = options.path ?? '/api/graphql';
  // The hub's GraphQL has queries only, so every operation is a read.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = options.authorize(request, 'read');
    if (refusal) await reply.code(403).send({ data: null, errors: [hubError('UNAUTHORIZED', refusal)] });
  };
  const handle = async (request: GraphqlRequest, reply: FastifyReply) => {
    const result = await graphql.execute(request);
    // Like GMS: 200 with an errors array for query errors; data stays null when nothing could run.
    if (result.data !== undefined) return result;
    // A query over the limits is refused as a bad request, so clients and proxies see it was not run.
    if (result.errors?.some((e) => queryLimitCode(e) !== undefined)) reply.code(400);
    return { data: null, errors: result.errors };
  };
  app.post(path, { preHandler }, async (req, reply) => {
    const body = (req.body ?? {}) as Partial<GraphqlRequest>;
    if (typeof body !== 'object' || Array.isArray(body)) {
      return reply.code(400).send({ errors: [{ message: 'Request body must be a JSON object' }] });
    }
    let variables = body.variables;
    if (typeof variables === 'string') {
      try {
        variables = JSON.parse(variables) as Record<string, unknown>;
      } catch {
        return reply.code(400).send({ errors: [{ message: 'variables is not valid JSON' }] });
      }
    }
    return handle({ query: body.query as string, variables, operationName: body.operationName }, reply);
  });
  app.get(path, { preHandler }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    let variables: Record<string, unknown> | undefined;
    if (q.variables) {
      try {
        variables = JSON.parse(q.variables) as Record<string, unknown>;
      } catch {
        return reply.code(400).send({ errors: [{ message: 'variables is not valid JSON' }] });
      }
    }
    return handle({ query: q.query ?? '', variables, operationName: q.operationName }, reply);
  });
}
