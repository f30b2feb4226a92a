import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/**
 * Limits on every GraphQL operation DataSpoke serves (the federated /graphql and the embedded hub's
 * /gms/api/graphql), checked before anything runs:
 * - size: a document of more than `maxTokens` lexical tokens is refused while parsing, before an AST is built;
 * - depth: nested field levels (fragments followed);
 * - breadth: fields one selection set may hold once its fragments are spread, aliases and `__typename`
 *   included, so a flat document of many aliases cannot make a huge response;
 * - cost: every field the response may hold. A list field multiplies what is under it by its size argument
 *   (limit, count, first, or the length of a literal urns list; from the variables when they are known),
 *   else by `defaultListSize`. `__typename` costs 1 like any field; an introspection root (`__schema`,
 *   `__type`) costs a flat `INTROSPECTION_COST`, since its size is bounded by the schema.
 */

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Assumed size of a list whose size the query does not state. */
  defaultListSize: number;
  /** Most fields in one selection set, after fragments are spread. */
  maxBreadth: number;
  /** Most lexical tokens in one document. */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 15,
  maxCost: 50_000,
  defaultListSize: 10,
  maxBreadth: 500,
  maxTokens: 15_000,
};

/** The extensions.code of each refusal. */
export const QUERY_LIMIT_CODES = [
  'QUERY_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_BROAD',
  'QUERY_TOO_COSTLY',
] as const;
export type QueryLimitCode = (typeof QUERY_LIMIT_CODES)[number];

const INTROSPECTION_COST = 2_000;
const SIZE_ARGUMENTS = new Set(['limit', 'count', 'first']);
const LIST_ARGUMENTS = new Set(['urns']);

type Variables = Readonly<Record<string, unknown>> | undefined;

function sizeOf(value: ValueNode, list: boolean, variables: Variables): number {
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    if (list) return Array.isArray(given) ? given.length : -1;
    return typeof given === 'number' && Number.isFinite(given) ? given : -1;
  }
  if (list) return value.kind === Kind.LIST ? value.values.length : -1;
  return value.kind === Kind.INT ? Number(value.value) : -1;
}

function listSize(
  args: readonly { name: { value: string }; value: ValueNode }[],
  variables: Variables,
): number {
  for (const arg of args) {
    if (SIZE_ARGUMENTS.has(arg.name.value)) {
      const size = sizeOf(arg.value, false, variables);
      if (size >= 0) return size;
    }
    if (LIST_ARGUMENTS.has(arg.name.value)) {
      const size = sizeOf(arg.value, true, variables);
      if (size >= 0) return size;
    }
    // Sizes inside an input object, e.g. lineage(input: { count: 5 }), or an input object variable.
    if (arg.value.kind === Kind.OBJECT) {
      const inner = listSize(
        arg.value.fields.map((f) => ({ name: f.name, value: f.value })),
        variables,
      );
      if (inner >= 0) return inner;
    }
    if (arg.value.kind === Kind.VARIABLE) {
      const given = variables?.[arg.value.name.value];
      if (typeof given === 'object' && given !== null && !Array.isArray(given)) {
        for (const [key, v] of Object.entries(given)) {
          if (SIZE_ARGUMENTS.has(key) && typeof v === 'number' && Number.isFinite(v)) return v;
        }
      }
    }
  }
  return -1;
}

/**
 * Whether any list size of the operation can come from its variables: a size or list argument (or input field)
 * given as a variable, or an input-object variable. When none can, measuring the operation again with its
 * variables gives what validation measured, so a caller may skip that.
 */
export function sizesFollowVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): boolean {
  for (const definition of operation.variableDefinitions ?? []) {
    let type = definition.type;
    while (type.kind !== Kind.NAMED_TYPE) type = type.type;
    if (isInputObjectType(schema.getType(type.name.value))) return true;
  }
  let follows = false;
  const sized = (node: { name: { value: string }; value: ValueNode }) => {
    if (node.value.kind !== Kind.VARIABLE) return;
    if (SIZE_ARGUMENTS.has(node.name.value) || LIST_ARGUMENTS.has(node.name.value)) follows = true;
  };
  visit(document, { Argument: sized, ObjectField: sized });
  return follows;
}

export interface QueryMeasure {
  depth: number;
  cost: number;
  /** The most fields one selection set holds. */
  breadth: number;
}

