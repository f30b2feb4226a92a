import { GraphQLError } from 'graphql';
import { AuthError } from '@dataspoke/domain/auth/identity';
import { InvalidInputError } from '@dataspoke/domain/shared/errors';
import { HubPortError } from '@dataspoke/domain/ports/hub-port';
import { InvalidUrnError, parseEntityUrn, type ParsedUrn } from '@dataspoke/hub/urn';

/**
 * A client mistake (bad argument): `code` names it (INVALID_URN, INVALID_LIMIT, …) and is stable for clients
 * and the REST facade; `category` groups every such error as BAD_USER_INPUT.
 */
export function badInput(message: string, code = 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, category: 'BAD_USER_INPUT' } });
}

/** A refused identity as a GraphQL error: UNAUTHENTICATED (no identity) or FORBIDDEN (wrong group). */
export function fromAuthError(error: unknown): unknown {
  if (error instanceof AuthError) {
    return new GraphQLError(error.message, { extensions: { code: error.code, category: 'AUTH' } });
  }
  return error;
}

/** Hub failures keep their code (DATAHUB_UNAVAILABLE, DATAHUB_ERROR); anything else passes unchanged. */
export function fromHubError(error: unknown): unknown {
  if (error instanceof HubPortError) {
    return new GraphQLError(error.message, {
      originalError: error,
      extensions:
        error.code === 'BAD_REQUEST'
          ? { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT' }
          : { code: error.code, category: 'DATAHUB' },
    });
  }
  return error;
}

/** Parses an urn argument with DataHub's rules for an entity's urn (its length included), or refuses it as INVALID_URN. */
export function urnArgument(urn: string): ParsedUrn {
  try {
    return parseEntityUrn(urn);
  } catch (error) {
    if (error instanceof InvalidUrnError) throw badInput(error.message, 'INVALID_URN');
    throw error;
  }
}

/** Runs a feature call, reporting refused input and hub failures with their codes. */
export async function featureCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidInputError) throw badInput(error.message, error.code);
    throw fromHubError(error);
  }
}
