import type { ApolloServerPlugin } from '@apollo/server';
import { limitErrors, measureOperation, type QueryLimits } from '@dataspoke/platform/graphql/query-limits';
import type { SubgraphContext } from '@dataspoke/subgraphs/index';

/**
 * The federated endpoint's second look at the query limits (platform/src/graphql/query-limits.ts): validation
 * measures list sizes given through variables as defaults, so once the operation and its variables are
 * known, it is measured again and refused with a 400 before the gateway plans or runs anything.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<SubgraphContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, operation, request, schema }) {
          const variables = request.variables;
          if (!operation || !variables || Object.keys(variables).length === 0) return Promise.resolve();
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
