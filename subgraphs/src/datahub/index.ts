import { Kind, type GraphQLSchema, type ObjectTypeDefinitionNode } from 'graphql';
import { ENTITY_TYPES } from '@dataspoke/hub/graphql/entity-types';
import type { HubLineage } from '@dataspoke/domain/ports/hub-port';
import { urnDisplayId } from '@dataspoke/hub/urn';
import { parseUrn } from '@dataspoke/hub/urn';
import type { SubgraphContext } from '../context.js';
import { badInput, urnArgument } from '../errors.js';
import type { EntityParent } from '../parents.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import type { DatasetLineageArgs, QueryResolvers } from './generated/resolvers.js';

/**
 * The datahub subgraph: DataHub's entities as federation entities. Resolvers are thin: an entity resolves
 * to what the hub port returned for it (DataHub-shaped, so graphql's default field access applies), read
 * through the request's loaders so that every level of a response is one hub call.
 */

type Parent = EntityParent;

const typeDefs = subgraphTypeDefs('datahub');

/** Object types implementing Entity, i.e. the entity types this subgraph serves. */
const ENTITY_OBJECT_TYPES: ObjectTypeDefinitionNode[] = typeDefs.definitions.filter(
  (d): d is ObjectTypeDefinitionNode =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && (d.interfaces ?? []).some((i) => i.name.value === 'Entity'),
);
const SERVED = new Set(ENTITY_OBJECT_TYPES.map((t) => t.name.value));

function parsed(urn: string) {
  try {
    return parseUrn(urn);
  } catch {
    return undefined;
  }
}

/** GraphQL type name of an urn's entity type, when this subgraph serves it. */
function typeNameOf(urn: string): string | undefined {
  const entityType = parsed(urn)?.entityType;
  const name = entityType ? ENTITY_TYPES[entityType]?.typeName : undefined;
  return name && SERVED.has(name) ? name : undefined;
}

function entityTypeEnum(urn: string): string {
  const entityType = parsed(urn)?.entityType;
  return (entityType && ENTITY_TYPES[entityType]?.enumValue) ?? 'OTHER';
}

/** Values DataHub derives from the urn when an entity carries no aspect with them. */
function fromUrn(field: string, urn: string): unknown {
  switch (field) {
    case 'username':
    case 'name':
    case 'hierarchicalName':
    case 'id':
      return urnDisplayId(urn);
    case 'jobId':
    case 'flowId':
      return parsed(urn)?.parts[1] ?? urn;
    default:
      return null;
  }
}

async function load(ctx: SubgraphContext, urn: string): Promise<Parent | null> {
  const entity =
    typeNameOf(urn) === 'Dataset'
      ? await ctx.loaders.datasets.load(urn)
      : await ctx.loaders.entities.load(urn);
  return entity as Parent | null;
}

/** A field of an entity: from the parent when it was loaded whole, else from the (batched) loader. */
function entityField(field: string) {
  return async (parent: Parent, _args: unknown, ctx: SubgraphContext): Promise<unknown> => {
    if (parent[field] !== undefined) return parent[field];
    const entity = await load(ctx, parent.urn);
    return entity?.[field] ?? fromUrn(field, parent.urn);
  };
}

function resolveTypeName(value: Parent): string | undefined {
  return value.__typename ?? typeNameOf(value.urn);
}

async function lineage(parent: Parent, { input }: DatasetLineageArgs, ctx: SubgraphContext) {
  const start = input.start ?? 0;
  const count = input.count ?? 100;
  if (start < 0 || count < 0) throw badInput('lineage start and count must not be negative');
  const result: HubLineage = await ctx.loaders.lineage[input.direction].load(parent.urn);
  // Entities of types this graph does not serve are left out, as DataHub leaves out what it cannot show.
  const served = result.relationships.filter(
    (r) => r.entity && SERVED.has(resolveTypeName(r.entity as Parent) ?? ''),
  );
  const page = served.slice(start, start + count);
  return { start, count: page.length, total: served.length, relationships: page };
}

function entityResolvers(type: ObjectTypeDefinitionNode) {
  const typeName = type.name.value;
  const fields: Record<string, unknown> = {
    __resolveReference: async (ref: Parent, ctx: SubgraphContext) => {
      const entity = await load(ctx, ref.urn);
      // Platforms exist for DataHub whether or not their info aspect was ingested.
      return entity ?? (typeName === 'DataPlatform' ? { urn: ref.urn } : null);
    },
    type: (parent: Parent) => parent.type ?? entityTypeEnum(parent.urn),
  };
  for (const field of type.fields ?? []) {
    const name = field.name.value;
    if (name === 'urn' || name === 'type' || name === 'lineage') continue;
    fields[name] = entityField(name);
  }
  if (typeName === 'Dataset') fields.lineage = lineage;
  return fields;
}

const query: QueryResolvers = {
  dataset: async (_parent, { urn }, ctx) => {
    if (urnArgument(urn).entityType !== 'dataset') return null;
    return (await ctx.loaders.datasets.load(urn)) as EntityParent | null;
  },
  entities: async (_parent, { urns }, ctx) => {
    if (urns.length > 1000) throw badInput('entities accepts at most 1000 urns');
    return Promise.all(urns.map((urn) => (typeNameOf(urn) ? load(ctx, urn) : Promise.resolve(null))));
  },
};

const resolvers = {
  Query: query,
  Entity: { __resolveType: resolveTypeName },
  OwnerType: { __resolveType: resolveTypeName },
  ...Object.fromEntries(ENTITY_OBJECT_TYPES.map((t) => [t.name.value, entityResolvers(t)])),
};

export function buildDatahubSubgraph(): GraphQLSchema {
  return buildSubgraph(typeDefs, resolvers, null);
}
