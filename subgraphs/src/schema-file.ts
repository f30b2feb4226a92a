import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { AuthError, hasGroup, requireGroup, type Group } from '@dataspoke/domain/auth/identity';
import type { SubgraphContext } from './context.js';
import { fromAuthError } from './errors.js';
import { sdlFiles, type SubgraphName } from './sdl-files.js';

export { SUBGRAPH_NAMES, type SubgraphName } from './sdl-files.js';

/** An SDL file beside this module in the sources; the build (dist/) reads the committed file from src/. */
function readSdl(path: string): string {
  const candidates = [new URL(`./${path}`, import.meta.url), new URL(`../src/${path}`, import.meta.url)];
  for (const candidate of candidates) {
    const file = fileURLToPath(candidate);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`${path} not found beside the subgraphs module`);
}

/**
 * The schema-first SDL of a subgraph: its `<name>/schema.graphql`, followed by the shared SDL it serves
 * (`sdl-files.ts`).
 */
export function subgraphSdl(name: SubgraphName): string {
  return sdlFiles(name).map(readSdl).join('\n');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}

type RootResolver = (parent: unknown, args: unknown, ctx: SubgraphContext, info: unknown) => unknown;

/**
 * Root queries and mutations of a spoke subgraph belong to its group: a caller needs that group (or admin).
 * The datahub subgraph's root fields only need an identity. Fields a spoke adds to DataHub's entities stay
 * readable by every identity: they describe the shared catalog.
 */
function guardRootFields(
  resolvers: object,
  owner: Group | null,
  alsoFor: Readonly<Record<string, readonly Group[]>> = {},
): object {
  const guarded: Record<string, unknown> = { ...resolvers };
  for (const root of ['Query', 'Mutation']) {
    const fields = (resolvers as Record<string, Record<string, unknown> | undefined>)[root];
    if (!fields) continue;
    guarded[root] = Object.fromEntries(
      Object.entries(fields).map(([name, resolve]) => {
        if (typeof resolve !== 'function') return [name, resolve];
        const what = `${root}.${name}`;
        const wrapped: RootResolver = (parent, args, ctx, info) => {
          try {
            const others = alsoFor[what] ?? [];
            if (owner && !(ctx.identity && others.some((g) => hasGroup(ctx.identity!, g))))
              requireGroup(ctx.identity, owner, what);
            else if (!ctx.identity) throw new AuthError('UNAUTHENTICATED', `${what} needs an identity`);
          } catch (error) {
            throw fromAuthError(error);
          }
          return (resolve as RootResolver)(parent, args, ctx, info);
        };
        return [name, wrapped];
      }),
    );
  }
  return guarded;
}

/**
 * A subgraph's executable schema from its SDL and resolvers (whose context is a SubgraphContext); `owner`
 * is the group its root fields belong to (null for the datahub subgraph); `alsoFor` names root fields
 * (`Mutation.x`) that other groups may call too.
 */
export function buildSubgraph(
  typeDefs: DocumentNode,
  resolvers: object,
  owner: Group | null,
  alsoFor: Readonly<Record<string, readonly Group[]>> = {},
): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs,
    resolvers: guardRootFields(resolvers, owner, alsoFor) as GraphQLResolverMap<unknown>,
  });
}
