import type { JsonObject } from '../model.js';

/**
 * The JSON tree DataHub's patch templates work on (Jackson's `JsonNode`, JSON-P's `JsonValue`), with objects
 * as `Map`s: both libraries keep an object's members in insertion order, and so does a `Map`, whatever the
 * keys look like. A plain object would move integer-like keys ("1", "42") to the front, and the order of a
 * keyed map is the order of the array GMS rebuilds from it.
 */
export type Tree = null | boolean | number | string | Tree[] | TreeObject;
export type TreeObject = Map<string, Tree>;

export function isTreeObject(node: Tree | undefined): node is TreeObject {
  return node instanceof Map;
}

/** A deep copy of plain JSON as a tree; `undefined` members are dropped, as JSON text would. */
export function toTree(value: unknown): Tree {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string'
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map(toTree);
  if (typeof value === 'object') {
    const out: TreeObject = new Map();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out.set(k, toTree(v));
    return out;
  }
  throw new TypeError(`not a JSON value: ${typeof value}`);
}

/** Plain JSON again. `Object.fromEntries` defines own properties, so no key can reach a prototype. */
export function fromTree(node: Tree): unknown {
  if (Array.isArray(node)) return node.map(fromTree);
  if (isTreeObject(node)) return Object.fromEntries([...node].map(([k, v]) => [k, fromTree(v)]));
  return node;
}

export function fromTreeObject(node: TreeObject): JsonObject {
  return fromTree(node) as JsonObject;
}

export function copyTree(node: Tree): Tree {
  if (Array.isArray(node)) return node.map(copyTree);
  if (isTreeObject(node)) return new Map([...node].map(([k, v]) => [k, copyTree(v)]));
  return node;
}

/** JSON equality (JSON-P's `equals`): objects compare as sets of members, arrays in order. */
export function treeEquals(a: Tree, b: Tree): boolean {
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => treeEquals(item, b[i]!));
  }
  if (isTreeObject(a)) {
    if (!isTreeObject(b) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const other = b.get(k);
      if (other === undefined || !treeEquals(v, other)) return false;
    }
    return true;
  }
  return a === b;
}

/** Jackson's `JsonNode.asText()`: the text of a string, the literal of a number, boolean or null; "" for containers. */
export function asText(node: Tree): string {
  if (typeof node === 'string') return node;
  if (node === null) return 'null';
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return '';
}

/**
 * Jackson's `floatValue()` written back as JSON: the value as a 32-bit float, printed as Java prints a float
 * (the shortest decimal that reads back as the same float: 0.1f is 0.1, not 0.10000000149011612).
 * A node that is not a number reads as 0.
 */
export function javaFloat(node: Tree | undefined): number {
  if (typeof node !== 'number') return 0;
  const float = Math.fround(node);
  if (!Number.isFinite(float)) return float;
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(float.toPrecision(digits));
    if (Math.fround(shortest) === float) return shortest;
  }
  return float;
}

/**
 * The order in which a `java.util.HashMap<String, …>` holding `keys` (inserted in this order, no duplicates)
 * iterates: by bucket of the table it has grown to, then by insertion within a bucket. GMS collects a
 * fine-grained lineage's upstreams into one (`Collectors.toMap`), so this is the order it writes them back.
 * (A bucket of eight or more keys in a table of 64 or more becomes a tree in Java; that case is not modelled.)
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (key: string): number => {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, inserted) => ({ key, inserted, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.inserted - b.inserted)
    .map((entry) => entry.key);
}
