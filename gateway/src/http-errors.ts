import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDiskFullError } from '@dataspoke/platform/store/store-space';

/** The one error body every HTTP route answers with: a stable code, a reason, and a trace id for the logs. */
export interface ErrorBody {
  error_code: string;
  message: string;
  trace_id: string;
}

export function errorBody(code: string, message: string, traceId: string = randomUUID()): ErrorBody {
  return { error_code: code, message, trace_id: traceId };
}

/**
 * Fastify's errors raised before routing (a URL whose percent-encoding is not UTF-8, a header too long to
 * parse), which setErrorHandler does not see: the same ErrorBody, 400 BAD_URL with the reason.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = error.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : 'BAD_REQUEST';
  void reply.status(status).send(errorBody(code, error.message, request.id));
}

/** Maps fastify's own errors (body too large, bad JSON, unsupported media type) and unknown routes to ErrorBody. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    // Out of space (refused, or a write that hit ENOSPC anyway): the client's to retry later, not a bug.
    if (isDiskFullError(error)) {
      return reply
        .status(507)
        .send(errorBody('INSUFFICIENT_STORAGE', `the store is out of space: ${error.message}`, request.id));
    }
    if (status >= 500) {
      // The client gets request.id as its trace_id; the same id here finds the cause.
      request.log.error({ trace_id: request.id, err: error }, `request failed: ${error.message}`);
      return reply
        .status(status)
        .send(
          errorBody('INTERNAL_ERROR', 'The server failed to handle the request; see its log.', request.id),
        );
    }
    const code =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'PAYLOAD_TOO_LARGE'
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : error.validation || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError
            ? 'BAD_REQUEST'
            : (error.code ?? 'BAD_REQUEST');
    return reply.status(status).send(errorBody(code, error.message, request.id));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        errorBody('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`, request.id),
      ),
  );
}
