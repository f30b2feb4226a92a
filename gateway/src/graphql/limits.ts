import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import {
  limitErrors,
  measureOperation,
  sizesFollowVariables,
  type QueryLimits,
} from '@dataspoke/platform/graphql/query-limits';
import type { SubgraphContext } from '@dataspoke/subgraphs/index';

/**
 * The federated endpoint's second look at the query limits (platform/src/graphql/query-limits.ts): validation
 * measures list sizes given through variables as defaults, so once the operation and its variables are
 * known, it is measured again and refused with a 400 before the gateway plans or runs anything.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<SubgraphContext> {
  // Whether an operation's sizes can come from its variables is a property of its parsed document, which
  // Apollo keeps: it is worked out once per operation, and the many that take no sizes from variables
  // are not measured twice.
  const followsVariables = new WeakMap<OperationDefinitionNode, boolean>();
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, operation, request, schema }) {
          const variables = request.variables;
          if (!operation || !variables || Object.keys(variables).length === 0) return Promise.resolve();
          let follows = followsVariables.get(operation);
          if (follows === undefined) {
            follows = sizesFollowVariables(schema, document, operation);
            followsVariables.set(operation, follows);
          }
          if (!follows) return Promise.resolve();
          const measured = measureOperation(schema, document, operation, limits, variables);
          const [refused] = limitErrors(operation, measured, limits);
          if (refused) {
            Object.assign(refused.extensions, { http: { status: 400 } });
            return Promise.reject(refused);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
