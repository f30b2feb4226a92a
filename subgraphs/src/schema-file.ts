import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';

export const SUBGRAPH_NAMES = ['datahub', 'de', 'da', 'dg'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/**
 * The schema-first SDL of a subgraph: `<name>/schema.graphql` beside its module in the sources; the build
 * (dist/) reads the committed file from src/.
 */
export function subgraphSdl(name: SubgraphName): string {
  const candidates = [
    new URL(`./${name}/schema.graphql`, import.meta.url),
    new URL(`../src/${name}/schema.graphql`, import.meta.url),
  ];
  for (const candidate of candidates) {
    const file = fileURLToPath(candidate);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`${name}/schema.graphql not found beside the subgraphs module`);
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}

/** A subgraph's executable schema from its SDL and resolvers (whose context is a SubgraphContext). */
export function buildSubgraph(typeDefs: DocumentNode, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
}
