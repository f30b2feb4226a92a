/**
 * What the hub accepts as JSON from outside (request bodies, serialized aspect values, metadata files):
 * - no key named `__proto__`, `constructor` or `prototype`: code that turns input into object keys
 *   (`obj[key] = …`) would otherwise reach and change the shared object prototype;
 * - no string with a NUL character or an unpaired UTF-16 surrogate: PostgreSQL text and jsonb cannot hold
 *   them, so they would fail at the store instead of being refused up front;
 * - at most `MAX_JSON_DEPTH` levels of nesting: recursive walkers (copies, patches, Avro unwrapping) must
 *   not run out of stack on a hostile body.
 */

export const MAX_JSON_DEPTH = 64;

/** Keys that name or lead to an object's prototype. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonInputCode = 'RESERVED_KEY' | 'INVALID_TEXT' | 'JSON_TOO_DEEP' | 'MALFORMED_JSON';

export class JsonInputError extends Error {
  constructor(
    readonly code: JsonInputCode,
    message: string,
  ) {
    super(message);
    this.name = 'JsonInputError';
  }
}

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// Without the `u` flag the pattern sees UTF-16 code units, which is what finds an unpaired surrogate.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds a NUL or an unpaired surrogate, which no PostgreSQL text value can store. */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0
    ? 'the document'
    : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/** Refuses a decoded JSON value that breaks the rules above; `what` names it in the message. */
export function checkJsonInput(value: unknown, what = 'JSON', maxDepth = MAX_JSON_DEPTH): void {
  const path: (string | number)[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      if (isUnstorableText(node)) {
        throw new JsonInputError(
          'INVALID_TEXT',
          `${what} has a string with a NUL character or an unpaired surrogate at ${describePath(path)}`,
        );
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth >= maxDepth) {
      throw new JsonInputError('JSON_TOO_DEEP', `${what} is nested more than ${maxDepth} levels deep`);
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(i);
        visit(item, depth + 1);
        path.pop();
      });
      return;
    }
    for (const key of Object.keys(node)) {
      if (isReservedKey(key)) {
        throw new JsonInputError(
          'RESERVED_KEY',
          `${what} uses the reserved key "${key}" at ${describePath(path)}; __proto__, constructor and prototype are not accepted as keys`,
        );
      }
      if (isUnstorableText(key)) {
        throw new JsonInputError(
          'INVALID_TEXT',
          `${what} has a key with a NUL character or an unpaired surrogate at ${describePath(path)}`,
        );
      }
      path.push(key);
      visit((node as Record<string, unknown>)[key], depth + 1);
      path.pop();
    }
  };
  visit(value, 0);
}

/**
 * The nesting depth of JSON text, counted without parsing it, so a hostile document is refused before
 * anything is built from it. Brackets inside strings do not count.
 */
export function jsonTextDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Parses JSON text from outside and applies the rules above; every refusal is a JsonInputError. */
export function parseJsonInput(text: string, what = 'JSON', maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonTextDepth(text, maxDepth) > maxDepth) {
    throw new JsonInputError('JSON_TOO_DEEP', `${what} is nested more than ${maxDepth} levels deep`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new JsonInputError('MALFORMED_JSON', `${what} is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonInput(value, what, maxDepth);
  return value;
}
