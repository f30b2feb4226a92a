import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Kind,
  parse,
  type DocumentNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';
import { AuthError, requireGroup } from '@dataspoke/domain/auth/identity';
import { unusableTextInValue } from '@dataspoke/subgraphs/input-text';
import type { FederatedGraphql } from '../graphql/gateway.js';
import { errorBody } from '../http-errors.js';
import { NotFound, RestInputError, type Query } from './params.js';
import { REST_ROUTES, type RestRoute } from './routes.js';

/**
 * The REST facade under /api/v1/spoke/{de,da,dg}: each route checks its group and its parameters, then
 * executes its named operation through the same Apollo gateway /graphql serves, and reshapes the data.
 */

/** operations.graphql beside this module, in the sources or (for dist/) in src/. */
function readOperations(): string {
  for (const candidate of ['./operations.graphql', '../../src/rest/operations.graphql']) {
    try {
      return readFileSync(fileURLToPath(new URL(candidate, import.meta.url)), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('gateway/src/rest/operations.graphql not found');
}

export function loadRestOperations(): { source: string; document: DocumentNode; names: Set<string> } {
  const source = readOperations();
  const document = parse(source);
  const names = new Set(
    document.definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value ?? ''),
  );
  return { source, document, names };
}

function extension(error: GraphQLFormattedError, name: string): string {
  const value = error.extensions?.[name];
  return typeof value === 'string' ? value : '';
}

/** The HTTP status of a GraphQL error the operation answered with. */
function statusOf(error: GraphQLFormattedError): number {
  const code = extension(error, 'code');
  const category = extension(error, 'category');
  if (code === 'UNAUTHENTICATED') return 401;
  if (code === 'FORBIDDEN') return 403;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code === 'SUGGESTION_DECIDED') return 409;
  if (code === 'DATAHUB_UNAVAILABLE' || code.endsWith('_UNAVAILABLE')) return 503;
  if (code === 'DATAHUB_ERROR') return 502;
  if (category === 'BAD_USER_INPUT' || code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')
    return 400;
  return 500;
}

/**
 * Answers an error. A 5xx's log line names its cause under the trace_id the client receives: the masked
 * GraphQL error's own trace_id when there is one (its cause is logged under it too), else the request id.
 */
function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  message: string,
  cause?: GraphQLFormattedError,
) {
  const traced = cause?.extensions?.trace_id;
  const traceId = typeof traced === 'string' ? traced : request.id;
  if (status >= 500) {
    request.log.error(
      { trace_id: traceId, code, cause: cause ?? message, route: request.routeOptions.url },
      `REST operation failed: ${cause?.message ?? message}`,
    );
  }
  return reply.status(status).send(errorBody(code, message, traceId));
}

/** Path and query parameters with text no store can hold (NUL, a lone surrogate), refused by name. */
function unusableParameter(request: FastifyRequest): string | null {
  const sources = [
    ['path parameter', request.params],
    ['query parameter', request.query],
  ] as const;
  for (const [kind, values] of sources) {
    for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
      const found = unusableTextInValue(value, `${kind} ${name}`);
      if (found) return `${found[0]} ${found[1]}; remove it`;
    }
  }
  return null;
}

/** Whether the Accept header prefers CSV (text/csv named before application/json, or alone). */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

export function registerRestFacade(app: FastifyInstance, graphql: FederatedGraphql): void {
  const { source, names } = loadRestOperations();
  for (const route of REST_ROUTES) {
    if (!names.has(route.operation))
      throw new Error(`REST route ${route.path} names unknown operation ${route.operation}`);
  }
  for (const route of REST_ROUTES) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => handle(route, request, reply),
    });
  }

  async function handle(route: RestRoute<unknown>, request: FastifyRequest, reply: FastifyReply) {
    const started = Date.now();
    try {
      requireGroup(request.identity, route.group, `${route.method} ${route.path}`);
    } catch (error) {
      if (error instanceof AuthError) {
        return send(reply, request, error.code === 'FORBIDDEN' ? 403 : 401, error.code, error.message);
      }
      throw error;
    }
    const unusable = unusableParameter(request);
    if (unusable) return send(reply, request, 400, 'INVALID_PARAMETER', unusable);
    let variables: Record<string, unknown>;
    try {
      variables = route.variables({
        params: request.params as Record<string, string | undefined>,
        query: request.query as Query,
        body: request.body,
      });
    } catch (error) {
      if (error instanceof RestInputError) return send(reply, request, 400, error.code, error.message);
      throw error;
    }
    const response = await graphql.server.executeOperation(
      { query: source, operationName: route.operation, variables },
      { contextValue: graphql.context(request.identity) },
    );
    if (response.body.kind !== 'single') {
      return send(reply, request, 500, 'INTERNAL_ERROR', 'the operation answered incrementally');
    }
    const { data, errors } = response.body.singleResult;
    if (errors && errors.length > 0) {
      // The most caller-facing error decides (the lowest status): what the caller has to fix comes first.
      const first = errors.reduce((a, b) => (statusOf(b) < statusOf(a) ? b : a));
      const status = statusOf(first);
      return send(
        reply,
        request,
        status,
        status === 500 ? 'INTERNAL_ERROR' : extension(first, 'code') || 'BAD_REQUEST',
        status === 500 ? 'The server failed to handle the request; see its log.' : first.message,
        first,
      );
    }
    const body = route.respond(data ?? {}, variables);
    if (body instanceof NotFound) return send(reply, request, 404, body.code, body.message);
    const result = body as Record<string, unknown>;
    // Collections carry the time of the answer beside their paging, as the conventions ask.
    if ('total_count' in result) result.resp_time = new Date().toISOString();
    reply.header('server-timing', `gateway;dur=${Date.now() - started}`);
    if (route.csv && wantsCsv(request.headers.accept))
      return reply.type('text/csv; charset=utf-8').send(route.csv(result));
    return result;
  }
}
