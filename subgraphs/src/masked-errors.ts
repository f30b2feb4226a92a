import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AuthError } from '@dataspoke/domain/auth/identity';
import { InvalidInputError } from '@dataspoke/domain/shared/errors';
import { HubPortError } from '@dataspoke/domain/ports/hub-port';
import { InvalidUrnError } from '@dataspoke/hub/urn';
import { InsufficientStorageError } from '@dataspoke/platform/store/store-space';

/**
 * Every GraphQL endpoint DataSpoke serves answers unexpected failures (a store query that failed, a bug)
 * with a trace id instead of their message, which may hold SQL, parameters or paths; the log line with that
 * trace id carries the real cause. Errors DataSpoke raises on purpose keep their message and code.
 */

/** Where masked causes are written: fastify's (pino) logger, or anything with the same `error` method. */
export interface ErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger for servers started without one: one JSON line per cause on stderr. */
export const STDERR_ERROR_LOG: ErrorLog = {
  error(fields, message) {
    const err = fields.err instanceof Error ? describeCause(fields.err) : fields.err;
    process.stderr.write(`${JSON.stringify({ level: 'error', ...fields, err, msg: message })}\n`);
  },
};

function describeCause(error: Error): Record<string, unknown> {
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(cause instanceof Error && { cause: describeCause(cause) }),
  };
}

/** Errors whose message is written for the caller. */
const INTENDED = [AuthError, InvalidInputError, HubPortError, InvalidUrnError, InsufficientStorageError];

/**
 * The cause to hide, or null when the error was raised on purpose: a GraphQLError all the way down (bad
 * input, validation, limits, refused identity), one of the domain's own error classes, or an error a served
 * subgraph already answered with (a plain object, masked there).
 */
export function unexpectedCause(error: unknown): Error | null {
  let cause: unknown = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  if (cause instanceof GraphQLError || !(cause instanceof Error)) return null;
  return INTENDED.some((type) => cause instanceof type) ? null : cause;
}

export interface ErrorMasking {
  /** Logs each unexpected cause once, with its trace id and the operation it failed in. */
  plugin: ApolloServerPlugin<object>;
  /** Apollo's formatError: an unexpected cause becomes INTERNAL_SERVER_ERROR with its trace id. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export function errorMasking(log: ErrorLog = STDERR_ERROR_LOG): ErrorMasking {
  // Apollo logs in didEncounterErrors (which knows the operation) and formats afterwards (which does not).
  const traced = new WeakMap<object, string>();
  const record = (error: unknown, cause: Error, operation: string | null): string => {
    const traceId = randomUUID();
    if (typeof error === 'object' && error !== null) traced.set(error, traceId);
    const path = error instanceof GraphQLError ? error.path : undefined;
    log.error(
      { trace_id: traceId, operation, path, err: cause },
      `GraphQL operation failed: ${cause.message}`,
    );
    return traceId;
  };
  return {
    plugin: {
      requestDidStart() {
        return Promise.resolve({
          didEncounterErrors({ errors, operationName, request }) {
            for (const error of errors) {
              const cause = unexpectedCause(error);
              if (cause && !traced.has(error))
                record(error, cause, operationName ?? request.operationName ?? null);
            }
            return Promise.resolve();
          },
        });
      },
    },
    formatError(formatted, error) {
      const cause = unexpectedCause(error);
      if (!cause) return formatted;
      const traceId =
        (typeof error === 'object' && error !== null && traced.get(error)) || record(error, cause, null);
      return {
        message: `Internal error; see the server log (trace_id ${traceId})`,
        ...(formatted.locations && { locations: formatted.locations }),
        ...(formatted.path && { path: formatted.path }),
        extensions: { code: 'INTERNAL_SERVER_ERROR', trace_id: traceId },
      };
    },
  };
}
