import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/**
 * Query depth and cost limits, checked statically when an operation is validated, before anything runs.
 * Depth counts nested field levels (fragments are followed). Cost counts every field the response may hold:
 * a list field multiplies what is under it by its size argument (limit, count, or the length of a literal
 * urns list), else by `defaultListSize`. Introspection fields are free.
 */

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Assumed size of a list whose size the query does not state (or states through a variable). */
  defaultListSize: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 15, maxCost: 50_000, defaultListSize: 10 };

const SIZE_ARGUMENTS = new Set(['limit', 'count', 'first']);
const LIST_ARGUMENTS = new Set(['urns']);

function listSize(args: readonly { name: { value: string }; value: ValueNode }[], fallback: number): number {
  for (const arg of args) {
    if (SIZE_ARGUMENTS.has(arg.name.value) && arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (LIST_ARGUMENTS.has(arg.name.value) && arg.value.kind === Kind.LIST) return arg.value.values.length;
    // Sizes inside an input object, e.g. lineage(input: { count: 5 }).
    if (arg.value.kind === Kind.OBJECT) {
      const inner = listSize(
        arg.value.fields.map((f) => ({ name: f.name, value: f.value })),
        -1,
      );
      if (inner >= 0) return inner;
    }
  }
  return fallback;
}

interface Measure {
  depth: number;
  cost: number;
}

export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    const measure = (
      selectionSet: SelectionSetNode,
      parent: GraphQLNamedType | undefined,
      visiting: ReadonlySet<string>,
      /** A size argument of an enclosing object field, e.g. searchDatasets(limit:) for its results list. */
      pending?: number,
    ): Measure => {
      let depth = 0;
      let cost = 0;
      for (const selection of selectionSet.selections) {
        let inner: Measure;
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name.startsWith('__')) continue;
          const fields =
            parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : {};
          const type = fields[name]?.type;
          const stated = listSize(selection.arguments ?? [], -1);
          const isList = type !== undefined && isListType(getNullableType(type));
          const size = isList ? (stated >= 0 ? stated : (pending ?? limits.defaultListSize)) : 1;
          const below = selection.selectionSet
            ? measure(
                selection.selectionSet,
                type && getNamedType(type),
                visiting,
                isList ? undefined : stated >= 0 ? stated : pending,
              )
            : { depth: 0, cost: 0 };
          inner = { depth: below.depth + 1, cost: size * (1 + below.cost) };
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
          inner = measure(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? undefined,
            new Set([...visiting, name]),
            pending,
          );
        }
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
      return { depth, cost };
    };

    return {
      OperationDefinition(node) {
        const root =
          node.operation === OperationTypeNode.QUERY
            ? schema.getQueryType()
            : node.operation === OperationTypeNode.MUTATION
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const { depth, cost } = measure(node.selectionSet, root ?? undefined, new Set());
        const name = node.name ? ` ${node.name.value}` : '';
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(
              `Operation${name} is ${depth} levels deep; at most ${limits.maxDepth} are allowed.`,
              {
                nodes: [node],
                extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
              },
            ),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(
              `Operation${name} may return about ${cost} fields; at most ${limits.maxCost} are allowed. Ask for fewer items or fewer fields.`,
              { nodes: [node], extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost } },
            ),
          );
        }
        return false;
      },
    };
  };
}
