import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Random but schema-shaped GraphQL requests for property-based fuzzing of /graphql: a root field of Query
 * or Mutation with arguments, a selection of its fields (nested fields with their own arguments), and
 * argument values that are sometimes right and sometimes hostile — NUL bytes, lone surrogates, huge and
 * fractional numbers, deep inputs, values of the wrong type — as literals in the document or as variables.
 */

export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** Text that has broken stores and parsers: NUL, lone surrogates, SQL and JSON metacharacters, long runs. */
const HOSTILE_TEXT = [
  '',
  'a\u0000b',
  '\u0000',
  'x\uD800y',
  '\uDC00',
  "'; drop table t; --",
  '%00',
  '\\',
  '"',
  '\u202E\uFEFF',
  'urn:li:dataset:(urn:li:dataPlatform:hive,a\u0000b,PROD)',
  'urn:li:dataset:(',
  'x'.repeat(5000),
];
const HOSTILE_NUMBERS = [0, -1, 1.5, -0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e20, -1e20, 1e300, 4.9e-324];

/** A literal in GraphQL syntax for a JSON-like value; `enumNames` prints strings as enum values. */
function literal(value: unknown, enumLike: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return enumLike && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, enumLike)).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${literal(v, enumLike)}`)
    .join(', ')}}`;
}

export interface FuzzOptions {
  /** Strings that make sense here (urns of datasets that exist, words that match), mixed with hostile ones. */
  knownStrings?: readonly string[];
  /** How deep selections nest below the root field. */
  maxSelectionDepth?: number;
}

export function graphqlRequests(schema: GraphQLSchema, options: FuzzOptions = {}): fc.Arbitrary<FuzzRequest> {
  const known = options.knownStrings?.length ? options.knownStrings : ['orders'];
  const maxDepth = options.maxSelectionDepth ?? 3;

  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const integer = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -5, max: 200 }) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: 1, arbitrary: fc.integer() },
  );
  const float = fc.oneof(integer, fc.double({ noNaN: true, noDefaultInfinity: true }));
  /** Any JSON value, nested up to a few levels or, rarely, very deep. */
  const anyJson: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: text },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 20, max: 200 }).map((depth) => {
        let v: unknown = 1;
        for (let i = 0; i < depth; i++) v = { a: v };
        return v;
      }),
    },
  );

  function scalarValue(name: string): fc.Arbitrary<unknown> {
    switch (name) {
      case 'String':
      case 'ID':
        return text;
      case 'Int':
        return integer;
      case 'Float':
        return float;
      case 'Long':
        return fc.oneof(integer, fc.constantFrom(1_700_000_000_000, 1e300, 2 ** 63));
      case 'Boolean':
        return fc.boolean();
      default:
        return anyJson;
    }
  }

  /** A value for an input type: mostly well-typed, sometimes null or of the wrong type. */
  function inputValue(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
    const wrong = fc.oneof(fc.constant(null), anyJson);
    const typed = ((): fc.Arbitrary<unknown> => {
      const inner = isNonNullType(type) ? type.ofType : type;
      if (isListType(inner)) {
        return fc.array(inputValue(inner.ofType, depth + 1), {
          maxLength: depth > 2 ? 1 : 4,
        });
      }
      if (isEnumType(inner)) {
        return fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.name)) },
          { weight: 1, arbitrary: text },
        );
      }
      if (isInputObjectType(inner)) {
        if (depth > 4) return fc.constant({});
        const fields = Object.values(inner.getFields());
        return fc.record(Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, depth + 1)])), {
          requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
        });
      }
      return scalarValue(isScalarType(inner) ? inner.name : 'JSON');
    })();
    return fc.oneof({ weight: 8, arbitrary: typed }, { weight: 1, arbitrary: wrong });
  }

  interface Args {
    text: string;
    variables: [string, string, unknown][];
  }

  /** Arguments of one field, each a literal or a variable (named from `prefix`), optional ones sometimes left out. */
  function argumentsOf(args: readonly GraphQLArgument[], prefix: string): fc.Arbitrary<Args> {
    if (args.length === 0) return fc.constant({ text: '', variables: [] });
    return fc
      .tuple(
        ...args.map((arg) =>
          fc.record({
            present: isNonNullType(arg.type) ? fc.constant(true) : fc.boolean(),
            asVariable: fc.boolean(),
            value: inputValue(arg.type, 0),
          }),
        ),
      )
      .map((choices) => {
        const parts: string[] = [];
        const variables: [string, string, unknown][] = [];
        choices.forEach((choice, i) => {
          const arg = args[i]!;
          if (!choice.present) return;
          if (choice.asVariable) {
            const name = `${prefix}_${arg.name}`;
            variables.push([name, String(arg.type), choice.value]);
            parts.push(`${arg.name}: $${name}`);
          } else {
            parts.push(`${arg.name}: ${literal(choice.value, isEnumType(getNamedType(arg.type)))}`);
          }
        });
        return { text: parts.length ? `(${parts.join(', ')})` : '', variables };
      });
  }

  /** A selection set for a type, with nested fields' arguments; `__typename` keeps it never empty. */
  function selection(type: GraphQLNamedType, depth: number, prefix: string): fc.Arbitrary<Args> {
    if (isLeafType(type)) return fc.constant({ text: '', variables: [] });
    if (isAbstractType(type)) {
      const possible = schema.getPossibleTypes(type);
      if (depth >= maxDepth || possible.length === 0)
        return fc.constant({ text: '{ __typename }', variables: [] });
      return fc.constantFrom(...possible).chain((t) =>
        selection(t, depth, `${prefix}_${t.name}`).map((inner) => ({
          ...inner,
          text: `{ __typename ... on ${t.name} ${inner.text} }`,
        })),
      );
    }
    const object = type as GraphQLObjectType;
    const fields = Object.values(object.getFields()).filter(
      (f) => depth < maxDepth || isLeafType(getNamedType(f.type)),
    );
    if (fields.length === 0) return fc.constant({ text: '{ __typename }', variables: [] });
    return fc
      .subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
      .chain((chosen) => fc.tuple(...chosen.map((f, i) => fieldSelection(f, depth + 1, `${prefix}_${i}`))))
      .map((parts) => ({
        text: `{ __typename ${parts.map((p) => p.text).join(' ')} }`,
        variables: parts.flatMap((p) => p.variables),
      }));
  }

  function fieldSelection(
    field: GraphQLField<unknown, unknown>,
    depth: number,
    prefix: string,
  ): fc.Arbitrary<Args> {
    return fc
      .tuple(argumentsOf(field.args, prefix), selection(getNamedType(field.type), depth, prefix))
      .map(([args, sub]) => ({
        text: `${field.name}${args.text} ${sub.text}`,
        variables: [...args.variables, ...sub.variables],
      }));
  }

  const roots = [schema.getQueryType(), schema.getMutationType()].filter(
    (t): t is GraphQLObjectType => t !== null && t !== undefined,
  );
  const rootFields = roots.flatMap((root) =>
    Object.values(root.getFields()).map((field) => ({
      keyword: root === schema.getMutationType() ? 'mutation' : 'query',
      field,
    })),
  );
  return fc
    .tuple(
      fc
        .constantFrom(...rootFields)
        .chain(({ keyword, field }) => fieldSelection(field, 0, 'v').map((f) => ({ keyword, f }))),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('Fuzz', 'Nope', '') },
      ),
    )
    .map(([{ keyword, f }, operationName]) => {
      const declared = f.variables.map(([name, type]) => `$${name}: ${type}`).join(', ');
      return {
        query: `${keyword} Fuzz${declared ? `(${declared})` : ''} { ${f.text} }`,
        variables: Object.fromEntries(f.variables.map(([name, , value]) => [name, value])),
        ...(operationName !== undefined && { operationName }),
      };
    });
}