/** Depth, cost and breadth of one operation; `variables` when known (else variable sizes are defaults). */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  limits: QueryLimits,
  variables?: Variables,
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // A fragment spread many times (or fragments spreading each other in a fan) is measured once.
  const fragmentMeasures = new Map<string, QueryMeasure & { fields: number }>();
  let breadth = 0;

  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    visiting: ReadonlySet<string>,
    /** A size argument of an enclosing object field, e.g. searchDatasets(limit:) for its results list. */
    pending: number | undefined,
  ): QueryMeasure & { fields: number } => {
    let depth = 0;
    let cost = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      let inner: QueryMeasure & { fields: number };
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') {
          inner = { depth: 1, cost: INTROSPECTION_COST, breadth: 0, fields: 1 };
        } else if (name === '__typename' || !selection.selectionSet) {
          inner = {
            depth: 1,
            cost: listMultiplier(name, selection.arguments ?? [], parent, pending),
            breadth: 0,
            fields: 1,
          };
        } else {
          const fieldsOf =
            parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : {};
          const type = fieldsOf[name]?.type;
          const stated = listSize(selection.arguments ?? [], variables);
          const isList = type !== undefined && isListType(getNullableType(type));
          const size = isList ? (stated >= 0 ? stated : (pending ?? limits.defaultListSize)) : 1;
          const below = measure(
            selection.selectionSet,
            type && getNamedType(type),
            visiting,
            isList ? undefined : stated >= 0 ? stated : pending,
          );
          inner = { depth: below.depth + 1, cost: size * (1 + below.cost), breadth: 0, fields: 1 };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        inner = measure(
          selection.selectionSet,
          typeName ? (schema.getType(typeName) ?? undefined) : parent,
          visiting,
          pending,
        );
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is reported by graphql's own NoFragmentCycles rule; here it just stops.
        if (!fragment || visiting.has(name)) continue;
        const key = `${name}:${pending ?? ''}`;
        let known = fragmentMeasures.get(key);
        if (!known) {
          known = measure(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? undefined,
            new Set([...visiting, name]),
            pending,
          );
          fragmentMeasures.set(key, known);
        }
        inner = known;
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
      fields += inner.fields;
    }
    breadth = Math.max(breadth, fields);
    return { depth, cost, breadth, fields };
  };

  /** A leaf list field (e.g. a list of strings) still multiplies by its size. */
  function listMultiplier(
    name: string,
    args: readonly { name: { value: string }; value: ValueNode }[],
    parent: GraphQLNamedType | undefined,
    pending: number | undefined,
  ): number {
    const fieldsOf = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : {};
    const type = fieldsOf[name]?.type;
    if (type === undefined || !isListType(getNullableType(type))) return 1;
    const stated = listSize(args, variables);
    return stated >= 0 ? stated : (pending ?? limits.defaultListSize);
  }

  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const { depth, cost } = measure(operation.selectionSet, root ?? undefined, new Set(), undefined);
  return { depth, cost, breadth };
}

/** The refusals for one operation's measure; empty when it is within the limits. */
export function limitErrors(
  operation: OperationDefinitionNode,
  measured: QueryMeasure,
  limits: QueryLimits,
): GraphQLError[] {
  const { depth, cost, breadth } = measured;
  const name = operation.name ? ` ${operation.name.value}` : '';
  const errors: GraphQLError[] = [];
  if (depth > limits.maxDepth) {
    errors.push(
      new GraphQLError(`Operation${name} is ${depth} levels deep; at most ${limits.maxDepth} are allowed.`, {
        nodes: [operation],
        extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
      }),
    );
  }
  if (breadth > limits.maxBreadth) {
    errors.push(
      new GraphQLError(
        `Operation${name} asks for ${breadth} fields in one selection; at most ${limits.maxBreadth} are allowed (aliases and __typename count).`,
        {
          nodes: [operation],
          extensions: { code: 'QUERY_TOO_BROAD', breadth, maxBreadth: limits.maxBreadth },
        },
      ),
    );
  }
  if (cost > limits.maxCost) {
    errors.push(
      new GraphQLError(
        `Operation${name} may return about ${cost} fields; at most ${limits.maxCost} are allowed. Ask for fewer items or fewer fields.`,
        { nodes: [operation], extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost } },
      ),
    );
  }
  return errors;
}

/** The limits as a graphql-js validation rule (sizes given through variables count as defaults here). */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const measured = measureOperation(context.getSchema(), context.getDocument(), node, limits);
      for (const error of limitErrors(node, measured, limits)) context.reportError(error);
      return false;
    },
  });
}

/** graphql-js's own message when `maxTokens` stops the parser. */
const TOKEN_LIMIT_MESSAGE = /Document contains more that? \d+ tokens/;

/** Options for graphql-js `parse` (and Apollo Server's `parseOptions`) that apply the size limit. */
export function limitedParseOptions(limits: QueryLimits = DEFAULT_QUERY_LIMITS): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

/** Parses under the size limit; a document over it is a QUERY_TOO_LARGE error, other syntax errors stay. */
export function parseLimited(source: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): DocumentNode {
  try {
    return parse(source, limitedParseOptions(limits));
  } catch (error) {
    throw asLimitError(error, limits) ?? error;
  }
}

/** The QUERY_TOO_LARGE error for a parse error that the token limit caused, else undefined. */
export function asLimitError(
  error: unknown,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): GraphQLError | undefined {
  if (!(error instanceof GraphQLError) || !TOKEN_LIMIT_MESSAGE.test(error.message)) return undefined;
  return new GraphQLError(
    `The document has more than ${limits.maxTokens} tokens, more than is allowed; send a smaller query.`,
    { extensions: { code: 'QUERY_TOO_LARGE', maxTokens: limits.maxTokens } },
  );
}

/** The limit code an error carries (also when wrapped, as Apollo wraps validation errors), if any. */
export function queryLimitCode(error: unknown): QueryLimitCode | undefined {
  for (let e: unknown = error; e instanceof GraphQLError; e = e.originalError) {
    const code = e.extensions.code;
    if (typeof code === 'string' && (QUERY_LIMIT_CODES as readonly string[]).includes(code)) {
      return code as QueryLimitCode;
    }
    if (TOKEN_LIMIT_MESSAGE.test(e.message)) return 'QUERY_TOO_LARGE';
  }
  return undefined;
}
