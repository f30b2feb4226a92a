import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  print,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/**
 * DataHub's Long (epoch milliseconds, counts) is a custom scalar in the supergraph, so the gateway passes
 * any value through: `to: {a: 1}`, `asOf: 1e300` or `"soon"` reached the features and failed there as an
 * internal error. Checked at the edge, for literals and variables alike: an integer number JavaScript
 * represents exactly (|n| < 2^53); the resolvers take Long values as they come, so a string is refused too.
 */
const LONG = 'Long';

function isLong(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isLongLiteral(node: ValueNode): boolean {
  if (node.kind === Kind.INT) return isLong(Number(node.value));
  return node.kind === Kind.NULL || node.kind === Kind.VARIABLE;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function badLong(where: string, got: string): GraphQLError {
  return new GraphQLError(
    `${where} must be a Long: an integer from -(2^53 - 1) to 2^53 - 1 (epoch milliseconds or a count), got ${got}`,
    { extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}

function longInValue(value: unknown, type: GraphQLInputType, where: string): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const [i, item] of items.entries()) {
      const error = longInValue(item, inner.ofType, Array.isArray(value) ? `${where}[${i}]` : where);
      if (error) return error;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return null; // GraphQL's own coercion refuses it with its reason
    for (const field of Object.values(inner.getFields())) {
      const error = longInValue(
        (value as Record<string, unknown>)[field.name],
        field.type,
        `${where}.${field.name}`,
      );
      if (error) return error;
    }
    return null;
  }
  return inner.name === LONG && !isLong(value) ? badLong(where, describe(value)) : null;
}

/** The first Long variable of the operation whose value is not a Long, as a 400 BAD_USER_INPUT. */
export function badLongVariable(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    const error = type ? longInValue(variables[name], type, `variable $${name}`) : null;
    if (error) return error;
  }
  return null;
}

/** The first Long argument written in the document that is not a Long, as a 400 BAD_USER_INPUT. */
export function badLongLiteral(schema: GraphQLSchema, document: DocumentNode): GraphQLError | null {
  let found: GraphQLError | null = null;
  const typeInfo = new TypeInfo(schema);
  const check = (node: ValueNode) => {
    const type = typeInfo.getInputType();
    if (found || !type || getNamedType(type).name !== LONG || isLongLiteral(node)) return undefined;
    // A list literal for a list of Longs: its items are checked one by one.
    if (node.kind === Kind.LIST && isListType(isNonNullType(type) ? type.ofType : type)) return undefined;
    const argument = typeInfo.getArgument()?.name ?? 'an argument';
    found = badLong(
      `argument ${argument} of ${typeInfo.getFieldDef()?.name ?? 'the field'}`,
      describe(print(node)),
    );
    return false;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      IntValue: check,
      FloatValue: check,
      StringValue: check,
      BooleanValue: check,
      EnumValue: check,
      ListValue: check,
      ObjectValue: check,
    }),
  );
  return found;
}
