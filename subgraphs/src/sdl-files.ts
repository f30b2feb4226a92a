/**
 * Which SDL files make up each subgraph's schema, relative to subgraphs/src. Imports nothing, so that codegen.ts
 * reads the same list as the servers (schema-file.ts) and the subgraphs' resolver types match what they serve.
 */
export const SUBGRAPH_NAMES = ['datahub', 'de', 'da', 'dg'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** SDL several subgraphs serve as @shareable types, written once and appended to each one's schema.graphql. */
const SHARED_SDL: Record<SubgraphName, readonly string[]> = {
  datahub: [],
  de: ['validation.graphql'],
  da: ['validation.graphql'],
  dg: [],
};

/** A subgraph's SDL files: its own `<name>/schema.graphql`, then the shared SDL it serves. */
export function sdlFiles(name: SubgraphName): string[] {
  return [`${name}/schema.graphql`, ...SHARED_SDL[name]];
}
