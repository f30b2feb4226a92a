import { GraphQLError, visit, type ASTNode, type DocumentNode } from 'graphql';
import { checkJsonInput, isUnstorableText, JsonInputError } from '../json-input.js';
import type { EntityRef } from '../read/values.js';
import { InvalidUrnError, parseEntityUrn } from '../urn.js';
import { hubError } from './errors.js';

/**
 * The hub's JSON input rules (json-input.ts) for a GraphQL request: string literals in the document and the
 * variables may not hold a NUL or an unpaired surrogate (a urn or search text with one used to fail in SQL
 * and answer as a server error), and variables nest at most as deep as any hub JSON input.
 */
export function refusedGraphqlInput(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  let refused: GraphQLError | undefined;
  visit(document, {
    StringValue(node) {
      if (refused || !isUnstorableText(node.value)) return;
      refused = badInput(
        'A string in the query has a NUL character or an unpaired surrogate, which the hub cannot store or search',
        node,
      );
    },
  });
  if (refused || variables === null || variables === undefined) return refused;
  try {
    checkJsonInput(variables, 'variables');
  } catch (error) {
    if (error instanceof JsonInputError) return badInput(error.message);
    throw error;
  }
  return undefined;
}

function badInput(message: string, node?: ASTNode): GraphQLError {
  const { extensions } = hubError('BAD_REQUEST', message);
  return new GraphQLError(message, { ...(node ? { nodes: [node] } : {}), extensions });
}

/**
 * An urn argument that names one entity (`dataset(urn:)`, `entity(urn:)` …), read with DataHub's rules for an
 * entity's urn, its length included (URN_NUM_BYTES_LIMIT): BAD_REQUEST with the reason otherwise.
 */
export function entityUrnArgument(urn: string): EntityRef {
  try {
    return { urn, entityType: parseEntityUrn(urn).entityType };
  } catch (error) {
    if (error instanceof InvalidUrnError) throw badInput(error.message);
    throw error;
  }
}
