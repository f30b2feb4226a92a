import type { GraphQLSchema } from 'graphql';
import { buildDaSubgraph } from './da/index.js';
import { buildDatahubSubgraph } from './datahub/index.js';
import { buildDeSubgraph } from './de/index.js';
import { buildDgSubgraph } from './dg/index.js';
import type { SubgraphName } from './schema-file.js';

export { createSubgraphContext, type HubLoaders, type SubgraphContext } from './context.js';
export { SUBGRAPH_NAMES, subgraphSdl, subgraphTypeDefs, type SubgraphName } from './schema-file.js';

/** Every subgraph's executable schema, built from its schema.graphql; each expects a SubgraphContext. */
export function buildSubgraphSchemas(): Record<SubgraphName, GraphQLSchema> {
  return {
    datahub: buildDatahubSubgraph(),
    de: buildDeSubgraph(),
    da: buildDaSubgraph(),
    dg: buildDgSubgraph(),
  };
}
