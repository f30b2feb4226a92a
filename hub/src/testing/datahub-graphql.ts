import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  buildSchema,
  concatAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  print,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * DataHub's own GraphQL schema, as GMS serves it: the SDL files of datahub-graphql-core in
 * `../shared/datahub/contract/graphql/` (beside this repository, see that folder's README), which extend each
 * other and build as one document. Tests read it in place; without it they skip and say why.
 */
export const DATAHUB_GRAPHQL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/datahub/contract/graphql',
);

export type DatahubGraphql =
  { schema: GraphQLSchema; files: number; absent: null } | { schema: null; files: 0; absent: string };

/** DataHub's schema, or why it cannot be read. Files that are there but do not build are an error. */
export function loadDatahubGraphql(dir = DATAHUB_GRAPHQL_DIR): DatahubGraphql {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.graphql')) : [];
  if (files.length === 0)
    return { schema: null, files: 0, absent: `DataHub's GraphQL schema files are not in ${dir}` };
  const documents = files.sort().map((f) => parse(readFileSync(path.join(dir, f), 'utf8')));
  return { schema: buildASTSchema(concatAST(documents)), files: files.length, absent: null };
}

/** The embedded hub's GraphQL schema (hub/src/graphql/schema.graphql), without resolvers. */
export function embeddedHubSchema(): GraphQLSchema {
  return buildSchema(readFileSync(new URL('../graphql/schema.graphql', import.meta.url), 'utf8'));
}

/**
 * A schema from SDL that may carry Apollo federation's markup (a subgraph's): the `extend schema @link`
 * and the directives it imports are federation's, not part of the types clients see, so they are left out.
 */
export function buildServedSchema(sdl: DocumentNode): GraphQLSchema {
  return buildASTSchema(
    { ...sdl, definitions: sdl.definitions.filter((d) => d.kind !== Kind.SCHEMA_EXTENSION) },
    { assumeValidSDL: true },
  );
}

const KIND_NAMES = [
  [isObjectType, 'an object type'],
  [isInterfaceType, 'an interface'],
  [isUnionType, 'a union'],
  [isEnumType, 'an enum'],
  [isInputObjectType, 'an input type'],
] as const;

function kindOf(type: GraphQLNamedType): string {
  return KIND_NAMES.find(([is]) => is(type))?.[1] ?? 'a scalar';
}

/** Default values in printed GraphQL form, so that `true` and `"x"` compare as DataHub writes them. */
function printedDefault(value: GraphQLArgument | GraphQLInputField): string | undefined {
  return value.astNode?.defaultValue ? print(value.astNode.defaultValue) : undefined;
}

/** Arguments or input fields: each served one is DataHub's with the same type; none DataHub requires is missing. */
function compareInputs(
  where: string,
  served: readonly (GraphQLArgument | GraphQLInputField)[],
  theirs: readonly (GraphQLArgument | GraphQLInputField)[],
  out: string[],
): void {
  for (const input of served) {
    const their = theirs.find((t) => t.name === input.name);
    if (!their) {
      out.push(`${where}.${input.name}: not in DataHub's schema`);
      continue;
    }
    if (String(input.type) !== String(their.type))
      out.push(`${where}.${input.name}: ${String(input.type)} here, ${String(their.type)} in DataHub's`);
    const [ours, dh] = [printedDefault(input), printedDefault(their)];
    if (ours !== dh)
      out.push(`${where}.${input.name}: default ${ours ?? 'none'} here, ${dh ?? 'none'} in DataHub's`);
  }
  for (const their of theirs) {
    const required = isNonNullType(their.type) && their.defaultValue === undefined;
    if (required && !served.some((s) => s.name === their.name))
      out.push(`${where}.${their.name}: required in DataHub's schema (${String(their.type)}), missing here`);
  }
}

/**
 * Where a served schema differs from DataHub's: every type, field, argument, input field, enum value, union
 * member and implemented interface it declares must be DataHub's, with the same type (nullability and list
 * wrapping included) and the same default; DataHub's required arguments and input fields must be declared.
 * One readable line per difference; none when the served schema is a faithful subset.
 */
export function datahubSchemaMismatches(served: GraphQLSchema, datahub: GraphQLSchema): string[] {
  const out: string[] = [];
  const roots = [
    ['query', served.getQueryType(), datahub.getQueryType()],
    ['mutation', served.getMutationType(), datahub.getMutationType()],
    ['subscription', served.getSubscriptionType(), datahub.getSubscriptionType()],
  ] as const;
  for (const [operation, ours, theirs] of roots)
    if (ours && ours.name !== theirs?.name)
      out.push(`schema: ${operation} type ${ours.name} here, ${theirs?.name ?? 'none'} in DataHub's`);

  for (const type of Object.values(served.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const theirs = datahub.getType(type.name);
    if (!theirs) {
      out.push(`${type.name}: not in DataHub's schema`);
      continue;
    }
    if (kindOf(type) !== kindOf(theirs)) {
      out.push(`${type.name}: ${kindOf(type)} here, ${kindOf(theirs)} in DataHub's`);
      continue;
    }
    if ((isObjectType(type) && isObjectType(theirs)) || (isInterfaceType(type) && isInterfaceType(theirs))) {
      const fields = theirs.getFields();
      for (const field of Object.values(type.getFields())) {
        const their = fields[field.name];
        if (!their) {
          out.push(`${type.name}.${field.name}: not in DataHub's schema`);
          continue;
        }
        if (String(field.type) !== String(their.type))
          out.push(
            `${type.name}.${field.name}: ${String(field.type)} here, ${String(their.type)} in DataHub's`,
          );
        compareInputs(`${type.name}.${field.name}(…)`, field.args, their.args, out);
      }
      const interfaces = new Set(theirs.getInterfaces().map((i) => i.name));
      for (const i of type.getInterfaces())
        if (!interfaces.has(i.name))
          out.push(`${type.name}: implements ${i.name} here, not in DataHub's schema`);
    } else if (isInputObjectType(type) && isInputObjectType(theirs)) {
      compareInputs(type.name, Object.values(type.getFields()), Object.values(theirs.getFields()), out);
    } else if (isEnumType(type) && isEnumType(theirs)) {
      for (const value of type.getValues())
        if (!theirs.getValue(value.name)) out.push(`${type.name}.${value.name}: not in DataHub's schema`);
    } else if (isUnionType(type) && isUnionType(theirs)) {
      const members = new Set(theirs.getTypes().map((t) => t.name));
      for (const member of type.getTypes())
        if (!members.has(member.name)) out.push(`${type.name}: member ${member.name} not in DataHub's union`);
    }
  }
  return out;
}
