import type { GraphQLSchema } from 'graphql';
import { buildDaSubgraph } from './da/index.js';
import { buildDatahubSubgraph } from './datahub/index.js';
import { buildDeSubgraph } from './de/index.js';
import { buildDgSubgraph } from './dg/index.js';
import type { SubgraphName } from './schema-file.js';
import type { ValidationServices } from './validation.js';

export { createSubgraphContext, type HubLoaders, type SubgraphContext } from './context.js';
export { SUBGRAPH_NAMES, subgraphSdl, subgraphTypeDefs, type SubgraphName } from './schema-file.js';

/** Every subgraph's executable schema, built from its schema.graphql; each expects a SubgraphContext. */
export type { ValidationServices } from './validation.js';

/** `services` give the validator its store and event port; without them validation runs only as a dry run. */
export function buildSubgraphSchemas(services: ValidationServices = {}): Record<SubgraphName, GraphQLSchema> {
  return {
    datahub: buildDatahubSubgraph(),
    de: buildDeSubgraph(services),
    da: buildDaSubgraph(services),
    dg: buildDgSubgraph(),
  };
}
