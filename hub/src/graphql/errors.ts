import { GraphQLError } from 'graphql';

/**
 * Errors shaped as DataHub's GraphQL API reports them: `extensions.code` is the HTTP-like status and
 * `extensions.type` its name (DataHub's DataHubGraphQLErrorCode), with `classification` as graphql-java sets it.
 */
export type HubErrorType = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'SERVER_ERROR' | 'CONFLICT';

const CODES: Record<HubErrorType, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVER_ERROR: 500,
};

export function hubError(type: HubErrorType, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: CODES[type], type, classification: 'DataFetchingException' },
  });
}

export const badRequest = (message: string): GraphQLError => hubError('BAD_REQUEST', message);