/** SQL or store internals in an error message: what masking must never let out. */
export const LEAKED_INTERNALS = /Failed query|params:|\bselect\b[\s\S]*\bfrom\b|\bSQLSTATE\b|\n\s+at \S/i;

export interface FuzzOutcome {
  status: number;
  codes: string[];
  leaked: string | null;
  /**
   * The server's own failure, whatever the input: an HTTP 5xx, INTERNAL_SERVER_ERROR, or a hub failure
   * (DATAHUB_ERROR, *_UNAVAILABLE; the REST facade answers those 502/503, and the embedded hub is ours).
   */
  serverFailure: boolean;
}

const SERVER_FAILURE_CODES = /^(INTERNAL_SERVER_ERROR|DATAHUB_ERROR|\w+_UNAVAILABLE)$/;

/** What a /graphql response says about robustness: its status, its error codes, any leaked internals. */
export function judgeResponse(status: number, body: string): FuzzOutcome {
  let parsed: { errors?: { message?: string; extensions?: { code?: unknown } }[]; error_code?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: judged by status alone
  }
  const codes = (parsed.errors ?? []).map((e) =>
    typeof e.extensions?.code === 'string' ? e.extensions.code : 'NO_CODE',
  );
  if (parsed.error_code) codes.push(parsed.error_code);
  const leakedMessage = (parsed.errors ?? []).find((e) => LEAKED_INTERNALS.test(e.message ?? ''));
  return {
    status,
    codes,
    leaked: leakedMessage?.message ?? null,
    serverFailure: status >= 500 || codes.some((c) => SERVER_FAILURE_CODES.test(c)),
  };
}
