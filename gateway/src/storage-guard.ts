import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Kind, OperationTypeNode, parse, type OperationDefinitionNode } from 'graphql';
import type { StoreSpace } from '@dataspoke/platform/store/store-space';
import { errorBody } from './http-errors.js';

const GRAPHQL_PATHS = new Set(['/graphql', '/gms/api/graphql']);
/** POSTs that only read: GMS's timeseries query, and the DA and DG validations (dry runs by design). */
const READ_POSTS = [
  /^\/gms\/aspects\?(.*&)?action=getTimeseriesAspectValues\b/,
  /^\/api\/v1\/spoke\/(da|dg)\//,
];

/** Whether a GraphQL request runs a mutation (the operation it names, or its only one). */
function isMutation(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    const ops = parse(query).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const op = typeof operationName === 'string' ? ops.find((o) => o.name?.value === operationName) : ops[0];
    return op?.operation === OperationTypeNode.MUTATION;
  } catch {
    // Not GraphQL: the endpoint answers it with its own error.
    return false;
  }
}

/** Whether a request writes to the store. */
export function isWriteRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (GRAPHQL_PATHS.has(path)) return request.method === 'POST' && isMutation(request.body);
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  return !READ_POSTS.some((r) => r.test(request.url));
}

/**
 * Refuses writes with 507 INSUFFICIENT_STORAGE while the store's volume is below its reserve (or a write
 * failed for lack of space), before they reach the store; reads are served as usual.
 */
export function installStorageGuard(app: FastifyInstance, space: StoreSpace): void {
  // A write that ran out of space although the reserve looked free turns later writes away as well.
  app.addHook('onError', async (_request, _reply, error) => {
    space.noteWriteFailure(error);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!isWriteRequest(request)) return;
    const state = space.state();
    if (state.writable) return;
    const reason = state.reason ?? 'the store is not writable';
    const path = request.url.split('?')[0]!;
    if (GRAPHQL_PATHS.has(path))
      return reply.status(507).send({
        errors: [{ message: reason, extensions: { code: 'INSUFFICIENT_STORAGE' } }],
      });
    return reply.status(507).send({ ...errorBody('INSUFFICIENT_STORAGE', reason, request.id), status: 507 });
  });
}
