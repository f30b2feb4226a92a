import { PatchError } from './json-patch.js';
import { asText, copyTree, isTreeObject, type Tree, type TreeObject } from './json-tree.js';

/**
 * GMS's `ArrayMergingTemplate`: before a patch, an array field becomes a map keyed by its items' key fields
 * (`arrayFieldToMap`), so a path such as `/owners/<owner>/<type>` names one item; after it, the map becomes an
 * array again (`transformedMapToArray`).
 */

/** DataHub joins the parts of a nested key field with U+241F, e.g. `attribution␟source`. */
export const UNIT_SEPARATOR = '\u241f';

/**
 * `arrayFieldToMap`. With key fields, the map nests one level per key field, the item at the last level; items
 * with the same key merge (later members win); an absent key field is the key "". Without key fields the array
 * holds strings, each keyed by itself (any other item is keyed by ""). The field is set to the map even when the
 * aspect did not have it, so the rebuilt aspect has it as an array. An item that is not an object, in an array
 * with key fields, fails as GMS's cast to `ObjectNode` does.
 */
export function arrayFieldToMap(node: TreeObject, field: string, keyFields: readonly string[]): void {
  const array = node.get(field);
  const map: TreeObject = new Map();
  if (Array.isArray(array)) {
    for (const item of array) {
      if (keyFields.length === 0) {
        map.set(typeof item === 'string' ? item : '', copyTree(item));
        continue;
      }
      let level = map;
      for (const keyField of keyFields) {
        const key = keyOf(item, keyField);
        let next = level.get(key);
        if (!isTreeObject(next)) {
          next = new Map();
          level.set(key, next);
        }
        level = next;
      }
      if (!isTreeObject(item)) throw new PatchError(`an item of ${field} is not an object`);
      for (const [k, v] of item) level.set(k, copyTree(v));
    }
  }
  node.set(field, map);
}

/**
 * `transformedMapToArray`: the items at the last level of the map, in the map's order. A field that is already
 * an array (a patch replaced it whole) stays as it is; one the patch removed, or set to a value, fails, as the
 * Java does (it casts the field to `ObjectNode` and walks it).
 *
 * One addition to the Java of DataHub's contract commit, from later GMS (datahub-project/datahub #18334, #18346):
 * an item created through a deeper path (`/editableSchemaFieldInfo/<fieldPath>/globalTags/tags/<tag>`) gets the
 * key fields it lacks from the map keys above it. Without it the item has no `fieldPath`, which GMS's validation
 * refuses (422 "fieldPath is required") and DataHub's clients cannot decode. Empty keys and nested key fields
 * (`attribution␟source`) are not put back.
 */
export function transformedMapToArray(node: TreeObject, field: string, keyFields: readonly string[]): void {
  const value = node.get(field);
  if (Array.isArray(value)) return;
  if (!isTreeObject(value)) {
    throw new PatchError(
      `${field} is ${value === undefined ? 'gone' : 'not an object'} after the patch, so it cannot be rebuilt as an array`,
    );
  }
  node.set(field, keyFields.length === 0 ? [...value.values()] : mergeToArray(value, keyFields, []));
}

function mergeToArray(
  node: Tree,
  keyFields: readonly string[],
  keys: readonly (string | undefined)[],
): Tree[] {
  if (keys.length === keyFields.length) {
    if (isTreeObject(node)) {
      keyFields.forEach((keyField, i) => {
        const key = keys[i];
        if (key && !keyField.includes(UNIT_SEPARATOR) && !node.has(keyField)) node.set(keyField, key);
      });
    }
    return [node];
  }
  const children: [string | undefined, Tree][] = isTreeObject(node)
    ? [...node]
    : Array.isArray(node)
      ? node.map((child) => [undefined, child])
      : [];
  return children.flatMap(([key, child]) => mergeToArray(child, keyFields, [...keys, key]));
}

/** An item's value for a key field, "" when absent; nested key fields walk `a␟b`. */
function keyOf(item: Tree, keyField: string): string {
  let node: Tree | undefined = item;
  for (const part of javaSplit(keyField, UNIT_SEPARATOR)) {
    node = isTreeObject(node) ? node.get(part) : undefined;
  }
  return node === undefined ? '' : asText(node);
}

/** Java's `String.split`: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
