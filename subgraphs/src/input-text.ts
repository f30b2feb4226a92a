import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { badLongLiteral, badLongVariable } from './long-input.js';

/**
 * Text no store can hold, refused at the edge of every GraphQL endpoint for all arguments and variables at
 * once: PostgreSQL text cannot contain NUL, and a lone UTF-16 surrogate is not a character any encoding can
 * write. Left to the resolvers, either fails deep in a store query instead of naming the argument.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function whatIsWrong(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  const lone = LONE_SURROGATE.exec(text)?.[0];
  return lone === undefined
    ? null
    : `contains a lone UTF-16 surrogate (\\u${lone.charCodeAt(0).toString(16).toUpperCase()})`;
}

function badText(where: string, problem: string): GraphQLError {
  return new GraphQLError(`${where} ${problem}, which DataSpoke cannot store or search; remove it`, {
    extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** The first unusable string (or object key) in a JSON variable value, as [where, problem]. */
export function unusableTextInValue(value: unknown, name: string): [string, string] | null {
  // An explicit stack: variable values may nest as deep as the body depth limit allows.
  const stack: [unknown, string][] = [[value, name]];
  while (stack.length > 0) {
    const [current, where] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = whatIsWrong(current);
      if (problem) return [where, problem];
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${where}[${i}]`]));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        const problem = whatIsWrong(key);
        if (problem) return [`${where} (key ${JSON.stringify(key)})`, problem];
        stack.push([item, `${where}.${key}`]);
      }
    }
  }
  return null;
}

function unusableTextInLiteral(argument: ArgumentNode, field: string): [string, string] | null {
  const stack: [ValueNode, string][] = [[argument.value, `argument ${argument.name.value} of ${field}`]];
  while (stack.length > 0) {
    const [node, where] = stack.pop()!;
    if (node.kind === Kind.STRING) {
      const problem = whatIsWrong(node.value);
      if (problem) return [where, problem];
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => stack.push([item, `${where}[${i}]`]));
    } else if (node.kind === Kind.OBJECT) {
      for (const f of node.fields) stack.push([f.value, `${where}.${f.name.value}`]);
    }
  }
  return null;
}

/**
 * Refuses, before anything runs, an operation name the document does not define (400
 * OPERATION_RESOLUTION_FAILURE), and unusable text or a Long that is not one in any variable or literal
 * argument: 400 BAD_USER_INPUT naming where it was (`variable $q`, `argument query of search`).
 */
export function refuseUnusableInput(): ApolloServerPlugin<object> {
  // What the document itself writes is checked once per parsed document (Apollo keeps parsed documents, so a
  // repeated query is the same object); only the variables change from request to request.
  const literalProblems = new WeakMap<DocumentNode, GraphQLError | null>();
  const literalProblem = (document: DocumentNode, schema: GraphQLSchema): GraphQLError | null => {
    let problem = literalProblems.get(document);
    if (problem === undefined) {
      let found: [string, string] | null = null;
      const inArguments = (node: { arguments?: readonly ArgumentNode[] }, owner: string) => {
        for (const argument of node.arguments ?? []) found ??= unusableTextInLiteral(argument, owner);
      };
      visit(document, {
        Field: (node) => inArguments(node, node.name.value),
        Directive: (node) => inArguments(node, `@${node.name.value}`),
      });
      problem = found ? badText(...(found as [string, string])) : badLongLiteral(schema, document);
      literalProblems.set(document, problem);
    }
    return problem;
  };
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, request, document, schema }) {
          if (!operation) {
            const named = request.operationName;
            throw new GraphQLError(
              named
                ? `the document defines no operation named ${JSON.stringify(named)}`
                : 'the document defines several operations; name the one to run in operationName',
              { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
            );
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const found = unusableTextInValue(value, `variable $${name}`);
            if (found) throw badText(...found);
          }
          const literal = literalProblem(document, schema);
          if (literal) throw literal;
          const long = badLongVariable(schema, operation, request.variables ?? {});
          if (long) throw long;
          return Promise.resolve();
        },
      });
    },
  };
}
