import type { FastifyInstance } from 'fastify';
import { errorBody } from './http-errors.js';

/**
 * How deep a JSON request body (or a GET /graphql `variables` value) may nest on /api and /graphql. Parsing
 * a deep body is cheap, but every later step that walks it recursively (case conversion, GraphQL variable
 * coercion, JSON scalars) overflows the stack on a few thousand levels; no documented input needs more
 * than a handful.
 */
export const MAX_JSON_DEPTH = 64;

/** The nesting depth of a parsed JSON value (a scalar is 0), counted without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const item of Array.isArray(current) ? current : Object.values(current)) stack.push([item, inner]);
  }
  return deepest;
}

function tooDeep(where: string, max: number): string {
  return `${where} nests deeper than ${max} levels of objects and arrays; flatten it`;
}

/** Refuses over-deep JSON on /api and /graphql with 400 JSON_TOO_DEEP before any handler sees it. */
export function installJsonDepthLimit(app: FastifyInstance, max = MAX_JSON_DEPTH): void {
  app.addHook('preValidation', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/') && path !== '/graphql') return;
    let where: string | null = null;
    if (jsonDepth(request.body, max) > max) where = 'the request body';
    const query = request.query as Record<string, unknown> | undefined;
    for (const name of ['variables', 'extensions']) {
      const raw = path === '/graphql' ? query?.[name] : undefined;
      if (where || typeof raw !== 'string') continue;
      try {
        if (jsonDepth(JSON.parse(raw), max) > max) where = `the ${name} parameter`;
      } catch {
        // Not JSON: Apollo answers that with its own 400.
      }
    }
    if (where) await reply.status(400).send(errorBody('JSON_TOO_DEEP', tooDeep(where, max), request.id));
  });
}
