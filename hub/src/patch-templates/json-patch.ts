/*
 * Hand-written rather than fast-json-patch (3.1.1, tried with validation on, after populateTopLevelKeys):
 * - Member order: the library patches plain objects, which list integer-like keys first in numeric order;
 *   JSON-P keeps insertion order. Fails cases.ts "FormInfoTemplate.java: adds a prompt and an assigned user,
 *   keeping the prompts in order" (prompts keyed by id come back "2", "10"; GMS writes "10", "2").
 * - Move into a child: the library's validation does not check it; move /a to /a/c throws a TypeError
 *   (a 500, not PATCH_FAILED), where JSON-P refuses the operation.
 */
import { copyTree, isTreeObject, treeEquals, type Tree, type TreeObject } from './json-tree.js';

/**
 * RFC 6902 JSON Patch over a `Tree`, as GMS applies it (JSON-P, `jakarta.json.JsonPatch`), after
 * `TemplateUtil.populateTopLevelKeys` has created the objects a keyed path needs. Operations apply in order;
 * the first that fails fails the whole patch (`PatchError`).
 */

export type PatchOp = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface PatchOperation {
  op: PatchOp;
  path: string;
  from?: string;
  /** Absent when the operation has none (a JSON `null` value is `null`). */
  value?: Tree;
}

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

/** A JSON Pointer's reference tokens, decoded (`~1` is `/`, `~0` is `~`); `[]` for the whole document. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`"${pointer}" is not a JSON Pointer (it must start with "/")`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * `TemplateUtil.populateTopLevelKeys`: before anything applies, every object on each operation's path that is
 * missing is created empty. For `remove` that includes the last token, so removing what is not there removes
 * an empty object GMS has just made: it is no error. For the other operations the last token is left alone.
 * A path that goes through an array or a value is refused, as GMS refuses it (its cast to `ObjectNode` fails).
 *
 * One difference from the Java, on purpose: Java's `String.split("/")` drops trailing empty tokens, so GMS would
 * not create `/owners/<owner>/<type>/""` for `/owners/<owner>/<type>//`, and the add would then fail. DataHub's
 * SDK 1.7 sends exactly such paths (`add_owner`, `add_term`, `set_structured_property` with no attribution),
 * so every token is kept.
 */
export function populateTopLevelKeys(document: TreeObject, operations: readonly PatchOperation[]): void {
  for (const operation of operations) {
    const tokens = pointerTokens(operation.path);
    const end = operation.op === 'remove' ? tokens.length : tokens.length - 1;
    let parent: Tree = document;
    for (let i = 0; i < end; i++) {
      if (!isTreeObject(parent)) {
        throw new PatchError(
          `${operation.op} ${operation.path}: "${tokens.slice(0, i).join('/')}" is not an object, so the path cannot go through it`,
        );
      }
      const token = tokens[i]!;
      let child = parent.get(token);
      if (child === undefined) {
        child = new Map();
        parent.set(token, child);
      }
      parent = child;
    }
  }
}

/** Applies the operations to `document` in order and returns the result (the root may be replaced). */
export function applyJsonPatch(document: Tree, operations: readonly PatchOperation[]): Tree {
  let root = document;
  for (const [i, operation] of operations.entries()) {
    try {
      root = applyOperation(root, operation);
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      throw new PatchError(`operation ${i} (${operation.op} ${operation.path}): ${error.message}`);
    }
  }
  return root;
}

function applyOperation(root: Tree, operation: PatchOperation): Tree {
  const path = pointerTokens(operation.path);
  switch (operation.op) {
    case 'add':
      return add(root, path, valueOf(operation));
    case 'remove':
      if (path.length === 0) throw new PatchError('the whole document cannot be removed');
      remove(root, path);
      return root;
    case 'replace':
      return replace(root, path, valueOf(operation));
    case 'move': {
      const from = pointerTokens(fromOf(operation));
      if (from.length === path.length && from.every((t, i) => t === path[i])) return root;
      if (from.length < path.length && from.every((t, i) => t === path[i])) {
        throw new PatchError(`"${operation.from}" cannot be moved into itself`);
      }
      const value = get(root, from);
      remove(root, from);
      return add(root, path, value);
    }
    case 'copy':
      return add(root, path, copyTree(get(root, pointerTokens(fromOf(operation)))));
    case 'test':
      if (!treeEquals(get(root, path), valueOf(operation))) {
        throw new PatchError('the value is not the one tested');
      }
      return root;
  }
}

/** Each use gets its own copy of the value, as JSON-P's values are immutable. */
function valueOf(operation: PatchOperation): Tree {
  if (operation.value === undefined) throw new PatchError(`"${operation.op}" needs a "value"`);
  return copyTree(operation.value);
}

function fromOf(operation: PatchOperation): string {
  if (typeof operation.from !== 'string') throw new PatchError(`"${operation.op}" needs a "from" pointer`);
  return operation.from;
}

function get(root: Tree, path: readonly string[]): Tree {
  let node = root;
  for (const token of path) {
    if (isTreeObject(node)) {
      const child = node.get(token);
      if (child === undefined) throw new PatchError(`there is no "${token}"`);
      node = child;
    } else if (Array.isArray(node)) {
      node = node[arrayIndex(node, token, false)]!;
    } else {
      throw new PatchError(`"${token}" is inside a value that is not an object or array`);
    }
  }
  return node;
}

function parentOf(root: Tree, path: readonly string[]): { parent: Tree; token: string } {
  return { parent: get(root, path.slice(0, -1)), token: path[path.length - 1]! };
}

function add(root: Tree, path: readonly string[], value: Tree): Tree {
  if (path.length === 0) return value;
  const { parent, token } = parentOf(root, path);
  if (isTreeObject(parent)) parent.set(token, value);
  else if (Array.isArray(parent))
    parent.splice(token === '-' ? parent.length : arrayIndex(parent, token, true), 0, value);
  else throw new PatchError(`the parent of "${token}" is not an object or array`);
  return root;
}

/** What is replaced must exist; it keeps its place among its object's members. */
function replace(root: Tree, path: readonly string[], value: Tree): Tree {
  if (path.length === 0) return value;
  get(root, path);
  const { parent, token } = parentOf(root, path);
  if (isTreeObject(parent)) parent.set(token, value);
  else if (Array.isArray(parent)) parent[arrayIndex(parent, token, false)] = value;
  return root;
}

function remove(root: Tree, path: readonly string[]): void {
  const { parent, token } = parentOf(root, path);
  if (isTreeObject(parent)) {
    if (!parent.delete(token)) throw new PatchError(`there is no "${token}" to remove`);
  } else if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, token, false), 1);
  } else {
    throw new PatchError(`the parent of "${token}" is not an object or array`);
  }
}

/** An array index as RFC 6901 writes it: digits, no leading zero; `end` allows the index just past the last. */
function arrayIndex(array: readonly Tree[], token: string, end: boolean): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!end && index === array.length)) {
    throw new PatchError(`index ${index} is out of bounds (the array has ${array.length} items)`);
  }
  return index;
}
