import type { GraphQLSchema } from 'graphql';
import { buildDaSubgraph } from './da/index.js';
import { buildDatahubSubgraph } from './datahub/index.js';
import { buildDeSubgraph, type DeServices } from './de/index.js';
import { buildDgSubgraph, type DgServices } from './dg/index.js';
import type { SubgraphName } from './schema-file.js';

export { createSubgraphContext, type HubLoaders, type SubgraphContext } from './context.js';
export { SUBGRAPH_NAMES, subgraphSdl, subgraphTypeDefs, type SubgraphName } from './schema-file.js';

/** Every subgraph's executable schema, built from its schema.graphql; each expects a SubgraphContext. */
export type { ValidationServices } from './validation.js';
export type { DeServices } from './de/index.js';
export type { DgServices } from './dg/index.js';

/**
 * `services` give the validator its store and event port (without them validation runs only as a dry run) and
 * the de subgraph its documentation suggestions, and the dg subgraph its overview.
 */
export function buildSubgraphSchemas(
  services: DeServices & DgServices = {},
): Record<SubgraphName, GraphQLSchema> {
  return {
    datahub: buildDatahubSubgraph(),
    de: buildDeSubgraph(services),
    da: buildDaSubgraph(services),
    dg: buildDgSubgraph(services),
  };
}
